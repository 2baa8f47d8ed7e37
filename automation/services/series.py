"""Quarterly meeting series and the generation of their meetings.

Generation is idempotent: each (series, quarter) has at most one SeriesMeeting row, so
generating again creates nothing. A meeting nobody edited (its fingerprint still matches
what generation wrote) follows the series' current rule; a meeting someone edited, or one
already held, is never touched; a meeting someone deleted is not brought back. Newly
designated focal persons of invited MAOs are invited to the upcoming meetings.

The work is done in batches (a handful of queries for any number of series), so a fiscal
year for every MAO is a few seconds even for hundreds of MAOs (bench/bench_meetings.py).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from automation.models import (
    DEFAULT_AGENDA,
    MAX_REMINDER_OFFSET,
    QuarterlyMeetingSeries,
    SeriesMeeting,
    SeriesScope,
    Weekday,
    WeekOfMonth,
)
from automation.schedule import MANILA, manila_datetime, meeting_day
from automation.services._shared import (
    RUNNERS_ONLY,
    engagement_fingerprint,
    meeting_event_data,
    sequence_sync,
)
from automation.services.meetings import action_items_carry_pairs
from automation.services.reminders import ReminderPlan, reminder_plan, reminder_plan_write, reminders_rebuild
from common.dates import FISCAL_YEAR_OUT_OF_RANGE, is_fiscal_year
from common.errors import ApplicationError
from common.models import User
from common.permissions import Action, Area, ensure_can
from common.services.guards import validate
from common.services.outbox import domain_events_emit
from coordination.models import (
    EngagementParticipant,
    EngagementStatus,
    EngagementType,
    FocalPerson,
    Organization,
    OrganizationKind,
    StakeholderEngagement,
)
from coordination.services.engagements import engagement_invitations_bulk_add, engagements_bulk_create

SERIES_FIELDS = (
    "title",
    "organizer",
    "week_of_month",
    "weekday",
    "month_of_quarter",
    "start_time",
    "duration_minutes",
    "venue",
    "online_link",
    "default_agenda",
    "reminder_offsets",
    "sms_reminders",
    "report_deadline_working_days",
    "is_active",
)
PLENARY_TITLE = "OCM–MAO quarterly coordination meeting"


def default_series_title(*, scope: str, mao: Organization | None) -> str:
    return (
        PLENARY_TITLE if scope == SeriesScope.PLENARY else f"OCM–{mao.label} quarterly coordination meeting"
    )


# --- Series ------------------------------------------------------------------------------


def _validate_series(series: QuarterlyMeetingSeries) -> None:
    errors = {}
    offsets = series.reminder_offsets
    if not isinstance(offsets, list) or not all(
        isinstance(o, int) and not isinstance(o, bool) for o in offsets
    ):
        errors["reminder_offsets"] = ["Give the reminder offsets as a list of minutes."]
    elif len(offsets) > 6 or len(set(offsets)) != len(offsets):
        errors["reminder_offsets"] = ["Give at most six different reminder offsets."]
    elif any(o < 5 or o > MAX_REMINDER_OFFSET for o in offsets):
        errors["reminder_offsets"] = ["Each reminder offset must be between 5 minutes and 60 days."]
    if series.scope == SeriesScope.MAO and series.mao_id and series.mao.kind != OrganizationKind.MAO:
        errors["mao"] = ["Choose a BARMM ministry, agency or office."]
    if series.scope == SeriesScope.MAO and not series.mao_id:
        errors["mao"] = ["A MAO series names its MAO."]
    if series.scope == SeriesScope.PLENARY and series.mao_id:
        errors["mao"] = ["The OCM plenary invites every active MAO; leave the MAO empty."]
    if errors:
        raise ApplicationError.for_fields(errors)
    series.reminder_offsets = sorted(offsets, reverse=True)


@transaction.atomic
def meeting_series_create(*, acting_user: User, fiscal_year: int, scope: str, mao=None, **fields):
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise ValueError(f"unknown series fields: {sorted(unknown)}")
    series = QuarterlyMeetingSeries(
        fiscal_year=fiscal_year, scope=scope, mao=mao, created_by=acting_user, **fields
    )
    if not series.title and (scope == SeriesScope.PLENARY or mao is not None):
        series.title = default_series_title(scope=scope, mao=mao)
    _validate_series(series)
    validate(series)
    series.save()
    return series


@transaction.atomic
def meeting_series_update(*, series: QuarterlyMeetingSeries, acting_user: User, **fields):
    """Change a series. Meetings already generated follow the new rule when it is generated
    again (only those nobody edited)."""
    ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise ValueError(f"unknown series fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(series, name, value)
    _validate_series(series)
    validate(series)
    series.save()
    return series


# --- Generation ------------------------------------------------------------------------------


@dataclass
class GenerationResult:
    series: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edited: int = 0
    participants_added: int = 0
    reminders_created: int = 0
    action_items_carried: int = 0

    def add(self, other: "GenerationResult") -> "GenerationResult":
        for name, value in other.__dict__.items():
            setattr(self, name, getattr(self, name) + value)
        return self

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@transaction.atomic
def meeting_series_generate(*, series: QuarterlyMeetingSeries, acting_user: User | None) -> GenerationResult:
    """Create (or bring up to date) the four meetings of one series."""
    if acting_user is not None:
        ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    if not series.is_active:
        raise ApplicationError(_("This series is not active: activate it before generating."), field="series")
    if series.scope == SeriesScope.MAO and not series.mao.is_active:
        raise ApplicationError(_("The MAO of this series is no longer active."), field="series")
    result = _generate([series], acting_user=acting_user)
    if series.scope == SeriesScope.PLENARY:
        # MAO meetings nobody edited move off the plenary's days.
        generated = QuarterlyMeetingSeries.objects.filter(
            fiscal_year=series.fiscal_year, scope=SeriesScope.MAO, is_active=True, meetings__isnull=False
        ).distinct()
        result.add(_generate(list(generated.select_related("mao")), acting_user=acting_user))
    return result


@transaction.atomic
def generate_quarterly_meetings_for_all_maos(
    *, fiscal_year: int, acting_user: User | None = None
) -> GenerationResult:
    """The OCM plenary and one series for every active MAO for `fiscal_year`, with their
    meetings. Series missing for that year are created from the previous year's settings
    (or the defaults); running it again creates nothing."""
    if acting_user is not None:
        ensure_can(acting_user, Area.MEETINGS, Action.CHANGE, message=RUNNERS_ONLY)
    if not is_fiscal_year(fiscal_year):
        raise ApplicationError(str(FISCAL_YEAR_OUT_OF_RANGE), field="fiscal_year")
    _ensure_series(fiscal_year=fiscal_year, acting_user=acting_user)
    series = QuarterlyMeetingSeries.objects.filter(fiscal_year=fiscal_year, is_active=True).filter(
        Q(scope=SeriesScope.PLENARY) | Q(mao__is_active=True)
    )
    return _generate(list(series.select_related("mao")), acting_user=acting_user)


def quarterly_meetings_generate_scheduled(*, today: date | None = None) -> GenerationResult:
    """What Beat runs on the first day of each quarter: this fiscal year, and from 1 October
    the next one too, so next year's meetings are in calendars before the budget call."""
    today = today or timezone.localdate()
    result = generate_quarterly_meetings_for_all_maos(fiscal_year=today.year)
    if today.month >= 10:
        result.add(generate_quarterly_meetings_for_all_maos(fiscal_year=today.year + 1))
    return result


