import datetime as dt

from django.utils import timezone

from common.models import DataClassification, Role
from common.tests.factories import UserFactory
from coordination.models import Organization, OrganizationKind
from external_api.models import AgreementStatus, Dataset, DataSharingAgreement
from external_api.services import partner_client_create


def make_partner_organization(name="Partner Agency") -> Organization:
    return Organization.objects.get_or_create(name=name, kind=OrganizationKind.NGA)[0]


def make_partner_client(
    *, scopes=("ppas:read",), organization_name="Partner Agency", owner=None, organization=None
):
    """A partner account with one client-credentials client. Returns (profile, plain secret)."""
    owner = owner or UserFactory(role=Role.EXTERNAL_PARTNER)
    return partner_client_create(
        owner=owner,
        organization_name=organization_name,
        contact_email="api@partner.example",
        scopes=list(scopes),
        organization=organization or make_partner_organization(organization_name),
    )


def make_agreement(
    partner: Organization,
    *,
    datasets=tuple(Dataset.values),
    classification=DataClassification.INTERNAL,
    status=AgreementStatus.ACTIVE,
    start=None,
    end=None,
) -> DataSharingAgreement:
    today = timezone.localdate()
    return DataSharingAgreement.objects.create(
        partner=partner,
        purpose="Coordination of assistance to OBCs (test).",
        datasets=list(datasets),
        max_classification=classification,
        start_date=start or today - dt.timedelta(days=10),
        end_date=end or today + dt.timedelta(days=365),
        status=status,
        revoked_at=timezone.now() if status == AgreementStatus.REVOKED else None,
    )
