"""Writes of service requests: submission, the status machine, assignment, notification."""

import logging
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from common import extensions
from common.api.throttles import allowance_take
from common.errors import ApplicationError
from common.models import Barangay, Community, DataSource, OutboxMessage, User
from common.permissions import Action, Area, can, ensure_can
from common.services.guards import validate
from common.services.notifications import Channel, Message, NotDeliverable, notification_send
from common.services.outbox import domain_event_emit, outbox_enqueue
from service_catalog import sla
from service_catalog.models import (
    ALLOWED_TRANSITIONS,
    EntryStatus,
    Placement,
    RequestChannel,
    RequestStatus,
    ServiceCatalogEntry,
    ServiceRequest,
    StatusChange,
)
from service_catalog.privacy import PRIVACY_NOTICE_VERSION, public_note_check
from service_catalog.selectors import barangay_nearest

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code read aloud or copied from paper is not mistaken. 31 symbols ** 8
# is about 8.5e11 codes (40 bits): not guessable, and unknown codes are counted per IP.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_CODE = re.compile(rf"^SR-[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}$")
CODE_ATTEMPTS = 8
# A status change must explain itself to the requester for these.
NOTE_REQUIRED = {
    RequestStatus.NEEDS_INFO: gettext_lazy("Tell the requester what information is missing."),
    RequestStatus.REJECTED: gettext_lazy("Tell the requester why the request was not approved."),
}


def tracking_code_new() -> str:
    symbols = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"SR-{symbols[:4]}-{symbols[4:]}"


def tracking_code_normalise(raw: str) -> str | None:
    """'sr 7k3f 9q2m', '7K3F9Q2M' and 'SR-7K3F-9Q2M' are the same code; None if it cannot be one."""
    symbols = re.sub(r"[^0-9A-Za-z]", "", raw or "").upper()
    if symbols.startswith("SR") and len(symbols) == 10:
        symbols = symbols[2:]
    code = f"SR-{symbols[:4]}-{symbols[4:]}"
    return code if len(symbols) == 8 and TRACKING_CODE.match(code) else None


def _ensure_handles(user: User, service_request: ServiceRequest) -> None:
    ensure_can(
        user,
        Area.CATALOG,
        Action.CHANGE,
        organization_id=service_request.service.mao_id,
        message=_("You may handle your own MAO's requests only."),
    )


def status_url(service_request: ServiceRequest) -> str:
    path = reverse("service_catalog:request_status", kwargs={"code": service_request.tracking_code})
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def _check_can_receive(service: ServiceCatalogEntry, barangay: Barangay) -> None:
    if service.status != EntryStatus.PUBLISHED or not service.accepting_requests:
        raise ApplicationError(_("This service is not accepting requests."), field="service")
    regions = {region.pk for region in service.coverage_regions.all()}
    provinces = {province.pk for province in service.coverage_provinces.all()}
    if not (regions or provinces):
        return
    municipality = barangay.municipality
    if municipality.region_id not in regions and municipality.province_id not in provinces:
        raise ApplicationError(_("This service is not offered in that area."), field="barangay")


def _save_with_new_code(service_request: ServiceRequest) -> None:
    """Insert with a fresh random code; a collision (however unlikely) draws another."""
    for _attempt in range(CODE_ATTEMPTS):
        code = tracking_code_new()
        if ServiceRequest.objects.filter(tracking_code=code).exists():
            continue
        service_request.tracking_code = code
        try:
            with transaction.atomic():
                service_request.save()
            return
        except IntegrityError:
            if not ServiceRequest.objects.filter(tracking_code=code).exists():
                raise  # another constraint: not a collision
    raise RuntimeError("Could not draw an unused tracking code.")


NOTIFY_TOPIC = "service_catalog.status_change_notify"
# Extension point: apps above the catalog that follow its requests (the community portal
# tells the people who filed through it) provide `handler(change)`; it is called in the
# change's transaction, so what it writes (an outbox row) commits or rolls back with it.
REQUEST_CHANGED = "service_catalog.request_changed"


def _nobody_follows(change: StatusChange) -> None:
    return None


def _announce(change: StatusChange) -> None:
    """Tell the apps above the catalog about a new public history row (whether or not the
    requester is messaged: `notify=False` only silences the catalog's own message)."""
    extensions.provided(REQUEST_CHANGED, default=_nobody_follows)(change)


