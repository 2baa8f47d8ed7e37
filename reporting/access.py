"""Who may see which report, decided in one place from the permission matrix.

Reports are the `reports` area: OOBC executives and staff see every report, the OCM
executive reads them, a MAO focal person sees only reports about their own MAO (and runs
only the kinds about one MAO: the others hold every MAO's figures).
"""

from django.utils.translation import gettext as _

from common.models import User
from common.permissions import Action, Area, has_access
from common.scoping import is_own_mao_scoped


def refusal(user: User, *, template, mao_id: int | None, action: Action = Action.VIEW) -> str | None:
    """Why `user` may not see (or, with CHANGE, run) a report of `template` about `mao_id`
    (None: every MAO); None when they may."""
    if not user.is_active:
        return _("%(user)s has no active account.") % {"user": user.get_full_name() or user.username}
    if not has_access(user, Area.REPORTS, action):
        return _("%(user)s has no access to reports.") % {"user": user.get_full_name() or user.username}
    if is_own_mao_scoped(user, Area.REPORTS):
        name = user.get_full_name() or user.username
        if not template.open_to_mao_focal:
            return _("%(user)s is a MAO focal person; the %(report)s holds every MAO's figures.") % {
                "user": name,
                "report": template.name,
            }
        if mao_id is None or mao_id != user.organization_id:
            return _("%(user)s may see reports about their own MAO only.") % {"user": name}
    return None


def may_see(user: User, report) -> bool:
    return refusal(user, template=report.template, mao_id=report.mao_id) is None
