"""Generate a fiscal year of quarterly meetings for 500 MAOs: time and query count.

Creates 500 synthetic MAOs (acronym BENCHnnn) with a primary focal person each, runs
`generate_quarterly_meetings_for_all_maos` for a far-future fiscal year (so every meeting is
upcoming and gets its reminders), runs it again (idempotent: nothing new), then removes
everything it made. Other active MAOs already in the bench database take part too.
"""

import datetime
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

MAOS = 500
FISCAL_YEAR = 2090


def _setup():
    from coordination.models import FocalPerson, Organization, OrganizationKind

    maos = Organization.objects.bulk_create(
        Organization(name=f"Bench ministry {n:03d}", acronym=f"BENCH{n:03d}", kind=OrganizationKind.MAO)
        for n in range(MAOS)
    )
    FocalPerson.objects.bulk_create(
        FocalPerson(
            organization=mao,
            full_name=f"Focal person {index:03d}",
            email=f"focal{index:03d}@bench.obcms.invalid",
            active_from=datetime.date(2020, 1, 1),
        )
        for index, mao in enumerate(maos)
    )


def _cleanup():
    from automation.models import QuarterlyMeetingSeries
    from coordination.models import Organization, StakeholderEngagement

    with transaction.atomic():
        StakeholderEngagement.objects.filter(fiscal_year=FISCAL_YEAR).delete()
        QuarterlyMeetingSeries.objects.filter(fiscal_year=FISCAL_YEAR).delete()
        Organization.objects.filter(acronym__startswith="BENCH").delete()


def _timed(fiscal_year: int):
    from automation.services.series import generate_quarterly_meetings_for_all_maos

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = generate_quarterly_meetings_for_all_maos(fiscal_year=fiscal_year)
        elapsed = time.perf_counter() - started
    return result, elapsed, len(queries)


def run(report) -> None:
    from automation.models import MeetingReminder
    from coordination.models import EngagementParticipant

    _cleanup()
    _setup()
    try:
        first, seconds, queries = _timed(FISCAL_YEAR)
        report.row(
            f"generate FY{FISCAL_YEAR}, {MAOS} MAOs + plenary: meetings",
            f"{first.created}",
            f"{4 * (MAOS + 1)}",
        )
        report.row("  time", f"{seconds:.2f} s", "< 30 s")
        report.row("  queries", f"{queries}", "flat in the number of MAOs")
        participants = EngagementParticipant.objects.filter(engagement__fiscal_year=FISCAL_YEAR).count()
        reminders = MeetingReminder.objects.filter(engagement__fiscal_year=FISCAL_YEAR).count()
        report.row("  participants / reminders created", f"{participants} / {reminders}")
        again, seconds, queries = _timed(FISCAL_YEAR)
        report.row("generate again (idempotent): meetings created", f"{again.created}", "0")
        report.row("  time", f"{seconds:.2f} s")
        report.row("  queries", f"{queries}")
    finally:
        _cleanup()