def _notify_on_commit(change: StatusChange) -> None:
    """An outbox row in the change's transaction: the requester is told once it commits,
    whether or not the broker is up then (the sweeper retries)."""
    outbox_enqueue(
        topic=NOTIFY_TOPIC,
        payload={"change_id": change.pk},
        idempotency_key=f"status-change:{change.pk}:notify",
    )


def status_change_notify_handle(message: OutboxMessage) -> None:
    """The outbox handler of NOTIFY_TOPIC (a failure raises: the outbox retries)."""
    status_change_notify(change_id=message.payload["change_id"])


def _language(language: str | None) -> str:
    chosen = language or translation.get_language() or settings.LANGUAGE_CODE
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


@transaction.atomic
def service_request_submit(
    *,
    service: ServiceCatalogEntry,
    requester_name: str,
    details: str,
    privacy_notice_version: str,
    barangay: Barangay | None = None,
    latitude=None,
    longitude=None,
    requester_email: str = "",
    requester_phone: str = "",
    beneficiaries: int = 1,
    location_details: str = "",
    channel: str = RequestChannel.WEB,
    source: str = DataSource.MANUAL,
    language: str | None = None,
    notify: bool = True,
) -> ServiceRequest:
    """File a request from the public (web form, public API or Open311). The requester is
    told the tracking code by email or SMS once the request is saved, in `language` (the
    active language when not given).

    Where: a barangay; else a point (latitude, longitude), placed in the barangay of the
    nearest profiled OBC community; else an address (`location_details`) kept for staff to
    place (`service_request_place`)."""
    if privacy_notice_version != PRIVACY_NOTICE_VERSION:
        raise ApplicationError(
            _("The privacy notice has changed: read it again and agree to it."),
            field="privacy_notice_version",
        )
    if not (requester_email or requester_phone):
        raise ApplicationError(
            _("Give an email address or a phone number, so we can tell you the answer."),
            field="requester_email",
        )
    placement = Placement.CHOSEN
    if barangay is None:
        has_point = latitude is not None and longitude is not None
        if not (has_point or location_details.strip()):
            raise ApplicationError(_("Say where: a barangay, a location or an address."), field="barangay")
        barangay = barangay_nearest(latitude=latitude, longitude=longitude) if has_point else None
        placement = Placement.NEAREST if barangay is not None else Placement.PENDING
    if barangay is not None:
        _check_can_receive(service, barangay)
    elif service.status != EntryStatus.PUBLISHED or not service.accepting_requests:
        raise ApplicationError(_("This service is not accepting requests."), field="service")
    now = timezone.now()
    service_request = ServiceRequest(
        service=service,
        requester_name=requester_name.strip(),
        requester_email=requester_email.strip(),
        requester_phone=requester_phone.strip(),
        barangay=barangay,
        community=Community.objects.filter(barangay=barangay).first() if barangay else None,
        latitude=latitude,
        longitude=longitude,
        placement=placement,
        language=_language(language),
        location_details=location_details.strip(),
        details=details.strip(),
        beneficiaries=beneficiaries,
        privacy_notice_version=privacy_notice_version,
        consent_given_at=now,
        channel=channel,
        status=RequestStatus.SUBMITTED,
        status_changed_at=now,
        sla_working_days=service.processing_ceiling_days,
        sla_due_on=sla.due_on(
            submitted_on=timezone.localdate(now), working_days=service.processing_ceiling_days
        ),
        source=source,
        tracking_code="SR-PENDING",
    )
    validate(service_request, exclude=["tracking_code"])
    if (
        notify
        and service_request.requester_email
        and allowance_take("request_confirmation", service_request.requester_email)
    ):
        # Each request emails a confirmation: the form must not be a way to flood an inbox.
        raise ApplicationError(
            gettext("Many requests were filed with this email address in the last hour: try again later."),
            field="requester_email",
        )
    _save_with_new_code(service_request)
    # No stored note: pages and messages say "We received your request." in the reader's language.
    change = StatusChange.objects.create(
        request=service_request, from_status="", to_status=RequestStatus.SUBMITTED
    )
    if notify:
        _notify_on_commit(change)
    _announce(change)
    domain_event_emit(event_type="request.submitted", data=_event_data(service_request, "submitted_at", now))
    return service_request


@transaction.atomic
def service_request_transition(
    *,
    service_request: ServiceRequest,
    acting_user: User,
    to_status: str,
    public_note: str = "",
    internal_note: str = "",
    notify: bool = True,
) -> StatusChange:
    """Move a request along the status machine. Waiting for the requester pauses the
    charter clock; the paused working days are added to the due date when it resumes."""
    _ensure_handles(acting_user, service_request)
    public_note_check(public_note)
    return _transition(
        service_request=service_request,
        acting_user=acting_user,
        to_status=to_status,
        public_note=public_note,
        internal_note=internal_note,
        notify=notify,
    )


