"""Community requests filed from the portal, under one tracking code whatever the channel."""

import logging

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.dates import current_fiscal_year
from common.errors import ApplicationError
from common.models import Barangay, Community, OutboxMessage, User
from common.permissions import Action, Area, ensure_can
from common.services.outbox import outbox_enqueue
from community_portal.models import (
    OBC_TRANSITIONS,
    InformationReply,
    ObcRequestStatus,
    PortalRequest,
    ReplyAttachment,
    RequestKind,
    RequestUpdate,
)
from community_portal.privacy import PORTAL_PRIVACY_NOTICE_VERSION
from community_portal.services.accounts import speaks_for_community
from community_portal.services.notify import portal_notify, recipient_of
from community_portal.uploads import checked_attachment
from coordination.models import Organization
from monitoring.models import EntryCategory
from monitoring.services.ppas import ppa_create, ppa_update
from service_catalog.models import (
    RequestChannel,
    RequestStatus,
    ServiceCatalogEntry,
    ServiceRequest,
    StatusChange,
)
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.services.requests import (
    service_request_requester_answered,
    service_request_submit,
    tracking_code_new,
)

logger = logging.getLogger(__name__)

# The outbox topic of a catalog change to relay to the requester who filed through the portal.
RELAY_TOPIC = "community_portal.catalog_change_relay"
REPLY_LINK_SALT = "community_portal.reply-link"
REPLY_LINK_MAX_AGE = 30 * 24 * 60 * 60
MAX_ATTACHMENTS = 3
# OBC statuses whose change must explain itself to the requester.
OBC_NOTE_REQUIRED = {
    ObcRequestStatus.CLARIFICATION: gettext_lazy("Tell the requester what information is missing."),
    ObcRequestStatus.DECLINED: gettext_lazy("Tell the requester why the request was declined."),
    ObcRequestStatus.DEFERRED: gettext_lazy("Tell the requester why the request was deferred."),
}


def tracking_code_unused() -> str:
    """A catalog-format code no request of either channel uses yet."""
    for _attempt in range(8):
        code = tracking_code_new()
        if not (
            ServiceRequest.objects.filter(tracking_code=code).exists()
            or PortalRequest.objects.filter(tracking_code=code).exists()
        ):
            return code
    raise RuntimeError("Could not draw an unused tracking code.")


def status_path(portal_request: PortalRequest) -> str:
    return reverse("community_portal:request_status", kwargs={"code": portal_request.tracking_code})


@transaction.atomic
def portal_request_submit(
    *,
    requester: User,
    kind: str,
    title: str,
    details: str,
    beneficiaries: int = 1,
    service: ServiceCatalogEntry | None = None,
    sector: str = "",
) -> PortalRequest:
    """File a request for the requester's community. Naming a catalog service makes it that
    service's request (its code, charter clock and triage); anything else is an OBC request
    for OOBC staff to route to a MAO."""
    if not speaks_for_community(requester):
        raise PermissionDenied(_("Only leaders verified by OOBC file requests for a community."))
    community: Community = requester.community
    if kind not in RequestKind.values:
        raise ApplicationError(_("Choose what you are asking for."), field="kind")
    if (kind == RequestKind.CATALOG_SERVICE) != (service is not None):
        raise ApplicationError(_("Choose the service you are asking for."), field="service")
    now = timezone.now()
    portal_request = PortalRequest(
        kind=kind,
        requester=requester,
        community=community,
        title=title.strip(),
        details=details.strip(),
        beneficiaries=beneficiaries,
        sector=sector if kind != RequestKind.CATALOG_SERVICE else service.sector,
        status_changed_at=now,
    )
    if service is not None:
        try:
            portal_request.full_clean(exclude=["tracking_code", "service_request", "status"])
            service_request = service_request_submit(
                service=service,
                requester_name=requester.get_full_name() or requester.username,
                requester_email=requester.email,
                requester_phone=requester.phone,
                barangay=community.barangay,
                details=f"{portal_request.title}\n\n{portal_request.details}",
                beneficiaries=beneficiaries,
                privacy_notice_version=PRIVACY_NOTICE_VERSION,
            )
        except ValidationError as exc:
            raise ApplicationError.from_validation_error(exc) from exc
        portal_request.service_request = service_request
        portal_request.tracking_code = service_request.tracking_code
        portal_request.relayed_change_id = service_request.history.order_by("-id").values_list(
            "id", flat=True
        )[0]
        portal_request.save()
        return portal_request
    portal_request.status = ObcRequestStatus.SUBMITTED
    return _save_obc_request(portal_request)


