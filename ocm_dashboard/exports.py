"""CSV exports of the dashboard's tables, with HXL hashtags in a second header row
(https://hxlstandard.org) so partners can reuse them, and formula injection neutralised:
a text cell starting with = + - @ (or a tab or carriage return) is prefixed with '."""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, StreamingHttpResponse

from common.models import Sector
from ocm_dashboard.selectors.dashboard import dashboard_read
from ocm_dashboard.selectors.gaps import community_gap_list, gap_rows, gap_threshold, sector_gaps
from ocm_dashboard.selectors.overlaps import overlap_reason

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    hxl: str
    value: Callable[[dict], object]


def field(name: str) -> Callable[[dict], object]:
    return lambda row: row.get(name)


PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def neutralise(value) -> object:
    """A cell a spreadsheet will not run as a formula. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    # A plain number (money arrives as exact decimal strings) is data, not a formula: a
    # negative amount must stay a number that sums, so only text cells are neutralised.
    if PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, columns: list[Column], rows: Iterable[dict]) -> StreamingHttpResponse:
    """Stream the table: headers, HXL hashtags, then one line per row."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM, so spreadsheet programs read UTF-8 names correctly
        yield writer.writerow([column.header for column in columns])
        yield writer.writerow([column.hxl for column in columns])
        for row in rows:
            yield writer.writerow([neutralise(column.value(row)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def sector_label(row: dict) -> str:
    return str(Sector(row["sector"]).label) if row.get("sector") in Sector.values else ""


PPA_FIGURES = [
    Column("Entries (PPAs and special provisions)", "#activity+num", field("ppas")),
    Column("Budget allocated (PHP)", "#value+allocated", field("budget_allocated")),
    Column("Budget utilised (PHP)", "#value+utilized", field("budget_utilized")),
    Column("Beneficiaries", "#reached", field("beneficiaries")),
]
PLACE_FIGURES = [
    *PPA_FIGURES,
    Column("OBC communities", "#indicator+communities+obc", field("obc_communities")),
    Column("OBC population", "#population+obc", field("obc_population")),
    Column("Communities served", "#indicator+communities+served", field("communities_served")),
    Column("Coverage share", "#indicator+coverage+pct", field("coverage_share")),
    Column("Cost per beneficiary (PHP)", "#value+per_beneficiary", field("cost_per_beneficiary")),
]
PERFORMANCE = [
    Column("Utilisation", "#indicator+utilization+pct", field("utilization")),
    Column("Households", "#reached+hh", field("households")),
    Column("Communities served", "#indicator+communities+served", field("communities_served")),
    Column("Average progress (%)", "#indicator+progress", field("average_progress")),
    Column("On-track share", "#indicator+on_track+pct", field("on_track_share")),
]

MAO_COLUMNS = [
    Column("MAO", "#org+name", field("mao_name")),
    Column("Acronym", "#org+acronym", field("mao")),
    Column("MAO id", "#org+code", field("mao_uid")),
    *PPA_FIGURES,
    *PERFORMANCE,
    Column("Latest progress report", "#date+reported", field("latest_update")),
]
SECTOR_COLUMNS = [
    Column("Sector", "#sector+name", field("label")),
    Column("Sector code", "#sector+code", field("sector")),
    *PPA_FIGURES,
    *PERFORMANCE,
]
COVERAGE_COLUMNS = {
    "region": [
        Column("Region", "#adm1+name", field("name")),
        Column("Region PSGC", "#adm1+code", field("psgc")),
        *PLACE_FIGURES,
    ],
    "province": [
        Column("Region PSGC", "#adm1+code", field("region")),
        Column("Province or independent city", "#adm2+name", field("name")),
        Column("PSGC", "#adm2+code", field("psgc")),
        Column("Kind", "#meta+kind", field("kind")),
        *PLACE_FIGURES,
    ],
    "municipality": [
        Column("Region PSGC", "#adm1+code", field("region")),
        Column("Province PSGC", "#adm2+code", field("province")),
        Column("City or municipality", "#adm3+name", field("name")),
        Column("PSGC", "#adm3+code", field("psgc")),
        *PLACE_FIGURES,
    ],
    "community": [
        Column("Community", "#loc+name", field("name")),
        Column("Barangay PSGC", "#adm4+code", field("psgc")),
        Column("OBC population", "#population+obc", field("obc_population")),
        *PPA_FIGURES,
        Column("Cost per beneficiary (PHP)", "#value+per_beneficiary", field("cost_per_beneficiary")),
        Column("Validated needs", "#indicator+needs", field("validated_needs")),
        Column("Unmet need (population × urgency)", "#indicator+unmet_need", field("unmet_need")),
    ],
    "ppa": [
        Column("PPA", "#activity+name", field("title")),
        Column("PPA id", "#activity+code", field("uid")),
        Column("MAO", "#org+name", field("mao_name")),
        Column("Sector", "#sector+name", sector_label),
        Column("Status", "#status", field("status")),
        Column("Progress (%)", "#indicator+progress", field("progress")),
        Column("Budget allocated (PHP)", "#value+allocated", field("budget_allocated")),
        Column("Budget utilised (PHP)", "#value+utilized", field("budget_utilized")),
        Column("Beneficiaries", "#reached", field("beneficiaries")),
        Column("Latest progress report", "#date+reported", field("last_reported_on")),
    ],
}
GAP_COLUMNS = [
    Column("Community", "#loc+name", field("name")),
    Column("Community id", "#loc+code", field("uid")),
    Column("City or municipality", "#adm3+name", field("municipality")),
    Column("City or municipality PSGC", "#adm3+code", field("municipality_psgc")),
    Column("Province", "#adm2+name", field("province")),
    Column("Region", "#adm1+name", field("region")),
    Column("OBC population", "#population+obc", field("obc_population")),
    Column("Entries serving it", "#activity+num", field("ppas")),
    Column("Validated needs", "#indicator+needs", field("validated_needs")),
    Column("Affected population", "#affected", field("affected_population")),
    Column("Unmet need (population × urgency)", "#indicator+unmet_need", field("unmet_need")),
]
SECTOR_GAP_COLUMNS = [
    Column("Sector", "#sector+name", field("label")),
    Column("Sector code", "#sector+code", field("sector")),
    Column("Validated needs", "#indicator+needs", field("validated_needs")),
    Column("Communities with the need", "#indicator+communities+need", field("communities_with_need")),
    Column("Affected population", "#affected", field("affected_population")),
    Column(
        "Communities not served in the sector",
        "#indicator+communities+unserved",
        field("unserved_communities"),
    ),
    Column("Affected population not served", "#affected+unserved", field("unserved_population")),
    Column("Beneficiaries planned", "#reached", field("beneficiaries")),
    Column("Budget allocated (PHP)", "#value+allocated", field("budget_allocated")),
    Column("Shortfall", "#affected+shortfall", field("shortfall")),
    Column("Need exceeds coverage", "#indicator+gap", field("need_exceeds_coverage")),
]
OVERLAP_COLUMNS = [
    Column("Overlap id", "#meta+id", field("uid")),
    Column("Fiscal year", "#date+year", field("fiscal_year")),
    Column("Sector", "#sector+name", sector_label),
    Column("Region", "#adm1+name", field("region")),
    Column("City or municipality", "#adm3+name", field("municipality")),
    Column("Community", "#loc+name", field("community")),
    Column("MAOs", "#org+name+list", field("maos")),
    Column("Number of MAOs", "#org+num", field("mao_count")),
    Column("PPAs", "#activity+num", field("ppa_count")),
    Column("Combined budget (PHP)", "#value", field("combined_budget")),
    Column("Combined beneficiaries", "#reached", field("combined_beneficiaries")),
    Column("Severity", "#severity", field("severity")),
    Column("Status", "#status", field("status")),
    Column("Why flagged", "#description", field("reason")),
]
CHANGE_COLUMNS = [
    Column("Scope", "#meta+scope", field("scope")),
    Column("MAO", "#org+name", field("mao")),
    Column("Figure", "#indicator+name", field("figure")),
    Column("Previous", "#value+previous", field("previous")),
    Column("Current", "#value+current", field("current")),
    Column("Change", "#value+change", field("delta")),
]


# --- Which rows each exported table has (the view only reads the filters and streams) -------

EXPORT_TABLES = ("mao", "sector", "coverage", "gaps", "sector-gaps", "overlaps", "changes")


def _payload_rows(name: str, filters) -> tuple[list, list[dict]]:
    payload, snapshot = dashboard_read(filters=filters)
    if name == "mao":
        return MAO_COLUMNS, payload["by_mao"]
    if name == "sector":
        return SECTOR_COLUMNS, payload["by_sector"]
    if name == "coverage":
        level = payload["table_level"]
        return COVERAGE_COLUMNS[level], payload["coverage"][level]
    if name == "changes":
        changes = snapshot.changes if snapshot else {}
        rows = [{"scope": "headline", "mao": "", **item} for item in changes.get("headline", [])]
        rows += [
            {"scope": mao["change"], "mao": mao["mao"], **figure}
            for mao in changes.get("maos", [])
            for figure in mao["figures"]
        ]
        return CHANGE_COLUMNS, rows
    raise Http404("No such table.")


def _overlap_export_row(overlap) -> dict:
    return {
        "uid": str(overlap.uid),
        "fiscal_year": overlap.fiscal_year,
        "sector": overlap.sector,
        "region": overlap.region.name,
        "municipality": overlap.municipality.name,
        "community": overlap.community.name if overlap.community_id else "",
        "maos": "; ".join(sorted({ppa.get("mao") or "" for ppa in overlap.ppas})),
        "mao_count": overlap.mao_count,
        "ppa_count": overlap.ppa_count,
        "combined_budget": str(overlap.combined_budget),
        "combined_beneficiaries": overlap.combined_beneficiaries,
        "severity": overlap.severity,
        "status": overlap.status,
        "reason": overlap_reason(overlap),
    }


def _gap_export_rows(rows, filters, chunk: int = 2000):
    """Every gap, a chunk at a time (one query for each chunk's PPA counts)."""
    batch = []
    for row in rows.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            yield from gap_rows(batch, filters=filters)
            batch = []
    if batch:
        yield from gap_rows(batch, filters=filters)


# What the export writes, and nothing more: whole related rows (with their timestamps) for
# each of a year's 36,000 overlaps at scale cost seconds of parsing for columns never written.
EXPORTED_OVERLAP_FIELDS = (
    *("uid", "fiscal_year", "sector", "level", "severity", "status", "ppas"),
    *("mao_count", "ppa_count", "combined_budget", "combined_beneficiaries", "community_population"),
    *("region", "region__name", "municipality", "municipality__name"),
    *("municipality__province", "municipality__province__name", "community", "community__name"),
)


def overlap_table(overlaps) -> tuple[list[Column], Iterable[dict]]:
    """The overlap queue's rows as filtered, streamed a chunk at a time."""
    rows = (
        overlaps.select_related(None)
        .select_related("community", "municipality__province", "region")
        .only(*EXPORTED_OVERLAP_FIELDS)
    )
    return OVERLAP_COLUMNS, (_overlap_export_row(overlap) for overlap in rows.iterator(chunk_size=2000))


def dashboard_table(
    name: str, filters, *, min_ppas: int | None = None
) -> tuple[list[Column], Iterable[dict]]:
    """Columns and rows of one of the dashboard's tables (every one but the overlaps)."""
    if name == "gaps":
        rows = community_gap_list(filters=filters, min_ppas=gap_threshold(min_ppas))
        return GAP_COLUMNS, _gap_export_rows(rows, filters)
    if name == "sector-gaps":
        return SECTOR_GAP_COLUMNS, sector_gaps(filters=filters)
    return _payload_rows(name, filters)
