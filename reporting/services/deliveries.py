"""Telling a schedule's recipients that their report is ready: an email with a signed,
expiring download link (never the file itself) and an in-app notification, each recorded
as a ReportDelivery. One row per report, recipient and channel (a database constraint), and
only pending rows are sent, so reruns and retries never tell anyone twice."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import User
from common.services.notifications import Channel, Message, NotDeliverable, notification_send
from common.services.outbox import outbox_enqueue
from reporting.access import refusal
from reporting.models import DeliveryChannel, DeliveryStatus, GeneratedReport, ReportDelivery

LINK_SALT = "reporting.download-link"
DELIVER_TOPIC = "reporting.deliver"


def link_days() -> int:
    return int(getattr(settings, "REPORTS_LINK_DAYS", 7))


def download_token(*, report: GeneratedReport, recipient: User) -> str:
    return signing.dumps({"report": str(report.uid), "user": recipient.pk}, salt=LINK_SALT, compress=True)


def download_token_read(token: str) -> dict | None:
    """The report uid and user id a link was signed for, or None when it is forged or expired."""
    try:
        return signing.loads(token, salt=LINK_SALT, max_age=timedelta(days=link_days()))
    except signing.BadSignature:
        return None


def deliveries_prepare(*, report: GeneratedReport) -> None:
    """Record a pending delivery per recipient and channel, and send them after commit."""
    recipients = list(report.schedule.recipients.filter(is_active=True))
    ReportDelivery.objects.bulk_create(
        [
            ReportDelivery(report=report, recipient=recipient, channel=channel)
            for recipient in recipients
            for channel in (DeliveryChannel.EMAIL, DeliveryChannel.IN_APP)
        ],
        ignore_conflicts=True,
    )
    outbox_enqueue(
        topic=DELIVER_TOPIC,
        payload={"report_id": report.pk},
        idempotency_key=f"report-deliveries:{report.uid}",
    )


def _message(delivery: ReportDelivery, *, absolute: bool) -> Message:
    report = delivery.report
    if absolute:
        token = download_token(report=report, recipient=delivery.recipient)
        url = settings.SITE_URL + reverse("reporting:signed_download", kwargs={"token": token})
    else:
        url = reverse("reporting:detail", kwargs={"uid": report.uid})
    body = _(
        "Your scheduled report is ready: %(title)s (%(format)s). The download link works for %(days)s days; "
        "the file is kept until %(expiry)s."
    ) % {
        "title": report.title,
        "format": report.format.upper(),
        "days": link_days(),
        "expiry": f"{timezone.localtime(report.expires_at):%d %B %Y}" if report.expires_at else "-",
    }
    return Message(
        subject=_("Report ready: %(title)s") % {"title": report.title},
        body=body,
        url=url,
        category="report.ready",
    )


def deliveries_send(*, report_id: int) -> int:
    """Send the report's pending deliveries; each is locked while sent so two runs never
    send one twice. Returns how many were sent."""
    sent = 0
    pending_ids = list(
        ReportDelivery.objects.filter(report_id=report_id, status=DeliveryStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    for delivery_id in pending_ids:
        with transaction.atomic():
            delivery = (
                ReportDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("report__template", "recipient")
                .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
                .first()
            )
            if delivery is None:
                continue
            reason = refusal(
                delivery.recipient, template=delivery.report.template, mao_id=delivery.report.mao_id
            )
            try:
                if reason:
                    raise NotDeliverable(reason)
                channel = Channel.EMAIL if delivery.channel == DeliveryChannel.EMAIL else Channel.IN_APP
                reference = notification_send(
                    channel=channel,
                    message=_message(delivery, absolute=channel is Channel.EMAIL),
                    user=delivery.recipient,
                )
            except NotDeliverable as exc:
                delivery.status = DeliveryStatus.FAILED
                delivery.error = str(exc)
            else:
                delivery.status = DeliveryStatus.SENT
                delivery.reference = reference[:300]
                delivery.sent_at = timezone.now()
                sent += 1
            delivery.save(update_fields=["status", "error", "reference", "sent_at", "updated_at"])
    return sent