@transaction.atomic
def portal_request_submit_public(
    *,
    kind: str,
    title: str,
    details: str,
    barangay: Barangay,
    requester_name: str,
    privacy_notice_version: str,
    requester_email: str = "",
    requester_phone: str = "",
    beneficiaries: int = 1,
    service: ServiceCatalogEntry | None = None,
    sector: str = "",
) -> PortalRequest:
    """A community request from the public API (no account). Naming a catalog service files
    that service's request (its code and clock); otherwise the barangay must have a profiled
    OBC community, whose OBC request OOBC staff route to a MAO."""
    if privacy_notice_version != PORTAL_PRIVACY_NOTICE_VERSION:
        raise ApplicationError(
            _("The privacy notice has changed: read it again and agree to it."),
            field="privacy_notice_version",
        )
    if not (requester_email or requester_phone):
        raise ApplicationError(
            _("Give an email address or a phone number, so we can tell you the answer."),
            field="requester_email",
        )
    if kind not in RequestKind.values:
        raise ApplicationError(_("Choose what you are asking for."), field="kind")
    if (kind == RequestKind.CATALOG_SERVICE) != (service is not None):
        raise ApplicationError(_("Name the service you are asking for."), field="service")
    community = Community.objects.filter(barangay=barangay).first()
    if community is None:
        raise ApplicationError(
            _("OOBC has not profiled an OBC community in this barangay: name a catalog service instead."),
            field="barangay",
        )
    now = timezone.now()
    portal_request = PortalRequest(
        kind=kind,
        community=community,
        title=title.strip(),
        details=details.strip(),
        beneficiaries=beneficiaries,
        sector=service.sector if service else sector,
        status_changed_at=now,
        contact_name=requester_name.strip(),
        contact_email=requester_email.strip(),
        contact_phone=requester_phone.strip(),
    )
    if service is not None:
        try:
            portal_request.full_clean(exclude=["tracking_code", "service_request", "status"])
        except ValidationError as exc:
            raise ApplicationError.from_validation_error(exc) from exc
        service_request = service_request_submit(
            service=service,
            requester_name=portal_request.contact_name,
            requester_email=portal_request.contact_email,
            requester_phone=portal_request.contact_phone,
            barangay=barangay,
            details=f"{portal_request.title}\n\n{portal_request.details}",
            beneficiaries=beneficiaries,
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            channel=RequestChannel.API,
        )
        portal_request.service_request = service_request
        portal_request.tracking_code = service_request.tracking_code
        portal_request.relayed_change_id = service_request.history.order_by("-id").values_list(
            "id", flat=True
        )[0]
        portal_request.save()
        return portal_request
    portal_request.status = ObcRequestStatus.SUBMITTED
    return _save_obc_request(portal_request)


def _save_obc_request(portal_request: PortalRequest) -> PortalRequest:
    try:
        portal_request.full_clean(exclude=["tracking_code"])
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    for _attempt in range(3):
        portal_request.tracking_code = tracking_code_unused()
        try:
            with transaction.atomic():
                portal_request.save()
            break
        except IntegrityError:
            continue
    RequestUpdate.objects.create(
        request=portal_request,
        to_status=ObcRequestStatus.SUBMITTED,
        public_note=_("We received your request."),
    )
    portal_notify(
        subject=_("%(code)s: we received your request") % {"code": portal_request.tracking_code},
        body=_("Follow it with your tracking code %(code)s.") % {"code": portal_request.tracking_code},
        url=status_path(portal_request),
        **recipient_of(portal_request),
        category="portal.request",
    )
    return portal_request


