"""When a schedule's reports are due, on the Philippine fiscal calendar.

- monthly: the month just ended, N working days after its last day;
- quarterly: the quarter just ended, N working days after its last day;
- yearly: the fiscal year just ended, N working days after 31 December;
- before_meeting: each quarterly meeting (automation's series), N calendar days before it.

Working days skip weekends and Philippine holidays (common.dates). A period is due from
its due date on; only periods due on or after the schedule's start count.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from common.dates import add_working_days, quarter_bounds, quarter_of
from coordination.models import EngagementStatus, StakeholderEngagement
from reporting.models import Frequency, ReportSchedule


@dataclass(frozen=True)
class Period:
    key: str
    fiscal_year: int
    quarter: int | None
    due_on: date
    label: str


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _calendar_periods(schedule: ReportSchedule, around: date, count: int) -> list[Period]:
    """The `count` periods ending before `around`'s period, and the next few, oldest first."""
    periods: list[Period] = []
    offset = schedule.offset_days
    if schedule.frequency == Frequency.MONTHLY:
        year, month = around.year, around.month
        for step in range(-count, 3):
            index = year * 12 + (month - 1) + step
            y, m = divmod(index, 12)
            end = _month_end(y, m + 1)
            periods.append(
                Period(f"{y}-{m + 1:02d}", y, quarter_of(end), add_working_days(end, offset), f"{end:%B %Y}")
            )
    elif schedule.frequency == Frequency.QUARTERLY:
        index = around.year * 4 + quarter_of(around) - 1
        for step in range(-count, 3):
            y, q = divmod(index + step, 4)
            end = quarter_bounds(y, q + 1)[1]
            periods.append(
                Period(f"{y}-Q{q + 1}", y, q + 1, add_working_days(end, offset), f"FY {y} Q{q + 1}")
            )
    elif schedule.frequency == Frequency.YEARLY:
        for y in range(around.year - count, around.year + 2):
            periods.append(Period(str(y), y, None, add_working_days(date(y, 12, 31), offset), f"FY {y}"))
    return periods


def _meeting_periods(schedule: ReportSchedule) -> list[Period]:
    meetings = StakeholderEngagement.objects.filter(series_link__isnull=False).exclude(
        status=EngagementStatus.CANCELLED
    )
    if schedule.mao_id:
        meetings = meetings.filter(participating_organizations=schedule.mao_id)
    rows = meetings.order_by("planned_start").values_list(
        "uid", "planned_start", "series_link__quarter", "title"
    )
    periods = []
    for uid, start, quarter, title in rows.distinct():
        day = timezone.localtime(start).date()
        periods.append(
            Period(f"meeting-{uid}", day.year, quarter, day - timedelta(days=schedule.offset_days), title)
        )
    return periods


def _periods(schedule: ReportSchedule, today: date) -> list[Period]:
    if schedule.frequency == Frequency.BEFORE_MEETING:
        return _meeting_periods(schedule)
    return _calendar_periods(schedule, today, count=3)


def latest_due(schedule: ReportSchedule, today: date | None = None) -> Period | None:
    """The most recent period due by `today` (None before the first). A run missed while the
    system was down is therefore caught up once, at the next scheduler run; older missed
    periods are superseded by it rather than sent in a burst. A meeting's pack is only
    due until the meeting starts."""
    today = today or timezone.localdate()
    due = [
        period
        for period in _periods(schedule, today)
        if schedule.starts_on <= period.due_on <= today
        and not (
            schedule.frequency == Frequency.BEFORE_MEETING
            and period.due_on + timedelta(days=schedule.offset_days) < today
        )
    ]
    return max(due, key=lambda period: period.due_on) if due else None


def next_due(schedule: ReportSchedule, today: date | None = None) -> Period | None:
    """The next period the schedule will produce, for the schedules page."""
    today = today or timezone.localdate()
    upcoming = [
        period
        for period in _periods(schedule, today)
        if period.due_on > today
        and period.due_on >= schedule.starts_on
        and period.key != schedule.last_period
    ]
    return min(upcoming, key=lambda period: period.due_on) if upcoming else None
