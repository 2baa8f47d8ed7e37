"""Pre-meeting reports: a MAO's focal person prepares (prefilled from the MAO's PPAs of the
fiscal year), completes and submits their MAO's report before the deadline."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automation.models import PreMeetingReport, ReportStatus
from automation.selectors import mao_ppa_summary, report_deadline
from common.errors import ApplicationError
from common.models import User
from common.permissions import Action, Area, can
from common.scoping import is_own_mao_scoped
from common.services.guards import validate
from coordination.models import EngagementStatus, StakeholderEngagement

TEXT_FIELDS = ("accomplishments", "challenges", "plans")
ONLY_FOCAL = gettext_lazy("Only the MAO's focal person prepares and submits its pre-meeting report.")


def speaks_for(user: User, organization_id: int | None) -> bool:
    """A MAO focal person answering for their own MAO (OOBC staff run the meetings; they do
    not answer for a MAO)."""
    return is_own_mao_scoped(user, Area.MEETINGS) and can(
        user, Area.MEETINGS, Action.CHANGE, organization_id=organization_id
    )


def _require_before_deadline(engagement: StakeholderEngagement) -> None:
    if engagement.status in (EngagementStatus.CANCELLED, EngagementStatus.COMPLETED):
        raise ApplicationError(_("This meeting takes no more reports."))
    deadline = report_deadline(engagement)
    if timezone.localdate() > deadline:
        raise ApplicationError(
            _("The deadline for this report was %(deadline)s.") % {"deadline": date_format(deadline, "j F Y")}
        )


def _prefill(report: PreMeetingReport, *, texts: bool) -> None:
    summary = mao_ppa_summary(organization=report.organization, fiscal_year=report.engagement.fiscal_year)
    for name, value in summary.items():
        if name not in TEXT_FIELDS or texts:
            setattr(report, name, value)
    report.prefilled_at = timezone.now()


@transaction.atomic
def pre_meeting_report_prepare(*, engagement: StakeholderEngagement, acting_user: User) -> PreMeetingReport:
    """The acting focal person's MAO's report for this meeting, created and prefilled from the
    MAO's PPAs the first time, returned as it is afterwards."""
    if not speaks_for(acting_user, acting_user.organization_id):
        raise PermissionDenied(ONLY_FOCAL)
    organization = acting_user.organization
    if not engagement.participating_organizations.filter(pk=organization.pk).exists():
        raise ApplicationError(_("Your MAO is not invited to this meeting."))
    existing = PreMeetingReport.objects.filter(engagement=engagement, organization=organization).first()
    if existing is not None:
        return existing
    _require_before_deadline(engagement)
    report = PreMeetingReport(engagement=engagement, organization=organization)
    _prefill(report, texts=True)
    validate(report)
    report.save()
    return report


def _require_editable(report: PreMeetingReport, acting_user: User) -> None:
    if not speaks_for(acting_user, report.organization_id):
        raise PermissionDenied(ONLY_FOCAL)
    if report.status == ReportStatus.SUBMITTED:
        raise ApplicationError(_("This report has been submitted and can no longer change."))
    _require_before_deadline(report.engagement)


@transaction.atomic
def pre_meeting_report_update(
    *, report: PreMeetingReport, acting_user: User, submit: bool = False, **texts: str
) -> PreMeetingReport:
    """Change the accomplishments, challenges and plans; with `submit`, submit it as well."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"pre_meeting_report_update does not accept {sorted(unknown)}")
    _require_editable(report, acting_user)
    for name, value in texts.items():
        setattr(report, name, value)
    validate(report)
    report.save(update_fields=[*texts, "updated_at"])
    if submit:
        pre_meeting_report_submit(report=report, acting_user=acting_user)
    return report


@transaction.atomic
def pre_meeting_report_refresh(*, report: PreMeetingReport, acting_user: User) -> PreMeetingReport:
    """Take the figures and the PPA list again from the PPAs (the texts stay as written)."""
    _require_editable(report, acting_user)
    _prefill(report, texts=False)
    validate(report)
    report.save()
    return report


@transaction.atomic
def pre_meeting_report_submit(*, report: PreMeetingReport, acting_user: User) -> PreMeetingReport:
    _require_editable(report, acting_user)
    if not any(getattr(report, name).strip() for name in TEXT_FIELDS):
        raise ApplicationError(_("Write the accomplishments, challenges or plans before submitting."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = acting_user
    report.submitted_at = timezone.now()
    validate(report)
    report.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    return report
