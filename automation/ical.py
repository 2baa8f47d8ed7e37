"""iCalendar (RFC 5545) for meetings: one event per meeting, built with the `icalendar` library.

The UID is the engagement's uid, so an update replaces the event in the subscriber's calendar
instead of adding a second one; SEQUENCE grows with every visible change; times are in
Asia/Manila with its VTIMEZONE; a cancelled meeting stays in the feed with STATUS:CANCELLED
so calendars remove it.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from automation.schedule import MANILA
from automation.services._shared import calendar_sequence
from automation.services.reminders import meeting_path
from coordination.models import EngagementStatus, StakeholderEngagement

PRODID = "-//OOBC//OBCMS quarterly coordination meetings//EN"
UID_DOMAIN = "obcms.oobc.bangsamoro.gov.ph"
STATUS = {
    EngagementStatus.CANCELLED: "CANCELLED",
    EngagementStatus.PLANNED: "TENTATIVE",
    EngagementStatus.POSTPONED: "TENTATIVE",
}


def event_uid(engagement: StakeholderEngagement) -> str:
    return f"{engagement.uid}@{UID_DOMAIN}"


def _event(engagement: StakeholderEngagement, *, base_url: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", event_uid(engagement))
    event.add("sequence", calendar_sequence(engagement.series_link, engagement))
    event.add("dtstamp", stamp)
    event.add("created", engagement.created_at)
    event.add("last-modified", engagement.updated_at)
    event.add("dtstart", timezone.localtime(engagement.planned_start, MANILA))
    event.add("dtend", timezone.localtime(engagement.planned_end, MANILA))
    event.add("summary", engagement.title)
    event.add("status", STATUS.get(engagement.status, "CONFIRMED"))
    if engagement.venue or engagement.online_link:
        event.add("location", engagement.venue or engagement.online_link)
    url = f"{base_url}{meeting_path(engagement)}"
    event.add("url", url)
    description = [engagement.agenda.strip()] if engagement.agenda.strip() else []
    if engagement.status == EngagementStatus.CANCELLED and engagement.cancellation_reason:
        description.insert(0, f"CANCELLED: {engagement.cancellation_reason.strip()}")
    if engagement.online_link:
        description.append(f"Online: {engagement.online_link}")
    description.append(f"Meeting page (RSVP, reports, minutes): {url}")
    event.add("description", "\n\n".join(description))
    return event


def calendar_bytes(meetings: Iterable[StakeholderEngagement], *, name: str, base_url: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per meeting (each needs its `series_link` loaded)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Manila")
    # Subscribed calendars re-read the feed about hourly (RFC 7986 REFRESH-INTERVAL).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now().replace(microsecond=0)
    base = (base_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    for engagement in meetings:
        calendar.add_component(_event(engagement, base_url=base, stamp=stamp))
    calendar.add_missing_timezones(first_date=date(2000, 1, 1), last_date=date(2100, 1, 1))
    return calendar.to_ical()


def calendar_filename(text: str) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")
    return f"{'-'.join(part for part in safe.split('-') if part)[:80] or 'meeting'}.ics"
