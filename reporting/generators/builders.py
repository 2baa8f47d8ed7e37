"""One data builder per kind of report. Each reads the figures through the selectors the
dashboard and registry pages use (never its own sums), so a report says what the pages say.

Builders receive parameters already scoped by `reporting.services` (a focal person's MAO
is forced there) and the `viewer` whose grants limit what registry selectors return.
Query counts depend on the parameters, never on the number of PPAs: long tables are lazy
iterators over one query each.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from automation.models import PreMeetingReport, ReportStatus
from automation.selectors import meeting_list, report_deadline
from common.dates import quarter_bounds
from common.models import Community, Need, NeedStatus, Sector, User
from common.selectors.communities import community_get
from community_portal.selectors import csm_results_by_service
from coordination.models import ActionItem, Organization
from monitoring.models import Indicator, MonitoringEntry
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.selectors.dashboard import chart_series, dashboard_read
from ocm_dashboard.selectors.overlaps import overlap_queue, overlap_reason
from ocm_dashboard.selectors.overview import overview_by_sector, overview_totals
from ocm_dashboard.selectors.scope import expected_progress, on_track, ppa_scope
from reporting.generators.document import (
    Bar,
    Chart,
    Column,
    ColumnType,
    Figure,
    ProgressCallback,
    ReportDocument,
    Section,
    Table,
)
from service_catalog.selectors import charter_entries, service_performance

T = ColumnType
CHART_BARS = 15  # the biggest MAOs; the table under the chart lists all of them


@dataclass(frozen=True)
class ReportParameters:
    fiscal_year: int | None = None
    quarter: int | None = None
    mao: Organization | None = None
    community: Community | None = None

    @property
    def period_label(self) -> str:
        if self.fiscal_year is None:
            return _("All fiscal years")
        return f"FY {self.fiscal_year}" + (f" Q{self.quarter}" if self.quarter else "")

    def period_bounds(self) -> tuple[date, date]:
        if self.quarter:
            return quarter_bounds(self.fiscal_year, self.quarter)
        return date(self.fiscal_year, 1, 1), date(self.fiscal_year, 12, 31)


def _mao_label(mao: Organization | None) -> str:
    if mao is None:
        return _("All MAOs")
    return f"{mao.name} ({mao.acronym})" if mao.acronym else mao.name


def _dashboard_figures(totals: dict) -> list[Figure]:
    return [
        Figure(_("PPAs"), totals["ppas"], T.INTEGER),
        Figure(_("Budget allocated"), totals["budget_allocated"], T.MONEY),
        Figure(_("Budget utilised"), totals["budget_utilized"], T.MONEY),
        Figure(_("Utilisation"), totals["utilization"], T.PERCENT),
        Figure(_("Beneficiaries (individuals)"), totals["beneficiaries"], T.INTEGER),
        Figure(_("Households"), totals["households"], T.INTEGER),
        Figure(_("Communities served"), totals["communities_served"], T.INTEGER),
        Figure(_("Average physical progress (%)"), totals["average_progress"], T.NUMBER),
        Figure(_("On track"), totals["on_track"], T.INTEGER),
        Figure(_("On-track share"), totals["on_track_share"], T.PERCENT),
    ]


SECTOR_COLUMNS = [
    Column(_("Sector"), T.TEXT, 20),
    Column(_("PPAs"), T.INTEGER, 7),
    Column(_("Budget allocated (PHP)"), T.MONEY, 17),
    Column(_("Budget utilised (PHP)"), T.MONEY, 17),
    Column(_("Utilisation"), T.PERCENT, 10),
    Column(_("Beneficiaries"), T.INTEGER, 11),
    Column(_("Average progress (%)"), T.NUMBER, 9),
    Column(_("On track"), T.INTEGER, 7),
]


def _sector_rows(rows: list[dict]) -> list[list]:
    return [
        [
            row["label"],
            row["ppas"],
            row["budget_allocated"],
            row["budget_utilized"],
            row["utilization"],
            row["beneficiaries"],
            row["average_progress"],
            row["on_track"],
        ]
        for row in rows
    ]


def _chart(title: str, rows: list[dict], label_key: str = "label") -> Chart:
    return Chart(
        title=title,
        series=(_("Allocated"), _("Utilised")),
        bars=tuple(Bar(row[label_key], (row["allocated"], row["utilized"])) for row in rows[:CHART_BARS]),
    )


# --- MAO quarterly accomplishment report -------------------------------------------------

PPA_COLUMNS = [
    Column(_("PPA"), T.TEXT, 34),
    Column(_("MAO"), T.TEXT, 8),
    Column(_("Sector"), T.TEXT, 11),
    Column(_("Status"), T.TEXT, 10),
    Column(_("Progress (%)"), T.INTEGER, 8),
    Column(_("Budget allocated (PHP)"), T.MONEY, 17),
    Column(_("Budget utilised (PHP)"), T.MONEY, 17),
    Column(_("Beneficiaries"), T.INTEGER, 11),
    Column(_("On track"), T.TEXT, 6),
    Column(_("Latest progress report"), T.DATE, 11),
    Column(_("PPA id"), T.TEXT, 38, printed=False),
]
INDICATOR_COLUMNS = [
    Column(_("PPA"), T.TEXT, 48),
    Column(_("Kind"), T.TEXT, 9),
    Column(_("Indicator"), T.TEXT, 60),
    Column(_("Target"), T.TEXT, 14),
    Column(_("Target value"), T.NUMBER, 12),
    Column(_("Actual value"), T.NUMBER, 12),
]
SECTOR_LABELS = dict(Sector.choices)


def ppa_rows(ppas, filters: DashboardFilters):
    """The PPA table, one query streamed in chunks (server-side cursor on PostgreSQL)."""
    status_labels = dict(MonitoringEntry._meta.get_field("status").choices)
    rows = (
        ppas.annotate(
            is_on_track=Case(
                When(on_track(filters), then=Value(True)), default=False, output_field=BooleanField()
            )
        )
        .order_by("implementing_mao__name", "title", "pk")
        .values_list(
            "title",
            "implementing_mao__acronym",
            "sector",
            "status",
            "progress",
            "budget_allocated",
            "budget_utilized",
            "beneficiaries_individuals",
            "is_on_track",
            "last_reported_on",
            "uid",
        )
    )
    for title, mao, sector, status, progress, allocated, utilized, people, ok, reported, uid in rows.iterator(
        chunk_size=2000
    ):
        yield [
            title,
            mao or "",
            str(SECTOR_LABELS.get(sector, sector)),
            str(status_labels.get(status, status)),
            progress,
            allocated,
            utilized,
            people,
            _("yes") if ok else _("no"),
            reported,
            str(uid),
        ]


def indicator_rows(ppas):
    kinds = dict(Indicator._meta.get_field("kind").choices)
    rows = (
        Indicator.objects.using(ppas.db)
        .filter(entry__in=ppas.values("pk"))
        .order_by("entry__implementing_mao__name", "entry__title", "entry_id", "kind", "order", "id")
        .values_list("entry__title", "kind", "description", "target_text", "target_value", "actual_value")
    )
    for title, kind, description, target_text, target_value, actual_value in rows.iterator(chunk_size=2000):
        yield [title, str(kinds.get(kind, kind)), description, target_text, target_value, actual_value]


def build_mao_quarterly(
    params: ReportParameters, *, viewer: User, progress: ProgressCallback
) -> ReportDocument:
    filters = DashboardFilters(fiscal_year=params.fiscal_year, quarter=params.quarter, mao=params.mao)
    ppas = ppa_scope(filters)
    totals = overview_totals(filters=filters, ppas=ppas)
    progress(20)
    by_sector = overview_by_sector(filters=filters, ppas=ppas)
    progress(30)
    expected = expected_progress(filters)
    summary = Section(
        _("Summary"),
        paragraphs=[
            _(
                "PPAs of %(mao)s active in %(period)s (cancelled PPAs and OBC requests excluded, as on the "
                "OCM dashboard). A PPA is on track when completed, or ongoing with progress of at least "
                "%(expected)s%% at the reference date."
            )
            % {"mao": _mao_label(params.mao), "period": params.period_label, "expected": expected}
        ],
        figures=_dashboard_figures(totals),
    )
    sectors = Section(_("By sector"), tables=[Table(_("By sector"), SECTOR_COLUMNS, _sector_rows(by_sector))])
    register = Section(
        _("PPAs"),
        tables=[Table(_("PPAs"), PPA_COLUMNS, ppa_rows(ppas, filters), total=totals["ppas"])],
    )
    indicators = Section(
        _("Indicators and targets"), tables=[Table(_("Indicators"), INDICATOR_COLUMNS, indicator_rows(ppas))]
    )
    return ReportDocument(
        title=_("Quarterly accomplishment report"),
        subtitle=f"{_mao_label(params.mao)} · {params.period_label}",
        facts=[
            Figure(_("MAO"), _mao_label(params.mao)),
            Figure(_("Fiscal year"), params.fiscal_year, T.TEXT),
            Figure(_("Quarter"), f"Q{params.quarter}" if params.quarter else _("Whole year")),
        ],
        sections=[summary, sectors, register, indicators],
        data_as_of=timezone.now(),
    )


# --- OCM oversight brief ------------------------------------------------------------------

MAO_COLUMNS = [
    Column(_("MAO"), T.TEXT, 28),
    Column(_("Acronym"), T.TEXT, 9),
    *SECTOR_COLUMNS[1:],
    Column(_("Communities served"), T.INTEGER, 10),
    Column(_("Latest progress report"), T.DATE, 11),
]
GAP_COLUMNS = [
    Column(_("Community"), T.TEXT, 30),
    Column(_("City or municipality"), T.TEXT, 22),
    Column(_("Province"), T.TEXT, 18),
    Column(_("OBC population"), T.INTEGER, 12),
    Column(_("PPAs serving it"), T.INTEGER, 9),
    Column(_("Validated needs"), T.INTEGER, 9),
    Column(_("Unmet need (population × urgency)"), T.INTEGER, 14),
]
OVERLAP_COLUMNS = [
    Column(_("Sector"), T.TEXT, 16),
    Column(_("Severity"), T.TEXT, 9),
    Column(_("Status"), T.TEXT, 12),
    Column(_("MAOs"), T.INTEGER, 7),
    Column(_("Combined budget (PHP)"), T.MONEY, 18),
    Column(_("Why flagged"), T.TEXT, 80),
]
CHANGE_COLUMNS = [
    Column(_("Scope"), T.TEXT, 14),
    Column(_("Figure"), T.TEXT, 22),
    Column(_("Previous"), T.TEXT, 18),
    Column(_("Current"), T.TEXT, 18),
    Column(_("Change"), T.TEXT, 18),
]


def _change_rows(changes: dict) -> list[list]:
    rows = [
        [_("All MAOs"), item["figure"], item["previous"], item["current"], item["delta"]]
        for item in changes.get("headline", [])
    ]
    for mao in changes.get("maos", []):
        rows += [
            [mao["mao"], item["figure"], item["previous"], item["current"], item["delta"]]
            for item in mao["figures"]
        ]
    return rows


def build_ocm_brief(params: ReportParameters, *, viewer: User, progress: ProgressCallback) -> ReportDocument:
    filters = DashboardFilters(fiscal_year=params.fiscal_year, quarter=params.quarter)
    payload, snapshot = dashboard_read(filters=filters)
    progress(30)
    charts = chart_series(payload)
    severity = dict(ocm_severity_choices())
    status = dict(ocm_status_choices())
    queue = overlap_queue(filters=filters, limit=20)
    progress(45)
    overlaps = payload["overlaps"]
    source = (
        _("the dashboard snapshot of %(when)s")
        % {"when": f"{timezone.localtime(snapshot.taken_at):%d %B %Y %H:%M}"}
        if snapshot
        else _("the register, computed live")
    )
    sections = [
        Section(
            _("Headline figures"),
            paragraphs=[
                _("Figures of %(period)s from %(source)s.")
                % {"period": params.period_label, "source": source}
            ],
            figures=_dashboard_figures(payload["totals"]),
        ),
        Section(
            _("By MAO"),
            charts=[_chart(_("Budget allocated and utilised by MAO (PHP)"), charts["mao"])],
            tables=[
                Table(
                    _("By MAO"),
                    MAO_COLUMNS,
                    [
                        [
                            row["mao_name"] or _("No implementing MAO"),
                            row["mao"],
                            *_sector_rows([row | {"label": ""}])[0][1:],
                            row["communities_served"],
                            date.fromisoformat(row["latest_update"]) if row["latest_update"] else None,
                        ]
                        for row in payload["by_mao"]
                    ],
                )
            ],
        ),
        Section(
            _("By sector"),
            charts=[_chart(_("Budget allocated and utilised by sector (PHP)"), charts["sector"])],
            tables=[Table(_("By sector"), SECTOR_COLUMNS, _sector_rows(payload["by_sector"]))],
        ),
        Section(
            _("Top gaps"),
            paragraphs=[
                _(
                    "%(count)s communities with validated needs are served by fewer than %(min)s PPAs; "
                    "the top ones:"
                )
                % {"count": payload["gaps"]["count"], "min": payload["gaps"]["min_ppas"]}
            ],
            tables=[
                Table(
                    _("Top gaps"),
                    GAP_COLUMNS,
                    [
                        [
                            row["name"],
                            row["municipality"],
                            row["province"],
                            row["obc_population"],
                            row["ppas"],
                            row["validated_needs"],
                            row["unmet_need"],
                        ]
                        for row in payload["gaps"]["top"]
                    ],
                )
            ],
        ),
        Section(
            _("Overlap queue"),
            figures=[
                Figure(_("Overlaps"), overlaps["total"], T.INTEGER),
                Figure(_("Open"), overlaps["open"], T.INTEGER),
                *[
                    Figure(
                        _("Open, %(severity)s severity") % {"severity": severity[key].lower()},
                        value,
                        T.INTEGER,
                    )
                    for key, value in overlaps["open_by_severity"].items()
                ],
            ],
            tables=[
                Table(
                    _("Open overlaps"),
                    OVERLAP_COLUMNS,
                    [
                        [
                            str(SECTOR_LABELS.get(item.sector, item.sector)),
                            severity[item.severity],
                            status[item.status],
                            item.mao_count,
                            item.combined_budget,
                            overlap_reason(item),
                        ]
                        for item in queue
                    ],
                )
            ],
        ),
    ]
    if snapshot is not None:
        sections.append(
            Section(
                _("What changed since the previous snapshot"),
                paragraphs=[]
                if snapshot.changes.get("headline")
                else [_("This is the first snapshot of the fiscal year.")],
                tables=[Table(_("Changes"), CHANGE_COLUMNS, _change_rows(snapshot.changes))],
            )
        )
    progress(55)
    return ReportDocument(
        title=_("OCM oversight brief"),
        subtitle=params.period_label,
        facts=[
            Figure(_("Fiscal year"), params.fiscal_year),
            Figure(_("Quarter"), f"Q{params.quarter}" if params.quarter else _("Whole year")),
            Figure(_("Source"), source),
        ],
        sections=sections,
        data_as_of=snapshot.taken_at if snapshot else timezone.now(),
        snapshot_uid=str(snapshot.uid) if snapshot else None,
    )


def ocm_severity_choices():
    from ocm_dashboard.models import OverlapSeverity

    return [(key, str(label)) for key, label in OverlapSeverity.choices]


def ocm_status_choices():
    from ocm_dashboard.models import OverlapStatus

    return [(key, str(label)) for key, label in OverlapStatus.choices]


# --- Quarterly coordination meeting pack --------------------------------------------------

PRE_MEETING_COLUMNS = [
    Column(_("MAO"), T.TEXT, 40),
    Column(_("Status"), T.TEXT, 10),
    Column(_("PPAs"), T.INTEGER, 8),
    Column(_("Budget allocated (PHP)"), T.MONEY, 18),
    Column(_("Budget utilised (PHP)"), T.MONEY, 18),
    Column(_("Beneficiaries"), T.INTEGER, 12),
    Column(_("Accomplishments"), T.TEXT, 50),
    Column(_("Challenges"), T.TEXT, 40),
    Column(_("Plans"), T.TEXT, 40),
]
ACTION_COLUMNS = [
    Column(_("Action item"), T.TEXT, 60),
    Column(_("Owner"), T.TEXT, 30),
    Column(_("Due"), T.DATE, 12),
    Column(_("Status"), T.TEXT, 12),
    Column(_("Carried over from"), T.TEXT, 40),
]


def build_meeting_pack(
    params: ReportParameters, *, viewer: User, progress: ProgressCallback
) -> ReportDocument:
    action_status = dict(ActionItem._meta.get_field("status").choices)
    report_status = dict(ReportStatus.choices)
    meetings = list(
        meeting_list(user=viewer, filters={"fiscal_year": params.fiscal_year, "quarter": params.quarter})
        .select_related("series_link__series")
        .prefetch_related(
            Prefetch(
                "pre_meeting_reports",
                queryset=PreMeetingReport.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related(
                    "owner_organization", "carried_over_from__engagement"
                ).order_by("due_date", "id"),
            ),
        )
    )
    progress(40)
    sections = []
    if not meetings:
        sections.append(
            Section(_("Meetings"), paragraphs=[_("No quarterly meeting is scheduled in this quarter.")])
        )
    for meeting in meetings:
        start = timezone.localtime(meeting.planned_start)
        reports = list(meeting.pre_meeting_reports.all())
        items = list(meeting.action_items.all())
        sections.append(
            Section(
                meeting.title,
                paragraphs=[
                    _("%(when)s at %(venue)s. Pre-meeting reports due %(deadline)s.")
                    % {
                        "when": f"{start:%A %d %B %Y, %H:%M}",
                        "venue": meeting.venue or meeting.online_link or _("a venue to be announced"),
                        "deadline": f"{report_deadline(meeting):%d %B %Y}",
                    },
                    _("Agenda:"),
                    *(line for line in (meeting.agenda or _("No agenda yet.")).splitlines() if line.strip()),
                ],
                figures=[
                    Figure(
                        _("Pre-meeting reports submitted"),
                        sum(r.status == ReportStatus.SUBMITTED for r in reports),
                        T.INTEGER,
                    ),
                    Figure(
                        _("Pre-meeting reports in draft"),
                        sum(r.status != ReportStatus.SUBMITTED for r in reports),
                        T.INTEGER,
                    ),
                    Figure(
                        _("Action items carried over"),
                        sum(item.carried_over_from_id is not None for item in items),
                        T.INTEGER,
                    ),
                ],
                tables=[
                    Table(
                        _("Pre-meeting reports"),
                        PRE_MEETING_COLUMNS,
                        [
                            [
                                report.organization.name,
                                str(report_status[report.status]),
                                report.ppa_count,
                                report.budget_allocated,
                                report.budget_utilized,
                                report.beneficiaries_individuals,
                                report.accomplishments,
                                report.challenges,
                                report.plans,
                            ]
                            for report in reports
                        ],
                    ),
                    Table(
                        _("Action items"),
                        ACTION_COLUMNS,
                        [
                            [
                                item.description,
                                item.owner_organization.name,
                                item.due_date,
                                str(action_status[item.status]),
                                item.carried_over_from.engagement.title if item.carried_over_from_id else "",
                            ]
                            for item in items
                        ],
                    ),
                ],
            )
        )
    progress(55)
    return ReportDocument(
        title=_("Quarterly coordination meeting pack"),
        subtitle=params.period_label,
        facts=[Figure(_("Fiscal year"), params.fiscal_year), Figure(_("Quarter"), f"Q{params.quarter}")],
        sections=sections,
        data_as_of=timezone.now(),
    )


# --- Citizen's Charter and service performance -------------------------------------------

PERFORMANCE_COLUMNS = [
    Column(_("Service"), T.TEXT, 44),
    Column(_("Classification"), T.TEXT, 18),
    Column(_("Charter time (working days)"), T.INTEGER, 12),
    Column(_("Requests received"), T.INTEGER, 10),
    Column(_("Answered within the charter time"), T.INTEGER, 12),
    Column(_("Answered beyond it"), T.INTEGER, 10),
    Column(_("Still open"), T.INTEGER, 9),
    Column(_("Open past the charter time"), T.INTEGER, 10),
    Column(_("Median working days"), T.NUMBER, 10),
]
STEP_COLUMNS = [
    Column(_("Step"), T.INTEGER, 6),
    Column(_("Client"), T.TEXT, 36),
    Column(_("Office"), T.TEXT, 36),
    Column(_("Fee (PHP)"), T.MONEY, 12),
    Column(_("Time (minutes)"), T.INTEGER, 10),
    Column(_("Person responsible"), T.TEXT, 24),
]
REQUIREMENT_COLUMNS = [Column(_("Requirement"), T.TEXT, 50), Column(_("Where to secure"), T.TEXT, 40)]


CSM_COLUMNS = [
    Column(_("Service"), T.TEXT, 44),
    Column(_("Responses"), T.INTEGER, 10),
    Column(_("Overall satisfaction (%)"), T.NUMBER, 12),
    Column(_("Rating"), T.TEXT, 16),
    Column(_("Aware of the Citizen's Charter (%)"), T.NUMBER, 12),
]


def _csm_rows(mao: Organization, fiscal_year: int | None) -> list[list]:
    """Client satisfaction (ARTA CSM) per service, as the community portal computes it."""
    return [
        [result.label, result.responses, result.overall_score, str(result.rating), result.cc_awareness]
        for result in csm_results_by_service(fiscal_year=fiscal_year, organization=mao)
    ]


def build_charter_performance(
    params: ReportParameters, *, viewer: User, progress: ProgressCallback, with_performance: bool = True
) -> ReportDocument:
    mao = params.mao
    entries = charter_entries(user=viewer, mao=mao) if viewer else _public_entries(mao)
    progress(30)
    sections = []
    if with_performance:
        start, end = params.period_bounds()
        figures = service_performance(mao=mao, start=start, end=end)
        empty = {
            "received": 0,
            "within_sla": 0,
            "beyond_sla": 0,
            "open": 0,
            "open_overdue": 0,
            "median_working_days": None,
        }
        rows = []
        for entry in entries:
            row = figures.get(entry.pk, empty)
            rows.append(
                [
                    entry.title,
                    entry.get_classification_display(),
                    entry.processing_ceiling_days,
                    row["received"],
                    row["within_sla"],
                    row["beyond_sla"],
                    row["open"],
                    row["open_overdue"],
                    row["median_working_days"],
                ]
            )
        sections.append(
            Section(
                _("Service performance"),
                paragraphs=[
                    _("Requests submitted in %(period)s, counted in Philippine working days (RA 11032).")
                    % {"period": params.period_label},
                ],
                tables=[Table(_("Service performance"), PERFORMANCE_COLUMNS, rows)],
            )
        )
        sections.append(
            Section(
                _("Client satisfaction"),
                paragraphs=[
                    _(
                        "Client Satisfaction Measurement (ARTA) responses of FY %(year)s recorded by the "
                        "community portal."
                    )
                    % {"year": params.fiscal_year}
                ],
                tables=[Table(_("Client satisfaction"), CSM_COLUMNS, _csm_rows(mao, params.fiscal_year))],
            )
        )
    for entry in entries:
        sections.append(
            Section(
                entry.title,
                paragraphs=[
                    entry.summary,
                    _("Who may avail: %(who)s") % {"who": entry.who_may_avail},
                    _("Classification: %(kind)s. Office: %(office)s.")
                    % {"kind": entry.get_classification_display(), "office": entry.contact_office},
                    *(
                        [_("How to complain: %(how)s") % {"how": entry.complaint_procedure}]
                        if entry.complaint_procedure
                        else []
                    ),
                ],
                tables=[
                    Table(
                        _("Requirements"),
                        REQUIREMENT_COLUMNS,
                        [[item.requirement, item.where_to_secure] for item in entry.requirements.all()],
                    ),
                    Table(
                        _("Steps"),
                        STEP_COLUMNS,
                        [
                            [
                                step.order,
                                step.client_action,
                                step.agency_action,
                                step.fee,
                                step.duration_minutes,
                                step.responsible_office,
                            ]
                            for step in entry.steps.all()
                        ],
                    ),
                ],
            )
        )
    progress(55)
    return ReportDocument(
        title=_("Citizen's Charter") + (_(" and service performance") if with_performance else ""),
        subtitle=f"{_mao_label(mao)}" + (f" · {params.period_label}" if with_performance else ""),
        facts=[Figure(_("MAO"), _mao_label(mao)), Figure(_("Services"), len(entries), T.INTEGER)],
        sections=sections,
        data_as_of=timezone.now(),
    )


def _public_entries(mao: Organization):
    from service_catalog.selectors import public_charter_for_mao

    return public_charter_for_mao(mao_uid=mao.uid)[1]


# --- Community profile --------------------------------------------------------------------

NEED_COLUMNS = [
    Column(_("Need"), T.TEXT, 40),
    Column(_("Sector"), T.TEXT, 16),
    Column(_("Urgency"), T.TEXT, 14),
    Column(_("Status"), T.TEXT, 14),
    Column(_("Affected population"), T.INTEGER, 12),
]
REQUEST_COLUMNS = [
    Column(_("Request"), T.TEXT, 48),
    Column(_("Fiscal year"), T.INTEGER, 8),
    Column(_("Sector"), T.TEXT, 16),
    Column(_("Status"), T.TEXT, 16),
    Column(_("Answered by"), T.TEXT, 40),
]
VISIBLE_NEEDS = (NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED, NeedStatus.MET)


def build_community_profile(
    params: ReportParameters, *, viewer: User, progress: ProgressCallback
) -> ReportDocument:
    community = community_get(user=viewer, uid=params.community.uid)
    progress(20)
    needs = [need for need in community.needs.all() if need.status in VISIBLE_NEEDS]
    # The PPAs serving it that the viewer may see (community_get scoped them), of the year if chosen.
    serving = [ppa for ppa in community.ppas.all() if ppa.category != "obc_request"]
    if params.fiscal_year:
        serving = [ppa for ppa in serving if ppa.fiscal_year == params.fiscal_year]
    if params.mao is not None:
        serving = [ppa for ppa in serving if ppa.implementing_mao_id == params.mao.pk]
    serving.sort(key=lambda ppa: (-ppa.fiscal_year, ppa.title))
    requests = (
        MonitoringEntry.objects.requests()
        .filter(requesting_community=community)
        .select_related("answered_by__implementing_mao")
        .order_by("-fiscal_year", "title")
    )
    if params.mao is not None:
        requests = requests.filter(
            Q(answered_by__implementing_mao=params.mao) | Q(implementing_mao=params.mao)
        )
    progress(40)
    place = ", ".join(
        part
        for part in (
            community.barangay.name,
            community.municipality.name,
            getattr(community.province, "name", ""),
            community.region.name,
        )
        if part
    )
    label = dict(Need._meta.get_field("urgency").choices)
    status = dict(Need._meta.get_field("status").choices)
    request_status = dict(MonitoringEntry._meta.get_field("request_status").choices)
    ppa_status = dict(MonitoringEntry._meta.get_field("status").choices)
    return ReportDocument(
        title=_("Community profile"),
        subtitle=f"{community.name} · {place}",
        facts=[
            Figure(_("Location"), place),
            Figure(_("Estimated OBC population"), community.estimated_obc_population, T.INTEGER),
            Figure(_("Households"), community.households, T.INTEGER),
            Figure(_("Ethnolinguistic group"), community.get_ethnolinguistic_group_display()),
            Figure(_("Poverty band"), community.get_poverty_band_display()),
        ],
        sections=[
            Section(
                _("Validated needs"),
                tables=[
                    Table(
                        _("Needs"),
                        NEED_COLUMNS,
                        [
                            [
                                need.title,
                                str(SECTOR_LABELS.get(need.sector, need.sector)),
                                str(label[need.urgency]),
                                str(status[need.status]),
                                need.affected_population,
                            ]
                            for need in needs
                        ],
                    )
                ],
            ),
            Section(
                _("PPAs serving the community"),
                tables=[
                    Table(
                        _("PPAs"),
                        PPA_COLUMNS[:8],
                        [
                            [
                                ppa.title,
                                ppa.implementing_mao.acronym if ppa.implementing_mao_id else "",
                                str(SECTOR_LABELS.get(ppa.sector, ppa.sector)),
                                str(ppa_status[ppa.status]),
                                ppa.progress,
                                ppa.budget_allocated,
                                ppa.budget_utilized,
                                ppa.beneficiaries_individuals,
                            ]
                            for ppa in serving
                        ],
                    )
                ],
            ),
            Section(
                _("Requests the community filed"),
                tables=[
                    Table(
                        _("Requests"),
                        REQUEST_COLUMNS,
                        [
                            [
                                item.title,
                                item.fiscal_year,
                                str(SECTOR_LABELS.get(item.sector, item.sector)),
                                str(request_status.get(item.request_status, item.request_status)),
                                item.answered_by.title if item.answered_by_id else "",
                            ]
                            for item in requests
                        ],
                    )
                ],
            ),
        ],
        data_as_of=timezone.now(),
    )


BUILDERS = {
    "mao_quarterly": build_mao_quarterly,
    "ocm_brief": build_ocm_brief,
    "meeting_pack": build_meeting_pack,
    "charter_performance": build_charter_performance,
    "community_profile": build_community_profile,
}