def _default_slot(index: int) -> dict:
    """Spread MAO series over 40 slots of the 3rd month (weekday, week, morning or afternoon),
    so OOBC staff are not expected in forty rooms at once; the plenary keeps the 2nd month."""
    return {
        "weekday": Weekday.values[index % 5],
        "week_of_month": WeekOfMonth.values[(index // 5) % 4],
        "month_of_quarter": 3,
        "start_time": datetime.strptime("14:00" if (index // 20) % 2 else "09:00", "%H:%M").time(),
    }


def _ensure_series(*, fiscal_year: int, acting_user: User | None) -> None:
    existing = QuarterlyMeetingSeries.objects.filter(fiscal_year__in=(fiscal_year - 1, fiscal_year))
    previous_by_mao, have = {}, set()
    for series in existing:
        key = series.mao_id if series.scope == SeriesScope.MAO else None
        if series.fiscal_year == fiscal_year:
            have.add(key)
        else:
            previous_by_mao[key] = series
    new = []
    maos = Organization.objects.maos().active().order_by("acronym", "name")
    for index, mao in enumerate([None, *maos]):
        key = mao.pk if mao else None
        if key in have:
            continue
        previous = previous_by_mao.get(key)
        settings = {name: getattr(previous, name) for name in SERIES_FIELDS} if previous else {}
        if not previous and mao is not None:
            settings.update(_default_slot(index - 1))
        settings.setdefault("default_agenda", DEFAULT_AGENDA)
        settings["title"] = default_series_title(
            scope=SeriesScope.MAO if mao else SeriesScope.PLENARY, mao=mao
        )
        settings["is_active"] = True
        new.append(
            QuarterlyMeetingSeries(
                fiscal_year=fiscal_year,
                scope=SeriesScope.MAO if mao else SeriesScope.PLENARY,
                mao=mao,
                created_by=acting_user,
                **settings,
            )
        )
    # A concurrent run creating the same series loses quietly to the unique constraints.
    QuarterlyMeetingSeries.objects.bulk_create(new, ignore_conflicts=True)


def _generate(series_list: list[QuarterlyMeetingSeries], *, acting_user: User | None) -> GenerationResult:
    result = GenerationResult(series=len(series_list))
    if not series_list:
        return result
    now = timezone.now()
    # Two generations of the same series (Beat and a user, say) take turns.
    locked = QuarterlyMeetingSeries.objects.select_for_update().filter(pk__in=[s.pk for s in series_list])
    list(locked.order_by("pk").values_list("pk", flat=True))
    series_list = sorted(series_list, key=lambda s: (s.scope != SeriesScope.PLENARY, s.pk))
    active_maos = list(Organization.objects.maos().active().values_list("pk", flat=True))
    invitees = {s.pk: active_maos if s.scope == SeriesScope.PLENARY else [s.mao_id] for s in series_list}
    links = {
        (link.series_id, link.quarter): link
        for link in SeriesMeeting.objects.filter(series__in=series_list).select_related("engagement")
    }
    busy = _busy_days(series_list)

    new_meetings: list[tuple[QuarterlyMeetingSeries, int, StakeholderEngagement]] = []
    moved: list[tuple[SeriesMeeting, StakeholderEngagement]] = []
    for series in series_list:
        for quarter in (1, 2, 3, 4):
            link = links.get((series.pk, quarter))
            # The plenary keeps its rule's day; a MAO's own series moves off the MAO's busy days.
            busy_for_mao = busy[series.mao_id] if series.scope == SeriesScope.MAO else ()
            day = meeting_day(
                fiscal_year=series.fiscal_year,
                quarter=quarter,
                month_of_quarter=series.month_of_quarter,
                week_of_month=series.week_of_month,
                weekday=series.weekday,
                busy_days=busy_for_mao,
            )
            wanted = _wanted_fields(series, quarter, day)
            if link is None:
                engagement = StakeholderEngagement(
                    engagement_type=EngagementType.COORDINATION_MEETING,
                    status=EngagementStatus.SCHEDULED,
                    fiscal_year=series.fiscal_year,
                    quarter=quarter,
                    organizer=series.organizer,
                    created_by=acting_user,
                    **wanted,
                )
                _check_fields(engagement)
                new_meetings.append((series, quarter, engagement))
                taken = day
            elif link.engagement is None:
                continue  # deleted on purpose: not brought back
            else:
                engagement = link.engagement
                taken = timezone.localtime(engagement.planned_start, MANILA).date()
                if engagement_fingerprint(engagement) != link.generated_fingerprint:
                    result.kept_edited += 1
                elif engagement.planned_start <= now or all(
                    getattr(engagement, name) == value for name, value in wanted.items()
                ):
                    result.unchanged += 1
                else:
                    for name, value in wanted.items():
                        setattr(engagement, name, value)
                    moved.append((link, engagement))
                    taken = day
            if engagement.status != EngagementStatus.CANCELLED:
                for mao_id in invitees[series.pk]:
                    busy[mao_id].add(taken)

    _write_updates(moved, result)
    _write_new(new_meetings, result)
    new_ids = {engagement.pk for _, _, engagement in new_meetings}
    _invite_and_remind(series_list, invitees, new_ids, result, now)
    result.action_items_carried = _carry_over(series_list, now)
    return result


def _check_fields(engagement: StakeholderEngagement) -> None:
    """Field validation without a query per row (the related rows were loaded, and the
    database constraints still guard what is written)."""
    try:
        engagement.full_clean(
            exclude=["organizer", "created_by", "community", "minutes_approved_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc


def _wanted_fields(series: QuarterlyMeetingSeries, quarter: int, day: date) -> dict:
    start = manila_datetime(day, series.start_time)
    return {
        "title": f"{series.title}, Q{quarter} FY{series.fiscal_year}",
        "planned_start": start,
        "planned_end": start + timedelta(minutes=series.duration_minutes),
        "venue": series.venue,
        "online_link": series.online_link,
        "agenda": series.default_agenda,
    }


def _busy_days(series_list) -> dict[int, set[date]]:
    """Days each MAO of a MAO series already has a meeting (not counting the meetings of the
    series being generated, which are placed again in order)."""
    busy: dict[int, set[date]] = defaultdict(set)
    mao_ids = [s.mao_id for s in series_list if s.scope == SeriesScope.MAO]
    if not mao_ids:
        return busy
    years = {s.fiscal_year for s in series_list}
    through = StakeholderEngagement.participating_organizations.through
    rows = (
        through.objects.filter(
            organization_id__in=mao_ids,
            stakeholderengagement__planned_start__gte=manila_datetime(
                date(min(years), 1, 1), datetime.min.time()
            ),
            stakeholderengagement__planned_start__lt=manila_datetime(
                date(max(years) + 1, 1, 1), datetime.min.time()
            ),
        )
        .exclude(stakeholderengagement__status=EngagementStatus.CANCELLED)
        .exclude(stakeholderengagement__series_link__series__in=series_list)
        .values_list("organization_id", "stakeholderengagement__planned_start")
    )
    for organization_id, start in rows:
        busy[organization_id].add(timezone.localtime(start, MANILA).date())
    return busy


def _write_updates(moved, result: GenerationResult) -> None:
    for link, engagement in moved:
        _check_fields(engagement)
        engagement.save()
        link.generated_fingerprint = engagement_fingerprint(engagement)
        link.save(update_fields=["generated_fingerprint", "updated_at"])
        sequence_sync(link, engagement)
        reminders_rebuild(engagement=engagement)
        result.updated += 1


def _write_new(new_meetings, result: GenerationResult) -> None:
    if not new_meetings:
        return
    engagements_bulk_create([e for _, _, e in new_meetings])
    links = []
    for series, quarter, engagement in new_meetings:
        fingerprint = engagement_fingerprint(engagement)
        links.append(
            SeriesMeeting(
                series=series,
                quarter=quarter,
                engagement=engagement,
                generated_fingerprint=fingerprint,
                calendar_fingerprint=fingerprint,
            )
        )
    SeriesMeeting.objects.bulk_create(links, batch_size=1000)
    result.created += len(links)
    domain_events_emit(
        events=[("meeting.scheduled", meeting_event_data(engagement)) for _, _, engagement in new_meetings]
    )


def _invite_and_remind(
    series_list, invitees, new_ids: set[int], result: GenerationResult, now: datetime
) -> None:
    """Invite the active focal persons of each invited MAO to the series' meetings that have
    not happened yet, and plan the reminders of everyone newly invited."""
    links = list(
        SeriesMeeting.objects.filter(series__in=series_list, engagement__isnull=False)
        .exclude(engagement__status__in=(EngagementStatus.CANCELLED, EngagementStatus.COMPLETED))
        .select_related("engagement", "series")
    )
    if not links:
        return
    engagement_ids = [link.engagement_id for link in links]
    through = StakeholderEngagement.participating_organizations.through
    invited_orgs = set(
        through.objects.filter(stakeholderengagement_id__in=engagement_ids).values_list(
            "stakeholderengagement_id", "organization_id"
        )
    )
    invited_people = set(
        EngagementParticipant.objects.filter(
            engagement_id__in=engagement_ids, focal_person__isnull=False
        ).values_list("engagement_id", "focal_person_id")
    )
    all_invitees = {mao_id for ids in invitees.values() for mao_id in ids}
    focal_by_org = defaultdict(list)
    for focal in FocalPerson.objects.filter(organization_id__in=all_invitees, is_active=True).select_related(
        "user"
    ):
        focal_by_org[focal.organization_id].append(focal)

    new_orgs, new_participants = [], []
    for link in links:
        engagement = link.engagement
        if engagement.pk not in new_ids and engagement.planned_start <= now:
            continue  # a meeting already held keeps the invitations it had
        day = timezone.localtime(engagement.planned_start, MANILA).date()
        for mao_id in invitees[link.series_id]:
            if (engagement.pk, mao_id) not in invited_orgs:
                new_orgs.append((engagement.pk, mao_id))
            for focal in focal_by_org[mao_id]:
                in_office = focal.active_from <= day and (
                    focal.active_until is None or focal.active_until >= day
                )
                if in_office and (engagement.pk, focal.pk) not in invited_people:
                    new_participants.append(
                        EngagementParticipant(
                            engagement=engagement, focal_person=focal, organization_id=mao_id
                        )
                    )
    engagement_invitations_bulk_add(organizations=new_orgs, participants=new_participants)
    result.participants_added += len(new_participants)

    series_by_engagement = {link.engagement_id: link.series for link in links}
    by_engagement = defaultdict(list)
    for participant in new_participants:
        by_engagement[participant.engagement_id].append(participant)
    plan = ReminderPlan()
    for engagement_id, participants in by_engagement.items():
        series = series_by_engagement[engagement_id]
        plan.add(
            reminder_plan(
                engagement=participants[0].engagement,
                participants=participants,
                offsets=series.reminder_offsets,
                sms=series.sms_reminders,
                existing=(),
                now=now,
            )
        )
    created = reminder_plan_write(plan)
    result.reminders_created += created


def _carry_over(series_list, now: datetime) -> int:
    """Open action items of each meeting that has ended go to the next quarter's meeting of
    the same series (Q4 to Q1 of the next year's series of the same MAO or plenary)."""
    links = SeriesMeeting.objects.filter(series__in=series_list, engagement__isnull=False).select_related(
        "engagement", "series"
    )
    by_series = defaultdict(dict)
    for link in links:
        by_series[link.series_id][link.quarter] = link.engagement
    pairs = []
    for quarters in by_series.values():
        for quarter in (1, 2, 3):
            source, target = quarters.get(quarter), quarters.get(quarter + 1)
            if source and target and source.planned_end <= now:
                pairs.append((source, target))
    previous_q4 = SeriesMeeting.objects.filter(
        quarter=4,
        engagement__isnull=False,
        engagement__planned_end__lte=now,
        series__fiscal_year__in={s.fiscal_year - 1 for s in series_list},
    ).select_related("engagement", "series")
    next_year = {(s.fiscal_year, s.scope, s.mao_id): s for s in series_list}
    for link in previous_q4:
        series = next_year.get((link.series.fiscal_year + 1, link.series.scope, link.series.mao_id))
        target = by_series.get(series.pk, {}).get(1) if series else None
        if target:
            pairs.append((link.engagement, target))
    return action_items_carry_pairs(pairs)