def _ensure_staff(acting_user: User) -> None:
    # Leaders hold the portal's CHANGE grant over their own rows; handling requests is MANAGE.
    ensure_can(
        acting_user, Area.PORTAL, Action.MANAGE, message=_("Only OOBC staff handle community requests.")
    )


def reply_token(portal_request: PortalRequest) -> str:
    """The private link's token: it names the request and the moment it started waiting, so
    it stops working once the requester has answered (the status moves on)."""
    marker = _waiting_marker(portal_request)
    return signing.dumps(
        {"c": portal_request.tracking_code, "m": marker}, salt=REPLY_LINK_SALT, compress=True
    )


def _waiting_marker(portal_request: PortalRequest) -> str:
    changed = (
        portal_request.service_request.status_changed_at
        if portal_request.is_catalog
        else portal_request.status_changed_at
    )
    return changed.isoformat()


def is_waiting_for_requester(portal_request: PortalRequest) -> bool:
    if portal_request.is_catalog:
        return portal_request.service_request.status == RequestStatus.NEEDS_INFO
    return portal_request.status == ObcRequestStatus.CLARIFICATION


def reply_link_request(*, token: str) -> PortalRequest:
    """The request a private reply link opens, while it still waits for its requester."""
    try:
        data = signing.loads(token, salt=REPLY_LINK_SALT, max_age=REPLY_LINK_MAX_AGE)
    except signing.BadSignature as exc:
        raise ApplicationError(_("This link is not valid or has expired."), field="token") from exc
    portal_request = (
        PortalRequest.objects.select_related("service_request", "requester")
        .filter(tracking_code=data.get("c"))
        .first()
    )
    if (
        portal_request is None
        or not is_waiting_for_requester(portal_request)
        or data.get("m") != _waiting_marker(portal_request)
    ):
        raise ApplicationError(_("This link has already been used or is no longer needed."), field="token")
    return portal_request


def reply_path(portal_request: PortalRequest) -> str:
    return reverse("community_portal:request_reply", kwargs={"token": reply_token(portal_request)})


def _send_reply_link(portal_request: PortalRequest, note: str) -> None:
    portal_notify(
        subject=_("%(code)s: waiting for information from you") % {"code": portal_request.tracking_code},
        body=_("%(note)s Answer through this private link; the processing clock restarts when you do.")
        % {"note": note},
        url=reply_path(portal_request),
        **recipient_of(portal_request),
        category="portal.request",
    )


@transaction.atomic
def portal_request_reply(
    *, portal_request: PortalRequest, text: str, files: list[UploadedFile] = ()
) -> InformationReply:
    """The requester's answer (and up to three images or PDFs). The request goes back under
    review and, for a catalog request, the charter clock resumes."""
    portal_request = PortalRequest.objects.select_for_update().get(pk=portal_request.pk)
    if not is_waiting_for_requester(portal_request):
        raise ApplicationError(_("This request is not waiting for information from you."), field="text")
    text = text.strip()
    if not text:
        raise ApplicationError(_("Write your answer."), field="text")
    if len(files) > MAX_ATTACHMENTS:
        raise ApplicationError(_("Attach at most 3 files."), field="attachments")
    checked = [checked_attachment(upload) for upload in files]
    reply = InformationReply(request=portal_request, text=text)
    try:
        reply.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    reply.save()
    for upload, content_type in checked:
        ReplyAttachment.objects.create(
            reply=reply,
            file=upload,
            original_name=(upload.name or "attachment")[-120:],
            content_type=content_type,
            size=upload.size,
        )
    note = _("The requester sent the information asked for.")
    if portal_request.is_catalog:
        try:
            service_request_requester_answered(
                service_request=portal_request.service_request, public_note=note
            )
        except ValidationError as exc:
            raise ApplicationError.from_validation_error(exc) from exc
    else:
        _obc_move(portal_request, to_status=ObcRequestStatus.UNDER_REVIEW, acting_user=None, public_note=note)
    return reply


