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
from external_api.services.webhooks import webhook_endpoint_register
from external_api.tests.factories import make_agreement, make_partner_organization
from tests.helpers import oauth_token

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


# --- Changing what a partner was granted, from the page ---------------------------------------


def test_an_executive_narrows_a_clients_scopes_and_its_issued_token_loses_them(executive_client, partner):
    client_id = partner.profile.application.client_id
    assert partner.get("/api/v1/external/communities/").status_code == 200
    response = executive_client.post(f"/partners/clients/{client_id}/scopes/", {"scopes": ["ppas:read"]})
    assert response.status_code == 302
    partner.profile.refresh_from_db()
    assert partner.profile.allowed_scopes == "ppas:read"
    # A token issued under the old grant stops working at once (not when it expires); a new
    # token carries only what is granted now.
    assert partner.get("/api/v1/external/communities/").status_code == 401
    partner.token = oauth_token(partner.api_client, client_id, partner.secret).json()["access_token"]
    assert partner.get("/api/v1/external/ppas/").status_code == 200
    assert partner.get("/api/v1/external/communities/").status_code == 403


@pytest.mark.parametrize("scopes", [[], ["no:such-scope"]])
def test_a_bad_scope_change_comes_back_on_its_row_and_changes_nothing(executive_client, partner, scopes):
    client_id = partner.profile.application.client_id
    before = partner.profile.allowed_scopes
    response = executive_client.post(f"/partners/clients/{client_id}/scopes/", {"scopes": scopes})
    assert response.status_code == 400
    assert 'id="scopes-' + client_id + '-scopes_error"' in response.content.decode()
    partner.profile.refresh_from_db()
    assert partner.profile.allowed_scopes == before


def test_a_draft_agreement_is_signed_from_the_page_and_then_answers(executive_client, make_partner):
    partner = make_partner(classification=None)
    draft = make_agreement(partner.organization, status=AgreementStatus.DRAFT)
    assert partner.get("/api/v1/external/ppas/").status_code == 403
    response = executive_client.post(
        f"/partners/agreements/{draft.uid}/sign/",
        {
            "signed_on": timezone.localdate().isoformat(),
            "document": SimpleUploadedFile("dsa.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.ACTIVE and draft.document.name.endswith(".pdf")
    assert partner.get("/api/v1/external/ppas/").status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"signed_on": "9999-12-31"}, "signed_on"),
        ({"signed_on": "2026-12-01", "document_name": "dsa.exe", "content": b"MZ not a pdf"}, "document"),
        ({"signed_on": ""}, "signed_on"),
    ],
)
def test_a_bad_signature_comes_back_on_its_row_and_the_agreement_stays_a_draft(executive_client, data, field):
    draft = make_agreement(make_partner_organization(), status=AgreementStatus.DRAFT)
    post = {"signed_on": data["signed_on"]}
    post["document"] = SimpleUploadedFile(
        data.get("document_name", "dsa.pdf"), data.get("content", b"%PDF-1.4"), content_type="application/pdf"
    )
    response = executive_client.post(f"/partners/agreements/{draft.uid}/sign/", post)
    assert response.status_code == 400
    assert f'id="sign-{draft.uid}-{field}_error"' in response.content.decode()
    # The error summary at the top links to the field on its row.
    assert f'href="#sign-{draft.uid}-{field}"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT and not draft.document


def test_an_executive_turns_a_partners_endpoint_off_and_on(executive_client, partner, sink):
    endpoint = webhook_endpoint_register(client=partner.profile, url=sink.url, event_types=["ppa.created"])[0]
    assert executive_client.post(f"/partners/endpoints/{endpoint.uid}/toggle/").status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_reason == "Turned off by OOBC."
    page = executive_client.get("/partners/").content.decode()
    assert "Turned off by OOBC." in page and "Turn on" in page
    assert executive_client.post(f"/partners/endpoints/{endpoint.uid}/toggle/").status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.disabled_reason == ""


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.OCM_EXECUTIVE, Role.MAO_FOCAL, Role.EXTERNAL_PARTNER])
def test_only_executives_change_scopes_sign_or_turn_endpoints_off(client, partner, sink, role):
    client.force_login(UserFactory(role=role))
    client_id = partner.profile.application.client_id
    draft = make_agreement(partner.organization, status=AgreementStatus.DRAFT)
    assert client.post(f"/partners/clients/{client_id}/scopes/", {"scopes": ["ppas:read"]}).status_code == 403
    assert client.post(f"/partners/agreements/{draft.uid}/sign/", {}).status_code == 403
    endpoint = webhook_endpoint_register(client=partner.profile, url=sink.url, event_types=["ppa.created"])[0]
    assert client.post(f"/partners/endpoints/{endpoint.uid}/toggle/").status_code == 403
    partner.profile.refresh_from_db()
    draft.refresh_from_db()
    endpoint.refresh_from_db()
    assert "communities:read" in partner.profile.allowed_scopes and draft.status == AgreementStatus.DRAFT
    assert endpoint.is_active
