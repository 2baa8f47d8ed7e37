"""Data sharing agreements gate every partner data endpoint: scope first, then an agreement
in force covering the dataset, then only the fields its classification allows."""

import datetime as dt

import pytest
from django.utils import timezone

from common.models import DataClassification, Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory
from external_api.datasets import DATASETS
from external_api.models import AgreementStatus, Dataset
from external_api.selectors import can_share_with
from external_api.services.agreements import agreement_create, agreement_revoke
from external_api.tests.factories import make_agreement, make_partner_organization
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db
LISTS = [f"/api/v1/external/{dataset}/" for dataset in DATASETS]


@pytest.mark.parametrize("url", LISTS)
def test_every_dataset_answers_a_partner_with_an_agreement_in_force(partner, url):
    assert partner.get(url).status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_no_agreement_means_no_data(make_partner, url):
    partner = make_partner(classification=None)
    body = assert_error_shape(partner.get(url), 403)
    assert "agreement" in body["message"]


@pytest.mark.parametrize("url", LISTS)
def test_an_expired_agreement_stops_access(make_partner, url):
    partner = make_partner(classification=None)
    today = timezone.localdate()
    make_agreement(
        partner.organization, start=today - dt.timedelta(days=400), end=today - dt.timedelta(days=1)
    )
    assert_error_shape(partner.get(url), 403)


@pytest.mark.parametrize("url", LISTS)
def test_revoking_stops_a_token_already_issued_at_once(partner, url):
    assert partner.get(url).status_code == 200
    agreement_revoke(
        agreement=partner.agreement,
        acting_user=UserFactory(role=Role.OOBC_EXECUTIVE),
        reason="Breach reported",
    )
    assert_error_shape(partner.get(url), 403)


def test_an_agreement_not_yet_started_or_still_a_draft_gives_nothing(make_partner):
    partner = make_partner(classification=None)
    today = timezone.localdate()
    make_agreement(partner.organization, start=today + dt.timedelta(days=1))
    make_agreement(partner.organization, status=AgreementStatus.DRAFT)
    assert_error_shape(partner.get("/api/v1/external/ppas/"), 403)


def test_an_agreement_covers_only_its_datasets(make_partner):
    partner = make_partner(classification=None)
    make_agreement(partner.organization, datasets=[Dataset.PPAS])
    assert partner.get("/api/v1/external/ppas/").status_code == 200
    assert_error_shape(partner.get("/api/v1/external/communities/"), 403)


@pytest.mark.parametrize("url", LISTS)
def test_a_missing_scope_is_refused_before_the_agreement(make_partner, url):
    partner = make_partner(scopes=["webhooks:manage"])
    body = assert_error_shape(partner.get(url), 403)
    assert "scope" in body["message"]


def test_a_public_agreement_sends_public_fields_only(make_partner, ppas):
    partner = make_partner(classification=DataClassification.PUBLIC)
    record = partner.get("/api/v1/external/ppas/").json()["results"][0]
    assert "title" in record and "budget_allocated" in record
    assert "progress" not in record and "communities" not in record and "budget_utilized" not in record
    assert_error_shape(partner.get("/api/v1/external/ppas/?fields=title,progress"), 400, "fields")


def test_community_rows_above_the_agreement_are_not_shared(make_partner):
    public_one = CommunityFactory(classification=DataClassification.PUBLIC)
    internal_one = CommunityFactory(classification=DataClassification.INTERNAL)
    CommunityFactory(classification=DataClassification.SENSITIVE)
    public_partner = make_partner(classification=DataClassification.PUBLIC, name="DOH")
    listed = {row["uid"] for row in public_partner.get("/api/v1/external/communities/").json()["results"]}
    assert listed == {str(public_one.uid)}
    assert public_partner.get(f"/api/v1/external/communities/{internal_one.uid}/").status_code == 404
    internal_partner = make_partner(classification=DataClassification.INTERNAL, name="DILG")
    rows = internal_partner.get("/api/v1/external/communities/").json()["results"]
    assert {row["uid"] for row in rows} == {str(public_one.uid), str(internal_one.uid)}


def test_sensitive_fields_never_leave_whatever_the_agreement(make_partner):
    CommunityFactory(classification=DataClassification.PUBLIC, latitude="7.1", longitude="124.2")
    partner = make_partner(classification=DataClassification.CONFIDENTIAL)
    row = partner.get("/api/v1/external/communities/").json()["results"][0]
    assert row["latitude"] == "7.100000"
    assert "ethnolinguistic_group" not in row and "notes" not in row
    assert_error_shape(
        partner.get("/api/v1/external/communities/?fields=ethnolinguistic_group"), 400, "fields"
    )


def test_can_share_with_follows_the_agreement_in_force():
    organization = make_partner_organization("DSWD XII")
    assert not can_share_with(organization, Dataset.PPAS)
    agreement = make_agreement(
        organization, datasets=[Dataset.PPAS], classification=DataClassification.PUBLIC
    )
    assert can_share_with(organization, Dataset.PPAS, DataClassification.PUBLIC)
    assert not can_share_with(organization, Dataset.PPAS, DataClassification.INTERNAL)
    assert not can_share_with(organization, Dataset.COMMUNITIES)
    assert not can_share_with(organization, Dataset.PPAS, DataClassification.SENSITIVE)
    agreement.status = AgreementStatus.REVOKED
    agreement.revoked_at = timezone.now()
    agreement.save()
    assert not can_share_with(organization, Dataset.PPAS)


def test_an_agreement_never_covers_sensitive_data_and_needs_a_purpose():
    executive = UserFactory(role=Role.OOBC_EXECUTIVE)
    today = timezone.localdate()
    base = {
        "acting_user": executive,
        "partner": make_partner_organization(),
        "purpose": "Coordination",
        "datasets": [Dataset.PPAS],
        "start_date": today,
        "end_date": today,
    }
    from common.errors import ApplicationError

    with pytest.raises(ApplicationError) as error:
        agreement_create(**base, max_classification=DataClassification.SENSITIVE)
    assert error.value.field == "max_classification"
    with pytest.raises(ApplicationError) as error:
        agreement_create(**{**base, "purpose": " "}, max_classification=DataClassification.PUBLIC)
    assert error.value.field == "purpose"
    with pytest.raises(ApplicationError) as error:
        agreement_create(**{**base, "datasets": ["everything"]}, max_classification=DataClassification.PUBLIC)
    assert error.value.field == "datasets"


def test_only_oobc_executives_record_agreements():
    from django.core.exceptions import PermissionDenied

    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        agreement_create(
            acting_user=UserFactory(role=Role.OOBC_STAFF),
            partner=make_partner_organization(),
            purpose="x",
            datasets=[Dataset.PPAS],
            max_classification=DataClassification.PUBLIC,
            start_date=today,
            end_date=today,
        )
