"""Demo of partner data sharing (synthetic): the demo partner agency, its OAuth client, a
data sharing agreement for public and internal data, and a webhook endpoint pointing at
the local receiver (`manage.py webhook_receiver`), with a few deliveries already made."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_application_model

from common.models import DataClassification, Role, User
from coordination.models import Organization, OrganizationKind
from external_api.models import (
    AgreementStatus,
    Dataset,
    DataSharingAgreement,
    PartnerProfile,
    WebhookEndpoint,
)
from external_api.services.clients import partner_client_create
from external_api.services.webhooks import domain_event_fanout
from monitoring.models import EntryCategory, MonitoringEntry

DEMO_CLIENT_ID = "demo-partner-agency"
DEMO_CLIENT_SECRET = "demo-partner-secret-not-for-production"
DEMO_ORGANIZATION = "Demo Partner Agency (synthetic)"
DEMO_RECEIVER_URL = "http://127.0.0.1:8765/webhooks/obcms"
# Fixed so `manage.py webhook_receiver` can verify the demo's signatures out of the box.
DEMO_WEBHOOK_SECRET = "whsec_ZGVtby13ZWJob29rLXNlY3JldC1ub3QtZm9yLXByb2R1Y3Rpb24="
DEMO_SCOPES = [
    "ppas:read",
    "communities:read",
    "organizations:read",
    "catalog:read",
    "meetings:read",
    "dashboard:read",
    "webhooks:manage",
]


@transaction.atomic
def demo_partner_seed() -> list[str]:
    owner = User.objects.filter(role=Role.EXTERNAL_PARTNER, username="partner").first()
    if owner is None:
        return []
    organization, _ = Organization.objects.get_or_create(
        name=DEMO_ORGANIZATION, kind=OrganizationKind.DEVELOPMENT_PARTNER
    )
    application = get_application_model().objects.filter(client_id=DEMO_CLIENT_ID).first()
    if application is None:
        profile, _secret = partner_client_create(
            owner=owner,
            organization_name=DEMO_ORGANIZATION,
            contact_email="partner@demo.obcms.invalid",
            scopes=DEMO_SCOPES,
            client_id=DEMO_CLIENT_ID,
            client_secret=DEMO_CLIENT_SECRET,
            organization=organization,
        )
    else:
        profile = PartnerProfile.objects.get(application=application)
        PartnerProfile.objects.filter(pk=profile.pk).update(
            organization=organization, allowed_scopes=" ".join(sorted(DEMO_SCOPES))
        )
        profile.refresh_from_db()
    today = timezone.localdate()
    if not DataSharingAgreement.objects.filter(partner=organization).exists():
        DataSharingAgreement.objects.create(
            partner=organization,
            reference="DSA-DEMO-0001 (synthetic)",
            purpose=(
                "Coordinate the partner's programmes with BARMM PPAs serving Other Bangsamoro "
                "Communities and avoid duplicated assistance (synthetic demo agreement)."
            ),
            datasets=[
                Dataset.PPAS,
                Dataset.COMMUNITIES,
                Dataset.ORGANIZATIONS,
                Dataset.SERVICES,
                Dataset.MEETINGS,
            ],
            max_classification=DataClassification.INTERNAL,
            start_date=today - dt.timedelta(days=30),
            end_date=today.replace(year=today.year + 2),
            status=AgreementStatus.ACTIVE,
            signed_on=today - dt.timedelta(days=30),
        )
    endpoint = WebhookEndpoint.objects.filter(client=profile).first()
    if endpoint is None:
        # Created directly: the receiver is on loopback, which only the embedded demo and
        # the tests may call (WEBHOOK_ALLOW_LOOPBACK); elsewhere its deliveries are refused.
        endpoint = WebhookEndpoint.objects.create(
            client=profile,
            url=DEMO_RECEIVER_URL,
            description="Local demo receiver: manage.py webhook_receiver",
            event_types=["ppa.created", "ppa.status_changed", "request.submitted", "request.approved"],
            secret=DEMO_WEBHOOK_SECRET,
        )
        ppas = MonitoringEntry.objects.exclude(category=EntryCategory.OBC_REQUEST).order_by("uid")[:3]
        for ppa in ppas:
            domain_event_fanout(
                event_type="ppa.status_changed",
                data={
                    "uid": str(ppa.uid),
                    "status": ppa.status,
                    "previous_status": "planning",
                    "title": ppa.title,
                },
                source_key=f"demo-{ppa.uid}",
            )
    return [
        "Demo partner API client (OAuth2 client credentials at /api/v1/external/oauth/token/):",
        f"  client_id={DEMO_CLIENT_ID}  client_secret={DEMO_CLIENT_SECRET}",
        f"  agreement: public and internal data; webhook endpoint {DEMO_RECEIVER_URL}",
        "  run `manage.py webhook_receiver` to receive and verify its webhooks",
    ]
