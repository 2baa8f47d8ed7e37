"""Helpers the automation services share: fingerprints of a meeting and its iCalendar SEQUENCE."""

import hashlib
from datetime import UTC

from django.utils.translation import gettext_lazy

from automation.models import SeriesMeeting
from coordination.models import StakeholderEngagement

RUNNERS_ONLY = gettext_lazy("Only OOBC staff run the quarterly meetings.")

# What a person sees of a meeting in a calendar or a reminder. A change to any of them is an
# edit (generation leaves the meeting alone) and a new iCalendar SEQUENCE.
FINGERPRINT_FIELDS = ("title", "planned_start", "planned_end", "venue", "online_link", "agenda", "status")


def engagement_fingerprint(engagement: StakeholderEngagement) -> str:
    parts = []
    for field in FINGERPRINT_FIELDS:
        value = getattr(engagement, field)
        parts.append(value.astimezone(UTC).isoformat() if hasattr(value, "astimezone") else str(value))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def calendar_sequence(link: SeriesMeeting, engagement: StakeholderEngagement) -> int:
    """SEQUENCE to publish: the recorded one, plus one when the meeting changed outside the
    automation's services since (an edit on the engagement page, say)."""
    changed = link.calendar_fingerprint and link.calendar_fingerprint != engagement_fingerprint(engagement)
    return link.sequence + (1 if changed else 0)


def sequence_sync(link: SeriesMeeting, engagement: StakeholderEngagement) -> None:
    """Record a change a calendar client must see: SEQUENCE goes up once per visible change."""
    fingerprint = engagement_fingerprint(engagement)
    if fingerprint == link.calendar_fingerprint:
        return
    if link.calendar_fingerprint:  # the first recording is the published version 0
        link.sequence += 1
    link.calendar_fingerprint = fingerprint
    link.save(update_fields=["sequence", "calendar_fingerprint", "updated_at"])


def meeting_event_data(engagement: StakeholderEngagement) -> dict:
    """What a `meeting.scheduled` domain event says (partners see it under a meetings agreement)."""
    return {
        "uid": str(engagement.uid),
        "title": engagement.title,
        "type": engagement.engagement_type,
        "fiscal_year": engagement.fiscal_year,
        "quarter": engagement.quarter,
        "planned_start": engagement.planned_start.isoformat(),
        "planned_end": engagement.planned_end.isoformat(),
    }