@transaction.atomic
def service_request_requester_answered(*, service_request: ServiceRequest, public_note: str) -> StatusChange:
    """The requester sent the information staff asked for (the community portal's private
    reply link): the request goes back under review and the charter clock resumes."""
    if service_request.status != RequestStatus.NEEDS_INFO:
        raise ApplicationError(_("This request is not waiting for information."), field="status")
    return _transition(
        service_request=service_request,
        acting_user=None,
        to_status=RequestStatus.UNDER_REVIEW,
        public_note=public_note,
        internal_note="",
        notify=True,
    )


def _transition(
    *,
    service_request: ServiceRequest,
    acting_user: User | None,
    to_status: str,
    public_note: str,
    internal_note: str,
    notify: bool,
) -> StatusChange:
    ServiceRequest.objects.select_for_update().filter(pk=service_request.pk).first()
    service_request.refresh_from_db()
    current = service_request.status
    if to_status not in ALLOWED_TRANSITIONS.get(current, ()):
        allowed = ", ".join(
            str(RequestStatus(status).label) for status in sorted(ALLOWED_TRANSITIONS[current])
        )
        wanted = RequestStatus(to_status).label if to_status in RequestStatus.values else to_status
        refusal = _("A request that is “%(current)s” cannot become “%(wanted)s”.") % {
            "current": RequestStatus(current).label,
            "wanted": wanted,
        }
        if allowed:
            refusal += " " + _("Next: %(allowed)s.") % {"allowed": allowed}
        raise ApplicationError(refusal, field="status")
    if to_status in NOTE_REQUIRED and not public_note.strip():
        raise ApplicationError(NOTE_REQUIRED[to_status], field="public_note")
    now = timezone.now()
    today = timezone.localdate(now)
    if current == RequestStatus.NEEDS_INFO:
        service_request.sla_paused_working_days += sla.paused_working_days(
            paused_on=service_request.sla_paused_on, resumed_on=today
        )
        service_request.sla_paused_on = None
        service_request.sla_due_on = sla.due_on(
            submitted_on=timezone.localdate(service_request.created_at),
            working_days=service_request.sla_working_days,
            paused_working_days=service_request.sla_paused_working_days,
        )
    if to_status == RequestStatus.NEEDS_INFO:
        service_request.sla_paused_on = today
    if to_status in (RequestStatus.FULFILLED, RequestStatus.REJECTED):
        service_request.resolved_on = today
    change = StatusChange(
        request=service_request,
        from_status=current,
        to_status=to_status,
        changed_by=acting_user,
        public_note=public_note.strip(),
        internal_note=internal_note.strip(),
    )
    validate(change)
    service_request.status = to_status
    service_request.status_changed_at = now
    validate(service_request)
    service_request.save(
        update_fields=[
            "status",
            "status_changed_at",
            "sla_paused_on",
            "sla_paused_working_days",
            "sla_due_on",
            "resolved_on",
            "updated_at",
        ]
    )
    change.save()
    if notify:
        _notify_on_commit(change)
    _announce(change)
    if to_status == RequestStatus.APPROVED:
        domain_event_emit(
            event_type="request.approved", data=_event_data(service_request, "approved_at", now)
        )
    return change


def _event_data(service_request: ServiceRequest, moment_key: str, moment) -> dict:
    """A request's domain event carries no requester data: the service, status and place."""
    return {
        "uid": str(service_request.uid),
        "service": str(service_request.service.uid),
        "status": service_request.status,
        moment_key: moment.isoformat(),
        # None while an Open311 request waits for staff to place it.
        "municipality_psgc": service_request.barangay.municipality.psgc_code
        if service_request.barangay_id
        else None,
    }


@transaction.atomic
def service_request_assign(
    *, service_request: ServiceRequest, acting_user: User, assignee: User | None
) -> ServiceRequest:
    """Give the request to a colleague who may handle it (None: unassign). Recorded in the
    history as an internal note; the requester is not told."""
    _ensure_handles(acting_user, service_request)
    if assignee is not None and not can(
        assignee, Area.CATALOG, Action.CHANGE, organization_id=service_request.service.mao_id
    ):
        raise ApplicationError(_("Choose someone who handles this MAO's requests."), field="assigned_to")
    service_request.assigned_to = assignee
    service_request.save(update_fields=["assigned_to", "updated_at"])
    who = (assignee.get_full_name() or assignee.username) if assignee else "nobody"
    StatusChange.objects.create(
        request=service_request,
        from_status=service_request.status,
        to_status=service_request.status,
        changed_by=acting_user,
        internal_note=f"Assigned to {who}.",
    )
    return service_request


