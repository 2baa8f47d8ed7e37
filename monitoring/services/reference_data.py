"""Load the real PPAs of the General Appropriations Act of the Bangsamoro (most likely GAAB
2025) from monitoring/data/ppa/*.yaml: per MAO, its budgeted programs (`ppas`, with outcome
and output indicators) and its special provisions (`special_provisions`, earmarks and rules
written into the act).

Special provisions are stored as their own entries (kind special_provision), titled
"Special provision: <title>" (SPECIAL_PROVISION_PREFIX) because several repeat the title of
the program they earmark. Their amount is part of that program's budget, so it is stored as
earmarked_amount with no budget of their own: summing budgets never counts it twice.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from common.models import DataSource, Sector
from common.reference import DEFAULT_REFERENCE_YEAR
from coordination.services.reference_data import mao_get_or_create, yaml_read
from monitoring.models import (
    EntryCategory,
    EntryKind,
    FundingSource,
    Indicator,
    IndicatorKind,
    IndicatorUnit,
    MonitoringEntry,
    PpaStatus,
)

PPA_DIR = Path(__file__).resolve().parent.parent / "data" / "ppa"
DEFAULT_FISCAL_YEAR = DEFAULT_REFERENCE_YEAR
SPECIAL_PROVISION_PREFIX = "Special provision: "
OOBC_ACRONYM = "OOBC"  # OOBC's own programs are oobc_ppa, every other MAO's mao_ppa
TARGET_TEXT_LENGTH = Indicator._meta.get_field("target_text").max_length

# Sector by keyword, a transparent rule rather than a judgement: the first sector with a
# keyword in the title wins; when the title has none, the description is read the same way;
# failing both, governance. Keywords match at the start of a word ("agri" finds
# "agriculture"); the order settles titles with two ("Women, Peace and Security" is peace).
SECTOR_KEYWORDS: tuple[tuple[Sector, str], ...] = (
    (
        Sector.PEACE_SECURITY,
        "peace|conflict|rido|law enforcement|dispute resolution|reconciliation|kapayapaan|safe barmm|"
        "public order|human rights",
    ),
    (
        Sector.ENVIRONMENT,
        "environment|disaster|drrm|climate|emergency|quick response fund|natural resources|biodiversity|"
        "protected area|pollution|mineral|geoscience|reforestation|early warning|energy|nature",
    ),
    (
        Sector.INFRASTRUCTURE,
        "road|bridge|water system|port|ports|airport|infrastructure|school building|school-building|"
        "renovation|construction|housing|human settlement|telecommunication|transportation|maritime|"
        "physical plant|facility development",
    ),
    (
        Sector.SOCIAL,
        "health|medical|medikal|hospital|nutrition|immuniz|disease|blood|pharmac|sanitation|hygiene|"
        "kalusugan|medicine|vaccine|newborn|feeding|population|education|school|scholar|madaris|madrasah|"
        "tvet|teacher|learning|curriculum|kulliyyah|welfare|social protection|social services|child|youth|"
        "kabataan|women|older persons|disabilit|kapansanan|family|pamilya|bajau|cash assistance|"
        "living assistance|relief|shelter|sports|athlete|cultur|heritage|museum|histor|hajj|umrah|pilgrim|"
        "indigenous",
    ),
    (
        Sector.ECONOMIC,
        "agri|agrarian|fisher|farm|aquaculture|food security|livelihood|kabuhayan|trade|industry|investment|"
        "tourism|enterprise|cooperative|employment|wage|labor|msme|negosyo|ecozone|economic|business|market|"
        "quarantine|shared service|standards and testing|binhi|halal",
    ),
)
# These match whole words only ("port" is not "portal", "labor" not "laboratory").
_WHOLE_WORDS = {"port", "ports", "rido", "drrm", "tvet", "msme", "labor"}
_SECTOR_PATTERNS = [
    (
        sector,
        re.compile(
            "|".join(
                rf"\b{re.escape(word)}\b" if word in _WHOLE_WORDS else rf"\b{re.escape(word)}"
                for word in words.split("|")
            )
        ),
    )
    for sector, words in SECTOR_KEYWORDS
]


def sector_for(title: str, description: str = "") -> Sector:
    for text in (title, description):
        lowered = text.lower()
        for sector, pattern in _SECTOR_PATTERNS:
            if pattern.search(lowered):
                return sector
    return Sector.GOVERNANCE


@dataclass(frozen=True)
class IndicatorReference:
    kind: str
    description: str
    unit: str
    target_text: str
    target_value: Decimal | None
    order: int


@dataclass(frozen=True)
class PpaReference:
    acronym: str
    mao_name: str
    is_special_provision: bool
    title: str  # as stored: special provisions carry SPECIAL_PROVISION_PREFIX
    description: str
    budget: Decimal
    indicators: tuple[IndicatorReference, ...] = ()

    @property
    def category(self) -> str:
        return EntryCategory.OOBC_PPA if self.acronym == OOBC_ACRONYM else EntryCategory.MAO_PPA

    @property
    def sector(self) -> Sector:
        return sector_for(self.title.removeprefix(SPECIAL_PROVISION_PREFIX), self.description)


PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
WHOLE_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def indicator_target(raw) -> tuple[str, str, Decimal | None]:
    """(unit, target as written, target as a number). "80%" is a percent of 80; 10 or
    "2,500" a count; another number (244.259 km) keeps its value with the described unit;
    anything else ("Increasing", "<5%", "10 sessions for 300 individuals", empty) is text."""
    if raw is None:
        return IndicatorUnit.TEXT, "", None
    if isinstance(raw, bool):
        return IndicatorUnit.TEXT, str(raw), None
    if isinstance(raw, int):
        return IndicatorUnit.COUNT, str(raw), Decimal(raw)
    if isinstance(raw, float):
        return IndicatorUnit.TEXT, str(raw), Decimal(str(raw)).quantize(Decimal("0.01"))
    text = " ".join(str(raw).split())
    if (match := PERCENT.match(text)) and Decimal(match.group(1)) <= 100:
        return IndicatorUnit.PERCENT, text, Decimal(match.group(1))
    if WHOLE_NUMBER.match(text):
        return IndicatorUnit.COUNT, text, Decimal(text.replace(",", ""))
    return IndicatorUnit.TEXT, text, None


# "(P236,840,000.00)" or "P2,300,000.00": the act writes amounts in words, then in figures.
PESO_AMOUNT = re.compile(r"P\s?(\d{1,3}(?:,\d{3})*\.\d{2})")


def special_provision_amount(details: str) -> Decimal:
    """The provision's headline amount: the first peso figure in its text (later figures
    break it down), or 0 for provisions that set rules without an amount. Where a
    provision lists separate amounts one after another (a few MENRE and MOST ones) or a
    monthly figure before the annual one (the Wali's per diem), only the first is taken."""
    match = PESO_AMOUNT.search(details)
    return Decimal(match.group(1).replace(",", "")) if match else Decimal("0.00")


def _indicators(ppa: dict) -> tuple[IndicatorReference, ...]:
    found = []
    for kind, key in (
        (IndicatorKind.OUTCOME, "outcome_indicators"),
        (IndicatorKind.OUTPUT, "output_indicators"),
    ):
        for order, item in enumerate(ppa.get(key) or ()):
            unit, target_text, target_value = indicator_target(item.get("target"))
            description = " ".join(str(item.get("indicator") or "").split())
            if len(target_text) > TARGET_TEXT_LENGTH:
                # The full target stays readable in the description; the field keeps its start.
                description = f"{description}\nTarget: {target_text}"
                target_text = target_text[: TARGET_TEXT_LENGTH - 1] + "…"
            found.append(IndicatorReference(kind, description, unit, target_text, target_value, order))
    return tuple(found)


@lru_cache(maxsize=1)
def ppa_references() -> tuple[PpaReference, ...]:
    """Every PPA and special provision in the PPA files, file by file (sorted by name)."""
    references = []
    for path in sorted(PPA_DIR.glob("*.yaml")):
        data = yaml_read(path)
        acronym, mao_name = data["acronym"].strip(), " ".join(data["moa"].split())
        for ppa in data.get("ppas") or ():
            references.append(
                PpaReference(
                    acronym,
                    mao_name,
                    False,
                    " ".join(ppa["title"].split()),
                    (ppa.get("description") or "").strip(),
                    Decimal(str(ppa.get("approved_budget") or 0)).quantize(Decimal("0.01")),
                    _indicators(ppa),
                )
            )
        for provision in data.get("special_provisions") or ():
            details = (provision.get("details") or "").strip()
            references.append(
                PpaReference(
                    acronym,
                    mao_name,
                    True,
                    SPECIAL_PROVISION_PREFIX + " ".join(provision["title"].split()),
                    details,
                    special_provision_amount(details),
                )
            )
    return tuple(references)


@dataclass
class PpaLoadReport:
    fiscal_year: int
    created: int = 0
    unchanged: int = 0
    indicators_created: int = 0
    maos_created: list[str] = field(default_factory=list)
    budget_total: Decimal = Decimal("0.00")
    earmarked_total: Decimal = Decimal("0.00")

    def lines(self) -> list[str]:
        lines = [
            f"  PPAs and special provisions of FY{self.fiscal_year}: {self.created + self.unchanged} "
            f"({self.created} created, {self.unchanged} already there and left as they are), "
            f"{self.indicators_created} indicators created, budgets PHP {self.budget_total:,.2f} "
            f"(special provisions earmark PHP {self.earmarked_total:,.2f} within them)",
        ]
        if self.maos_created:
            lines.append(
                "  MAOs named by a PPA file but missing from the ministries file: "
                + ", ".join(self.maos_created)
            )
        return lines


@transaction.atomic
def ppa_reference_load(*, fiscal_year: int = DEFAULT_FISCAL_YEAR) -> PpaLoadReport:
    """Create the reference PPAs that are missing, with their indicators. An entry is known
    by its MAO, fiscal year and title (the title carries the special-provision prefix);
    existing entries are left as they are, so progress, status and other staff edits stay."""
    report = PpaLoadReport(fiscal_year=fiscal_year)
    references = ppa_references()
    maos = {}
    for ref in references:
        if ref.acronym not in maos:
            maos[ref.acronym], created = mao_get_or_create(acronym=ref.acronym, name=ref.mao_name)
            if created:
                report.maos_created.append(ref.acronym)
    existing = set(
        MonitoringEntry.objects.filter(
            fiscal_year=fiscal_year, implementing_mao__in=maos.values()
        ).values_list("implementing_mao_id", "title")
    )
    missing = [ref for ref in references if (maos[ref.acronym].id, ref.title) not in existing]
    entries = [
        MonitoringEntry(
            category=ref.category,
            title=ref.title,
            description=ref.description,
            implementing_mao=maos[ref.acronym],
            fiscal_year=fiscal_year,
            sector=ref.sector,
            status=PpaStatus.ONGOING,
            kind=EntryKind.SPECIAL_PROVISION if ref.is_special_provision else EntryKind.PPA,
            # A special provision's amount is earmarked inside its MAO's programmes.
            budget_allocated=Decimal("0.00") if ref.is_special_provision else ref.budget,
            earmarked_amount=ref.budget if ref.is_special_provision else Decimal("0.00"),
            funding_source=FundingSource.GAAB,
            source=DataSource.REFERENCE,
        )
        for ref in missing
    ]
    for entry in entries:
        # Field checks only: the database's own constraints vet each row as it is inserted,
        # and full_clean would run one query per constraint per row.
        entry.clean_fields(exclude=["implementing_mao"])
    # PostgreSQL and SQLite (3.35+) return the new keys, which the indicators need.
    MonitoringEntry.objects.bulk_create(entries, batch_size=200)
    indicators = [
        Indicator(
            entry=entry,
            kind=spec.kind,
            description=spec.description,
            unit=spec.unit,
            target_text=spec.target_text,
            target_value=spec.target_value,
            order=spec.order,
        )
        for entry, ref in zip(entries, missing, strict=True)
        for spec in ref.indicators
    ]
    Indicator.objects.bulk_create(indicators, batch_size=500)
    report.created = len(entries)
    report.unchanged = len(references) - len(entries)
    report.indicators_created = len(indicators)
    for ref in references:
        if ref.is_special_provision:
            report.earmarked_total += ref.budget
        else:
            report.budget_total += ref.budget
    return report
