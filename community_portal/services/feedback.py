"""ARTA client satisfaction feedback: invitations, responses and staff replies."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dates import current_fiscal_year
from common.errors import ApplicationError
from common.models import User
from common.permissions import Action, Area, ensure_can
from community_portal.csm import CC2_NOT_APPLICABLE, CC3_NOT_APPLICABLE
from community_portal.models import (
    SQD_FIELDS,
    FeedbackChannel,
    FeedbackInvitation,
    PortalFeedback,
    PortalRequest,
)
from community_portal.services.notify import portal_notify, recipient_of
from service_catalog.models import EntryStatus, ServiceCatalogEntry

INVITATION_VALID_DAYS = 30


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feedback_invite(*, portal_request: PortalRequest) -> str | None:
    """Invite the requester to rate a completed request: one link, valid 30 days, usable
    once, no sign-in. Returns the token (None when already invited or nobody to ask)."""
    if (
        portal_request.requester_id is None
        or FeedbackInvitation.objects.filter(request=portal_request).exists()
    ):
        return None
    token = secrets.token_urlsafe(24)
    FeedbackInvitation.objects.create(
        request=portal_request,
        token_hash=_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
    )
    portal_notify(
        subject=_("%(code)s: how did we do?") % {"code": portal_request.tracking_code},
        body=_(
            "Your request is completed. Tell us in two minutes how satisfied you are; "
            "the link works once, for 30 days."
        ),
        url=reverse("community_portal:feedback_invited", kwargs={"token": token}),
        **recipient_of(portal_request),
        category="portal.feedback",
    )
    return token


def invitation_for(*, token: str) -> FeedbackInvitation:
    """The open invitation a link names; refused when unknown, used or expired."""
    invitation = (
        FeedbackInvitation.objects.select_related(
            "request__service_request__service__mao", "request__routed_to", "request__community"
        )
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise ApplicationError(_("This feedback link is not valid."), field="token")
    if invitation.used_at is not None:
        raise ApplicationError(_("This feedback link has already been used. Thank you!"), field="token")
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(_("This feedback link has expired."), field="token")
    return invitation


def _answers(answers: dict) -> dict:
    """Check the CSM answers: CC1 1–4, CC2 1–5, CC3 1–4, SQDs 1–5 or empty for N/A."""
    cleaned: dict = {}

    def number(name: str, low: int, high: int, required: bool) -> int | None:
        raw = answers.get(name)
        if raw in (None, "", "na", "NA", "N/A"):
            if required:
                raise ApplicationError(_("Answer this question."), field=name)
            return None
        try:
            value = int(raw)
        except (TypeError, ValueError) as exc:
            raise ApplicationError(_("Choose one of the answers."), field=name) from exc
        if not low <= value <= high:
            raise ApplicationError(_("Choose one of the answers."), field=name)
        return value

    cleaned["cc1"] = number("cc1", 1, 4, True)
    cleaned["cc2"] = number("cc2", 1, 5, False)
    cleaned["cc3"] = number("cc3", 1, 4, False)
    if cleaned["cc1"] == 4:
        # Not aware of any Charter: CC2 and CC3 do not apply, whatever was ticked.
        cleaned["cc2"], cleaned["cc3"] = CC2_NOT_APPLICABLE, CC3_NOT_APPLICABLE
    for field in SQD_FIELDS:
        cleaned[field] = number(field, 1, 5, False)
    if all(cleaned[field] is None for field in SQD_FIELDS):
        raise ApplicationError(_("Rate at least one statement."), field="sqd0")
    comment = str(answers.get("comment") or "").strip()
    cleaned["comment"] = comment
    return cleaned


@transaction.atomic
def feedback_submit(
    *,
    answers: dict,
    channel: str,
    author: User | None = None,
    anonymous: bool = False,
    service: ServiceCatalogEntry | None = None,
    invitation_token: str = "",
) -> PortalFeedback:
    """Record one CSM response: through an invitation link (a completed request), or on a
    published catalog service. Anonymous feedback keeps no author."""
    if invitation_token:
        invitation = invitation_for(token=invitation_token)
        FeedbackInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
        invitation.refresh_from_db(fields=["used_at"])
        if invitation.used_at is not None:
            raise ApplicationError(_("This feedback link has already been used. Thank you!"), field="token")
        portal_request = invitation.request
        service = portal_request.service_request.service if portal_request.is_catalog else None
        mao = service.mao if service else portal_request.routed_to
        author = None if anonymous else portal_request.requester
    else:
        portal_request = None
        if service is None or service.status != EntryStatus.PUBLISHED:
            raise ApplicationError(_("Choose a published service."), field="service")
        mao = service.mao
        if anonymous:
            author = None
    cleaned = _answers(answers)
    if service is None and mao is None:
        raise ApplicationError(
            _("This request was not handled by a ministry, agency or office yet."), field="token"
        )
    feedback = PortalFeedback(
        service=service,
        mao=mao,
        request=portal_request,
        author=author if author and author.is_authenticated else None,
        anonymous=anonymous,
        channel=channel if channel in FeedbackChannel.values else FeedbackChannel.PORTAL,
        fiscal_year=current_fiscal_year(),
        **cleaned,
    )
    try:
        feedback.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    feedback.save()
    if invitation_token:
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at", "updated_at"])
    return feedback


@transaction.atomic
def feedback_reply(*, feedback: PortalFeedback, acting_user: User, text: str) -> PortalFeedback:
    """Staff answer a comment publicly (shown with the feedback on the portal)."""
    ensure_can(acting_user, Area.PORTAL, Action.MANAGE, message=_("Only OOBC staff reply to feedback."))
    text = text.strip()
    if not text:
        raise ApplicationError(_("Write the reply."), field="text")
    feedback.staff_reply = text
    feedback.replied_by = acting_user
    feedback.replied_at = timezone.now()
    try:
        feedback.full_clean()
    except ValidationError as exc:
        raise ApplicationError(str(exc.messages[0]), field="text") from exc
    feedback.save(update_fields=["staff_reply", "replied_by", "replied_at", "updated_at"])
    if feedback.author_id:
        portal_notify(
            subject=_("OOBC replied to your feedback"),
            body=text,
            url=reverse("community_portal:home"),
            user=feedback.author,
            category="portal.feedback",
        )
    return feedback