@transaction.atomic
def service_request_add_note(
    *, service_request: ServiceRequest, acting_user: User, public_note: str = "", internal_note: str = ""
) -> StatusChange:
    """A note without a status change. A public note is sent to the requester."""
    _ensure_handles(acting_user, service_request)
    if not (public_note.strip() or internal_note.strip()):
        raise ApplicationError(_("Write a note."), field="public_note")
    public_note_check(public_note)
    change = StatusChange(
        request=service_request,
        from_status=service_request.status,
        to_status=service_request.status,
        changed_by=acting_user,
        public_note=public_note.strip(),
        internal_note=internal_note.strip(),
    )
    validate(change)
    change.save()
    if change.public_note:
        _notify_on_commit(change)
        _announce(change)
    return change


def service_request_respond(
    *,
    service_request: ServiceRequest,
    acting_user: User,
    to_status: str = "",
    public_note: str = "",
    internal_note: str = "",
) -> StatusChange:
    """What staff do from the triage page or API: move the request on (`to_status`), or
    only add a note when no status is given."""
    notes = {"public_note": public_note, "internal_note": internal_note}
    if to_status:
        return service_request_transition(
            service_request=service_request, acting_user=acting_user, to_status=to_status, **notes
        )
    return service_request_add_note(service_request=service_request, acting_user=acting_user, **notes)


@transaction.atomic
def service_request_place(
    *, service_request: ServiceRequest, acting_user: User, barangay: Barangay
) -> ServiceRequest:
    """Staff set (or correct) the barangay of a request that came with only an address or a
    point. Recorded in the history as an internal note; the requester is not told."""
    _ensure_handles(acting_user, service_request)
    service_request.barangay = barangay
    service_request.community = Community.objects.filter(barangay=barangay).first()
    service_request.placement = Placement.STAFF
    service_request.save(update_fields=["barangay", "community", "placement", "updated_at"])
    StatusChange.objects.create(
        request=service_request,
        from_status=service_request.status,
        to_status=service_request.status,
        changed_by=acting_user,
        internal_note=f"Placed in {barangay.name}, {barangay.municipality.name}.",
    )
    return service_request


def _message_for(change: StatusChange) -> Message:
    """The message to the requester, in the language they wrote to us in."""
    service_request = change.request
    service = service_request.service
    with translation.override(service_request.language):
        label = str(RequestStatus(change.to_status).label)
        values = {
            "code": service_request.tracking_code,
            "service": service.display_title,
            "mao": service.mao.label,
            "status": label,
        }
        lines = [gettext("Your request %(code)s for “%(service)s” (%(mao)s) is now: %(status)s.") % values]
        if change.public_text:
            lines.append(change.public_text)
        if service_request.is_open and not service_request.sla_paused:
            due = formats.date_format(service_request.sla_due_on, "DATE_FORMAT")
            lines.append(gettext("Citizen's Charter processing time ends on %(date)s.") % {"date": due})
        lines.append(gettext("Follow it with your tracking code %(code)s.") % values)
        return Message(
            subject=f"{service_request.tracking_code}: {label}",
            body="\n\n".join(lines),
            url=status_url(service_request),
            category="service_request",
        )


@transaction.atomic
def status_change_notify(*, change_id: int) -> str:
    """Tell the requester about one history row, by email (SMS when they gave only a phone).
    Idempotent: a row already notified is not sent again."""
    change = (
        StatusChange.objects.select_for_update()
        .select_related("request__service__mao")
        .filter(pk=change_id)
        .first()
    )
    if change is None or change.notified_at is not None or not change.is_public:
        return change.notification_ref if change else ""
    service_request = change.request
    channel = Channel.EMAIL if service_request.requester_email else Channel.SMS
    try:
        reference = notification_send(
            channel=channel,
            message=_message_for(change),
            email=service_request.requester_email,
            phone=service_request.requester_phone,
        )
    except NotDeliverable as exc:
        reference = f"not deliverable: {exc}"
    change.notified_at = timezone.now()
    change.notification_ref = reference[:300]
    change.save(update_fields=["notified_at", "notification_ref", "updated_at"])
    return reference
