from common.models import Role
from common.tests.factories import UserFactory
from external_api.services import partner_client_create


def make_partner_client(*, scopes=("ppas:read",), organization_name="Partner Agency", owner=None):
    """A partner account with one client-credentials client. Returns (profile, plain secret)."""
    owner = owner or UserFactory(role=Role.EXTERNAL_PARTNER)
    return partner_client_create(
        owner=owner,
        organization_name=organization_name,
        contact_email="api@partner.example",
        scopes=list(scopes),
    )
