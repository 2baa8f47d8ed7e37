"""Demo reports: a schedule per kind of report and a few generated files for real MAOs, so a
newcomer opens /reports/ and finds real PDF, XLSX and DOCX files (figures from the demo's
real MAOs and PPAs; the communities they serve are synthetic, as the demo says)."""

from django.db import transaction

from common.models import Community, User
from coordination.models import Organization
from ocm_dashboard.filters import default_fiscal_year
from reporting.models import Frequency, GeneratedReport, ReportSchedule
from reporting.services.reports import report_generate, report_request
from reporting.services.schedules import schedule_create


def _schedules(staff: User, moh: Organization | None, community: Community | None) -> int:
    focal_moh = User.objects.filter(username="focal_moh").first()
    ocm = User.objects.filter(username="ocm").first()
    wanted = [
        (
            "OCM oversight brief after each quarter",
            "ocm_brief",
            Frequency.QUARTERLY,
            5,
            ["pdf"],
            [staff, ocm],
            {},
        ),
        (
            "MOH quarterly accomplishment report",
            "mao_quarterly",
            Frequency.QUARTERLY,
            10,
            ["xlsx", "docx"],
            [staff, focal_moh],
            {"mao": moh.uid if moh else None},
        ),
        (
            "Meeting pack a week before each meeting",
            "meeting_pack",
            Frequency.BEFORE_MEETING,
            7,
            ["pdf"],
            [staff],
            {},
        ),
        (
            "MOH Citizen's Charter performance, monthly",
            "charter_performance",
            Frequency.MONTHLY,
            3,
            ["pdf"],
            [staff, focal_moh],
            {"mao": moh.uid if moh else None},
        ),
        (
            "Community profile, yearly",
            "community_profile",
            Frequency.YEARLY,
            5,
            ["pdf"],
            [staff],
            {"community": community.uid if community else None},
        ),
    ]
    created = 0
    for name, kind, frequency, offset, formats, recipients, parameters in wanted:
        if ReportSchedule.objects.filter(name=name).exists() or None in parameters.values():
            continue
        schedule_create(
            acting_user=staff,
            kind=kind,
            name=name,
            frequency=frequency,
            offset_days=offset,
            formats=formats,
            recipients=[user for user in recipients if user],
            parameters=parameters,
        )
        created += 1
    return created


def _generate(staff: User, kind: str, file_format: str, parameters: dict) -> GeneratedReport:
    with transaction.atomic():
        report = report_request(acting_user=staff, kind=kind, file_format=file_format, parameters=parameters)
    # Built here, not by a worker, so the files exist when seeding ends (the queued message
    # then finds the report done and does nothing).
    report_generate(report_id=report.pk)
    report.refresh_from_db()
    return report


def reporting_demo_seed() -> list[str]:
    staff = User.objects.filter(username="staff").first()
    if staff is None:
        return ["reports: skipped (no demo staff account)"]
    moh = Organization.objects.maos().filter(acronym="MOH").first()
    community = Community.objects.order_by("name").first()
    lines = [f"reports: {_schedules(staff, moh, community)} schedules created"]
    if GeneratedReport.objects.filter(requested_by=staff).exists():
        return [*lines, "reports: demo files already generated"]
    year = default_fiscal_year()
    wanted = [("ocm_brief", "pdf", {"fiscal_year": year})]
    if moh is not None:
        wanted += [
            ("mao_quarterly", file_format, {"fiscal_year": year, "quarter": 4, "mao": moh.uid})
            for file_format in ("pdf", "xlsx", "docx")
        ]
        wanted.append(("charter_performance", "pdf", {"fiscal_year": year, "mao": moh.uid}))
    if community is not None:
        wanted.append(("community_profile", "pdf", {"community": community.uid}))
    for kind, file_format, parameters in wanted:
        report = _generate(staff, kind, file_format, parameters)
        lines.append(f"reports: {report.title} ({file_format}) {report.status}, {report.size:,} bytes")
    return lines
