"""The public "what is being done where" view: PPAs serving a municipality or barangay,
their MAO, budget and progress, from public data only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import DataClassification
from common.tests.geo_factories import CommunityFactory
from monitoring.models import EntryCategory
from monitoring.tests.factories import PpaFactory

pytestmark = pytest.mark.django_db


def _url(psgc):
    return reverse("monitoring:public_accountability", kwargs={"psgc": psgc})


def test_a_municipality_shows_the_ppas_serving_it_with_mao_budget_and_progress(client):
    public_community = CommunityFactory(classification=DataClassification.PUBLIC)
    municipality = public_community.barangay.municipality
    ppa = PpaFactory(title="Halal livelihood support", budget_allocated=Decimal("2500000"), progress=40)
    ppa.communities.add(public_community)
    response = client.get(_url(municipality.psgc_code))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Halal livelihood support" in html and ppa.implementing_mao.name in html
    assert "₱2,500,000.00" in html and "40%" in html
    barangay_page = client.get(_url(public_community.barangay.psgc_code)).content.decode()
    assert "Halal livelihood support" in barangay_page


def test_a_ppa_reaches_the_page_only_through_public_data(client):
    internal_community = CommunityFactory(classification=DataClassification.INTERNAL)
    ppa = PpaFactory(title="Served through an internal profile only", budget_allocated=Decimal("1000000"))
    ppa.communities.add(internal_community)
    request = PpaFactory(
        title="A community's own request",
        category=EntryCategory.OBC_REQUEST,
        request_status="submitted",
        budget_allocated=Decimal("1000000"),
    )
    request.communities.add(internal_community)
    html = client.get(_url(internal_community.barangay.municipality.psgc_code)).content.decode()
    assert "Served through an internal profile only" not in html
    assert "A community&#x27;s own request" not in html and "A community's own request" not in html


def test_the_chooser_works_without_javascript_and_unknown_places_are_404(client):
    community = CommunityFactory(classification=DataClassification.PUBLIC)
    PpaFactory(budget_allocated=Decimal("1000000")).communities.add(community)
    municipality = community.barangay.municipality
    index = client.get(reverse("monitoring:public_accountability_index"))
    assert index.status_code == 200 and municipality.psgc_code in index.content.decode()
    chosen = client.get(reverse("monitoring:public_accountability_index"), {"place": municipality.psgc_code})
    assert chosen.status_code == 302 and chosen["Location"] == _url(municipality.psgc_code)
    assert client.get(_url("0000000000")).status_code == 404


def test_the_page_is_in_filipino_for_a_filipino_reader(client):
    community = CommunityFactory(classification=DataClassification.PUBLIC)
    PpaFactory(budget_allocated=Decimal("1000000")).communities.add(community)
    html = client.get(
        _url(community.barangay.municipality.psgc_code), HTTP_ACCEPT_LANGUAGE="fil"
    ).content.decode()
    assert 'lang="fil"' in html and "Ano ang ginagawa sa" in html
