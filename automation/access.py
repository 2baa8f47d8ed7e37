"""Who may do what with meetings, beyond the matrix's area check (one place for these rules).

The matrix gives MAO focal persons "edit, own MAO" on meetings: they answer for their own MAO
(RSVP, pre-meeting reports, their MAO's action items). Running the meetings (series,
generation, schedule, minutes, attendance) is for those whose grant covers all MAOs: OOBC
executives and staff.
"""

from django.core.exceptions import PermissionDenied

from common.models import Role
from common.permissions import Action, Area, Scope, grant_for


def can_run_meetings(user) -> bool:
    grant = grant_for(user, Area.MEETINGS)
    return grant is not None and grant.scope is Scope.ALL and grant.allows(Action.CHANGE)


def require_meeting_runner(user) -> None:
    if not can_run_meetings(user):
        raise PermissionDenied("Only OOBC staff run the quarterly meetings.")


def speaks_for(user, organization_id: int | None) -> bool:
    """A MAO focal person acting for their own MAO."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.role == Role.MAO_FOCAL
        and organization_id is not None
        and user.organization_id == organization_id
        and grant_for(user, Area.MEETINGS) is not None
        and grant_for(user, Area.MEETINGS).allows(Action.CHANGE)
    )
