"""The OOBC executive's partner pages: clients, agreements, endpoints; the access log with
filters (plain GET and htmx) and a CSV export that neutralises formulas."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from common.models import Role
from common.tests.factories import UserFactory
from external_api.models import AccessLogEntry, AgreementStatus, DataSharingAgreement
from external_api.services.access_log import access_log_record
from external_api.tests.factories import make_partner_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive_client(client):
    client.force_login(UserFactory(role=Role.OOBC_EXECUTIVE))
    return client


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.OCM_EXECUTIVE, Role.MAO_FOCAL])
def test_only_oobc_executives_manage_partners(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/partners/").status_code == 403
    assert client.get("/partners/access-log/").status_code == 403
    assert client.post("/partners/agreements/new/", {}).status_code == 403


def test_the_page_lists_clients_agreements_and_endpoints(executive_client, partner):
    page = executive_client.get("/partners/")
    assert page.status_code == 200
    assert partner.profile.application.client_id in page.content.decode()
    assert partner.organization.name in page.content.decode()


def test_an_executive_records_a_signed_agreement_and_revokes_it(executive_client):
    organization = make_partner_organization("DILG XII")
    today = timezone.localdate()
    response = executive_client.post(
        "/partners/agreements/new/",
        {
            "partner": organization.pk,
            "purpose": "LGPMS coordination",
            "datasets": ["ppas", "communities"],
            "max_classification": "internal",
            "start_date": today.isoformat(),
            "end_date": (today + dt.timedelta(days=365)).isoformat(),
            "signed_on": today.isoformat(),
            "document": SimpleUploadedFile("dsa.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    agreement = DataSharingAgreement.objects.get(partner=organization)
    assert agreement.status == AgreementStatus.ACTIVE and agreement.document.name.endswith(".pdf")
    assert (
        executive_client.post(
            f"/partners/agreements/{agreement.uid}/revoke/", {"reason": "Ended"}
        ).status_code
        == 302
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.REVOKED


def test_a_bad_agreement_comes_back_with_the_field_error_and_nothing_saved(executive_client):
    today = timezone.localdate()
    response = executive_client.post(
        "/partners/agreements/new/",
        {
            "partner": make_partner_organization().pk,
            "purpose": "x",
            "datasets": ["ppas"],
            "max_classification": "internal",
            "start_date": today.isoformat(),
            "end_date": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400 and "ends before it starts" in response.content.decode()
    assert not DataSharingAgreement.objects.exists()


def test_the_access_log_page_filters_without_javascript_and_with_htmx(executive_client, partner):
    partner.get("/api/v1/external/ppas/")
    partner.get("/api/v1/external/communities/")
    page = executive_client.get("/partners/access-log/", {"endpoint": "communities"})
    body = page.content.decode()
    assert page.status_code == 200 and "communities-list" in body and "ppas-list" not in body
    partial = executive_client.get("/partners/access-log/", {"endpoint": "ppas"}, HTTP_HX_REQUEST="true")
    assert 'id="results"' in partial.content.decode() and "<html" not in partial.content.decode()


def test_the_csv_export_neutralises_formulas(executive_client, partner):
    access_log_record(
        client=partner.profile, method="GET", endpoint="=HYPERLINK(1)", path="/x", status_code=200
    )
    response = executive_client.get("/partners/access-log.csv")
    text = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in text and AccessLogEntry.objects.count() == 1
