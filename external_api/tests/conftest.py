import pytest

from common.models import DataClassification
from common.tests.geo_factories import CommunityFactory
from external_api.tests.factories import make_agreement, make_partner_client
from external_api.tests.sink import start_sink
from monitoring.tests.factories import PpaFactory
from tests.helpers import oauth_token

ALL_READ_SCOPES = ["ppas:read", "communities:read", "organizations:read", "catalog:read", "webhooks:manage"]


class Partner:
    """A partner organization with one client, an agreement, and a token-carrying client."""

    def __init__(
        self, api_client, *, scopes=ALL_READ_SCOPES, classification=DataClassification.INTERNAL, name="DSWD"
    ):
        self.api_client = api_client
        self.profile, self.secret = make_partner_client(scopes=scopes, organization_name=name)
        self.organization = self.profile.organization
        self.agreement = (
            make_agreement(self.organization, classification=classification) if classification else None
        )
        self.token = oauth_token(api_client, self.profile.application.client_id, self.secret).json()[
            "access_token"
        ]

    def get(self, url, **extra):
        return self.api_client.get(url, HTTP_AUTHORIZATION=f"Bearer {self.token}", **extra)

    def post(self, url, data=None, **extra):
        return self.api_client.post(
            url, data, format="json", HTTP_AUTHORIZATION=f"Bearer {self.token}", **extra
        )

    def patch(self, url, data=None, **extra):
        return self.api_client.patch(
            url, data, format="json", HTTP_AUTHORIZATION=f"Bearer {self.token}", **extra
        )

    def delete(self, url, **extra):
        return self.api_client.delete(url, HTTP_AUTHORIZATION=f"Bearer {self.token}", **extra)


@pytest.fixture
def partner(db, api_client):
    return Partner(api_client)


@pytest.fixture
def make_partner(db, api_client):
    def make(**kwargs):
        return Partner(api_client, **kwargs)

    return make


@pytest.fixture
def sink():
    receiver = start_sink()
    yield receiver
    receiver.close()


@pytest.fixture
def ppas(db):
    community = CommunityFactory()
    return [PpaFactory(fiscal_year=2025, communities=[community]) for _ in range(3)]
