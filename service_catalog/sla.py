"""The Citizen's Charter clock of a service request, in Philippine working days.

A request is due `sla_working_days` working days after the day it was submitted (RA 11032:
3, 7 or 20 by the service's classification). While it waits for the requester (needs_info)
the clock is paused: the working days spent waiting are added to the due date when the
request moves on. Weekends and Philippine holidays never count (common.dates).
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from common.dates import add_working_days, working_days_between

# "Breaching soon" in the triage queue: due within this many working days.
DUE_SOON_WORKING_DAYS = 2


def due_on(*, submitted_on: date, working_days: int, paused_working_days: int = 0) -> date:
    return add_working_days(submitted_on, working_days + paused_working_days)


def paused_working_days(*, paused_on: date, resumed_on: date) -> int:
    """Working days the clock stood still: after the day it paused, up to the day it resumed."""
    return working_days_between(paused_on, resumed_on)


class SlaState:
    MET = "met"
    MISSED = "missed"
    PAUSED = "paused"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"


SLA_STATE_LABELS = {
    SlaState.MET: _("Answered within the charter time"),
    SlaState.MISSED: _("Answered after the charter time"),
    SlaState.PAUSED: _("Clock paused while waiting for the requester"),
    SlaState.OVERDUE: _("Past the charter time"),
    SlaState.DUE_SOON: _("Due soon"),
    SlaState.ON_TRACK: _("Within the charter time"),
}


def sla_state(*, due: date, today: date, paused: bool = False, resolved_on: date | None = None) -> str:
    if resolved_on is not None:
        return SlaState.MET if resolved_on <= due else SlaState.MISSED
    if paused:
        return SlaState.PAUSED
    if today > due:
        return SlaState.OVERDUE
    if working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return SlaState.DUE_SOON
    return SlaState.ON_TRACK
