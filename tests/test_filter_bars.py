"""Filter bars: folded away on a phone until a filter is in use, and no select offers a bare
"---------" (an empty choice reads "Any", or says what to choose)."""

import re

import pytest
from django.urls import reverse

from common.models import Role
from common.tests.page_checks import signed_in
from service_catalog.tests.factories import submit_request

pytestmark = pytest.mark.django_db
PPAS = reverse("monitoring:ppa_list")


def _disclosure(html: str) -> str:
    match = re.search(r"<details class=\"filter-disclosure\"[^>]*>", html)
    assert match, "no folded filter bar"
    return match.group(0)


def test_the_filter_bar_starts_folded_and_opens_when_a_filter_is_in_use(client):
    signed_in(client, Role.OOBC_STAFF)
    assert " open" not in _disclosure(client.get(PPAS).content.decode())
    assert " open" in _disclosure(client.get(f"{PPAS}?sector=social").content.decode())
    assert " open" in _disclosure(client.get(f"{PPAS}?fiscal_year=nineteen").content.decode())


def test_the_dashboard_year_alone_does_not_open_its_filters(client):
    signed_in(client, Role.OCM_EXECUTIVE)
    dashboard = reverse("ocm_dashboard:index")
    assert " open" not in _disclosure(client.get(f"{dashboard}?fiscal_year=2025").content.decode())
    assert " open" in _disclosure(client.get(f"{dashboard}?fiscal_year=2025&quarter=2").content.decode())


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.OOBC_STAFF, reverse("reporting:index")),
        (Role.OOBC_STAFF, PPAS),
        (Role.OOBC_STAFF, reverse("ocm_dashboard:overlap_list")),
        (Role.OOBC_STAFF, reverse("service_catalog:triage")),
    ],
)
def test_no_select_offers_a_bare_dash_choice(client, role, url):
    signed_in(client, role)
    response = client.get(url)
    assert response.status_code == 200
    assert "---------" not in response.content.decode()


def test_the_request_page_asks_to_choose_the_barangay(client):
    service_request = submit_request()
    signed_in(client, Role.OOBC_STAFF)
    html = client.get(reverse("service_catalog:request_detail", kwargs={"uid": service_request.uid})).content
    assert b"---------" not in html and b"Choose the barangay" in html