def _obc_move(
    portal_request: PortalRequest,
    *,
    to_status: str,
    acting_user: User | None,
    public_note: str = "",
    internal_note: str = "",
) -> RequestUpdate:
    current = portal_request.status
    if to_status not in OBC_TRANSITIONS.get(current, ()):
        raise ApplicationError(
            _("A request that is “%(current)s” cannot become “%(next)s”.")
            % {
                "current": ObcRequestStatus(current).label,
                "next": ObcRequestStatus(to_status).label
                if to_status in ObcRequestStatus.values
                else to_status,
            },
            field="to_status",
        )
    if to_status in OBC_NOTE_REQUIRED and not public_note.strip():
        raise ApplicationError(str(OBC_NOTE_REQUIRED[to_status]), field="public_note")
    update = RequestUpdate(
        request=portal_request,
        from_status=current,
        to_status=to_status,
        changed_by=acting_user,
        public_note=public_note.strip(),
        internal_note=internal_note.strip(),
    )
    try:
        update.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    portal_request.status = to_status
    portal_request.status_changed_at = timezone.now()
    portal_request.save(update_fields=["status", "status_changed_at", "updated_at"])
    update.save()
    if portal_request.register_entry_id:
        ppa_update_status(portal_request, acting_user)
    _tell_requester(portal_request, update)
    return update


def ppa_update_status(portal_request: PortalRequest, acting_user: User | None) -> None:
    """Keep the register's OBC request row on the same status as the portal's."""
    entry = portal_request.register_entry
    if acting_user is None:
        # The requester's answer: no staff actor to write the register as; the status still
        # moves, through the queryset, as the register's row only mirrors the portal's.
        type(entry).objects.filter(pk=entry.pk).update(request_status=portal_request.status)
        return
    ppa_update(ppa=entry, acting_user=acting_user, request_status=portal_request.status)


def _tell_requester(portal_request: PortalRequest, update: RequestUpdate) -> None:
    if update.to_status == ObcRequestStatus.CLARIFICATION:
        _send_reply_link(portal_request, update.public_note)
        return
    label = ObcRequestStatus(update.to_status).label
    body = f"{update.public_note}\n\n" if update.public_note else ""
    portal_notify(
        subject=f"{portal_request.tracking_code}: {label}",
        body=body + _("Follow it with your tracking code %(code)s.") % {"code": portal_request.tracking_code},
        url=status_path(portal_request),
        **recipient_of(portal_request),
        category="portal.request",
    )
    if update.to_status == ObcRequestStatus.COMPLETED:
        from community_portal.services.feedback import feedback_invite

        feedback_invite(portal_request=portal_request)


@transaction.atomic
def portal_request_transition(
    *,
    portal_request: PortalRequest,
    acting_user: User,
    to_status: str,
    public_note: str = "",
    internal_note: str = "",
) -> RequestUpdate:
    """OOBC staff move an OBC request along (catalog requests move in the catalog's triage)."""
    _ensure_staff(acting_user)
    portal_request = PortalRequest.objects.select_for_update().get(pk=portal_request.pk)
    if portal_request.is_catalog:
        raise ApplicationError(_("Catalog requests are handled in the catalog's triage."), field="to_status")
    return _obc_move(
        portal_request,
        to_status=to_status,
        acting_user=acting_user,
        public_note=public_note,
        internal_note=internal_note,
    )


