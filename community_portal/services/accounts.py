"""Leader accounts: registration, email verification, OOBC verification, data export and
closing an account (Data Privacy Act 2012)."""

import secrets

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import Community, Role, User
from common.permissions import Action, Area, ensure_can
from community_portal.models import (
    CommunityRole,
    ConsultationComment,
    InformationReply,
    LeaderProfile,
    LeaderStatus,
    PortalFeedback,
    PortalRequest,
)
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.services.notify import portal_notify
from service_catalog.models import ServiceRequest

EMAIL_LINK_VALID_SECONDS = 3 * 24 * 60 * 60  # the issue: a verification link is valid 3 days


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Django's token generator with its own salt and a fixed 3-day life. The hash covers the
    verification time and the address, so a used link (or one for an old address) is dead."""

    key_salt = "community_portal.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0)
        return f"{user.pk}{user.email}{verified}{user.is_active}{timestamp}"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > EMAIL_LINK_VALID_SECONDS:
            return False
        return super().check_token(user, token)


email_verification_token = EmailVerificationTokenGenerator()


def _verification_url(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "community_portal:verify_email",
        kwargs={"uidb64": uidb64, "token": email_verification_token.make_token(user)},
    )


def _ensure_staff(acting_user: User) -> None:
    ensure_can(
        acting_user, Area.PORTAL, Action.MANAGE, message=_("Only OOBC staff verify community leaders.")
    )


@transaction.atomic
def leader_register(
    *,
    full_name: str,
    email: str,
    password: str,
    community: Community,
    community_role: str,
    privacy_notice_version: str,
    consent: bool,
    phone: str = "",
) -> User | None:
    """Open a community leader account and send the email verification link. An address
    already registered gets a notice instead (so this page reveals nothing); returns None."""
    if not consent:
        raise ApplicationError(_("Agree to the privacy notice to register."), field="consent")
    if privacy_notice_version != PORTAL_PRIVACY_NOTICE_VERSION:
        raise ApplicationError(
            _("The privacy notice has changed: read it again and agree to it."),
            field="privacy_notice_version",
        )
    if community_role not in CommunityRole.values:
        raise ApplicationError(_("Choose your role in the community."), field="community_role")
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        portal_notify(
            subject=_("Someone tried to register with your email address"),
            body=_(
                "An OBCMS account already uses this address. If it was you, sign in or reset "
                "your password. If it was not, you can ignore this message."
            ),
            url=reverse("common:password_reset"),
            email=email,
            in_app=False,
        )
        return None
    first_name, _space, last_name = full_name.strip().partition(" ")
    user = User(
        username=email[:150],
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        phone=phone.strip(),
        role=Role.COMMUNITY_LEADER,
        is_active=True,
    )
    user.set_password(password)
    user.save()
    now = timezone.now()
    LeaderProfile.objects.create(
        user=user,
        community=community,
        community_role=community_role,
        privacy_notice_version=privacy_notice_version,
        consent_given_at=now,
    )
    leader_send_verification(user=user)
    return user


def leader_send_verification(*, user: User) -> None:
    portal_notify(
        subject=_("Confirm your email address for the OBC community portal"),
        body=_(
            "Open this link within 3 days to confirm your email address. Then you can sign in; "
            "OOBC staff will check that you speak for your community."
        ),
        url=_verification_url(user),
        email=user.email,
        in_app=False,
    )


@transaction.atomic
def leader_verify_email(*, uidb64: str, token: str) -> User:
    """Mark the address verified; the link works once and for 3 days."""
    try:
        user = User.objects.select_for_update().get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not email_verification_token.check_token(user, token):
        raise ApplicationError(_("This link is not valid or has expired. Ask for a new one."), field="token")
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def leader_decide(
    *, profile: LeaderProfile, acting_user: User, approve: bool, reason: str = ""
) -> LeaderProfile:
    """OOBC staff verify (or refuse) that a person speaks for the community they named. The
    person is told either way; a refusal says why."""
    _ensure_staff(acting_user)
    profile = LeaderProfile.objects.select_for_update().select_related("user", "community").get(pk=profile.pk)
    if profile.status == LeaderStatus.CLOSED:
        raise ApplicationError(_("This account is closed."), field="status")
    if not profile.user.email_verified:
        raise ApplicationError(_("The person has not confirmed their email address yet."), field="status")
    reason = reason.strip()
    if not approve and not reason:
        raise ApplicationError(_("Give the reason, so the person knows what to do."), field="reason")
    profile.status = LeaderStatus.VERIFIED if approve else LeaderStatus.REJECTED
    profile.decision_reason = reason
    profile.decided_by = acting_user
    profile.decided_at = timezone.now()
    profile.full_clean()
    profile.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"])
    user = profile.user
    user.community = profile.community if approve else None
    user.save(update_fields=["community"])
    if approve:
        subject = _("OOBC verified you as a leader of %(community)s") % {"community": profile.community.name}
        body = _("You can now file requests for your community and take part in consultations.")
    else:
        subject = _("OOBC could not verify you as a leader of %(community)s") % {
            "community": profile.community.name
        }
        body = _("Reason: %(reason)s") % {"reason": reason}
    portal_notify(subject=subject, body=body, url=reverse("community_portal:home"), user=user)
    return profile


def speaks_for_community(user: User) -> bool:
    """A verified leader: signed in, email confirmed, and verified by OOBC staff."""
    profile = getattr(user, "leader_profile", None) if user.is_authenticated else None
    return bool(profile and profile.is_verified and user.email_verified and user.community_id)


def account_export(*, user: User) -> dict:
    """Everything the portal holds about the person, for their download (RA 10173 access)."""
    profile = LeaderProfile.objects.filter(user=user).select_related("community").first()
    requests = PortalRequest.objects.filter(requester=user).select_related(
        "community", "service_request__service"
    )
    return {
        "account": {
            "name": user.get_full_name(),
            "email": user.email,
            "mobile": user.phone,
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
            "joined": user.date_joined.isoformat(),
        },
        "community": (
            {
                "community": profile.community.name,
                "role": profile.community_role,
                "verification": profile.status,
                "verification_reason": profile.decision_reason,
                "privacy_notice_version": profile.privacy_notice_version,
                "consent_given_at": profile.consent_given_at.isoformat(),
            }
            if profile
            else None
        ),
        "requests": [
            {
                "tracking_code": item.tracking_code,
                "title": item.title,
                "details": item.details,
                "community": item.community.name,
                "filed": item.created_at.isoformat(),
                "replies": list(InformationReply.objects.filter(request=item).values_list("text", flat=True)),
            }
            for item in requests
        ],
        "feedback": [
            {
                "given": feedback.created_at.isoformat(),
                "comment": feedback.comment,
                **{field: getattr(feedback, field) for field in ("cc1", "cc2", "cc3")},
                **{f"sqd{number}": getattr(feedback, f"sqd{number}") for number in range(9)},
            }
            for feedback in PortalFeedback.objects.filter(author=user)
        ],
        "consultation_comments": [
            {
                "consultation": comment.consultation.title,
                "posted": comment.created_at.isoformat(),
                "text": comment.body,
            }
            for comment in ConsultationComment.objects.filter(author=user).select_related("consultation")
        ],
    }


@transaction.atomic
def account_close(*, user: User) -> None:
    """Close the account: name and contacts are removed, sign-in stops; requests, feedback and
    comments stay, without the name (the catalog request keeps a placeholder contact, as the
    database requires one)."""
    placeholder = f"closed-{secrets.token_hex(6)}"
    ServiceRequest.objects.filter(portal_request__requester=user).update(
        requester_name=_("Account closed"),
        requester_email=f"{placeholder}@invalid.invalid",
        requester_phone="",
    )
    PortalFeedback.objects.filter(author=user).update(author=None)
    LeaderProfile.objects.filter(user=user).update(
        status=LeaderStatus.CLOSED, closed_at=timezone.now(), decision_reason=""
    )
    user.username = placeholder
    user.email = f"{placeholder}@invalid.invalid"
    user.first_name = ""
    user.last_name = ""
    user.phone = ""
    user.community = None
    user.is_active = False
    user.set_unusable_password()
    user.save()