@transaction.atomic
def portal_request_route(
    *, portal_request: PortalRequest, acting_user: User, mao: Organization, public_note: str = ""
) -> PortalRequest:
    """Endorse an OBC request to a MAO: it enters the register of PPAs and OBC requests
    (category obc_request) with that MAO, where the MAO's focal persons see it."""
    _ensure_staff(acting_user)
    portal_request = PortalRequest.objects.select_for_update().get(pk=portal_request.pk)
    if portal_request.is_catalog:
        raise ApplicationError(_("Catalog requests are handled in the catalog's triage."), field="mao")
    if portal_request.register_entry_id is None:
        try:
            entry = ppa_create(
                acting_user=acting_user,
                category=EntryCategory.OBC_REQUEST,
                request_status=portal_request.status,
                title=portal_request.title,
                description=portal_request.details,
                implementing_mao=mao,
                fiscal_year=current_fiscal_year(),
                sector=portal_request.sector or "social",
                requesting_community=portal_request.community,
                beneficiaries_individuals=portal_request.beneficiaries,
                communities=[portal_request.community],
            )
        except ValidationError as exc:
            raise ApplicationError.from_validation_error(exc) from exc
        portal_request.register_entry = entry
    portal_request.routed_to = mao
    portal_request.save(update_fields=["routed_to", "register_entry", "updated_at"])
    if portal_request.status != ObcRequestStatus.ENDORSED:
        _obc_move(
            portal_request,
            to_status=ObcRequestStatus.ENDORSED,
            acting_user=acting_user,
            public_note=public_note or _("Endorsed to %(mao)s.") % {"mao": mao.name},
        )
    return portal_request


def catalog_change_announced(change: StatusChange) -> None:
    """The catalog's `request_changed` extension point, in the change's transaction: a
    request filed through the portal queues its relay (an outbox row that commits with the
    change); other requests are none of the portal's business."""
    if PortalRequest.objects.filter(service_request_id=change.request_id, requester__isnull=False).exists():
        outbox_enqueue(
            topic=RELAY_TOPIC,
            payload={"service_request_id": change.request_id},
            idempotency_key=f"status-change:{change.pk}:portal-relay",
        )


def catalog_change_relay_handle(message: OutboxMessage) -> None:
    """The outbox handler of RELAY_TOPIC (a failure raises: the outbox retries)."""
    catalog_changes_relay(service_request_id=message.payload["service_request_id"])


@transaction.atomic
def catalog_changes_relay(*, service_request_id: int) -> int:
    """Relay the new history rows of a portal-filed catalog request: in-app notice to the
    requester, the private reply link when information is asked for, and the feedback
    invitation when the request is fulfilled or closed. Each row is relayed once, in order
    (`relayed_change_id`, under a row lock), so a repeated or late message relays nothing twice."""
    from community_portal.services.feedback import feedback_invite

    portal_request = (
        PortalRequest.objects.select_for_update(of=("self",))
        .filter(
            kind=RequestKind.CATALOG_SERVICE,
            requester__isnull=False,
            service_request_id=service_request_id,
        )
        .select_related("service_request", "requester")
        .first()
    )
    if portal_request is None:  # the account was closed since
        return 0
    changes = list(
        StatusChange.objects.filter(
            request_id=portal_request.service_request_id, id__gt=portal_request.relayed_change_id
        )
        .order_by("id")
        .only("id", "from_status", "to_status", "public_note")
    )
    if not changes:
        return 0
    for change in changes:
        if not change.is_public:
            continue
        if change.is_status_change and change.to_status == RequestStatus.NEEDS_INFO:
            _send_reply_link(portal_request, change.public_note)
        else:
            portal_notify(
                subject=f"{portal_request.tracking_code}: {RequestStatus(change.to_status).label}",
                body=change.public_note,
                url=status_path(portal_request),
                user=portal_request.requester,
                # Email or SMS already went out from the catalog; this adds the in-app copy.
                external=False,
                category="portal.request",
            )
        if change.is_status_change and change.to_status in (
            RequestStatus.FULFILLED,
            RequestStatus.CLOSED,
        ):
            feedback_invite(portal_request=portal_request)
    portal_request.relayed_change_id = changes[-1].id
    portal_request.save(update_fields=["relayed_change_id", "updated_at"])
    return len(changes)
