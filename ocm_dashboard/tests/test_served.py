"""Figures served, not recomputed: the kept overview equals the live computation and an
independent recomputation for every dimension combination on the demo data; a change shows
after the refresh; a rendered page is never served across roles or MAOs."""

import io
import itertools
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from common.models import Region, Role, Sector
from common.tests.factories import UserFactory
from common.tests.page_checks import signed_in
from coordination.models import Organization
from monitoring.models import MonitoringEntry
from monitoring.services.ppas import ppa_update
from ocm_dashboard.demo import DEMO_FISCAL_YEAR
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.selectors.served import LIVE, PRECOMPUTED, overview_payload, overview_read
from ocm_dashboard.services.snapshots import snapshot_take
from ocm_dashboard.tests import expected
from ocm_dashboard.tests.factories_dashboard import YEAR
from tests.helpers import bearer

OVERVIEW = "/api/v1/internal/ocm-dashboard/overview/"
INDEX = reverse("ocm_dashboard:index")
SERVED_KEYS = {"served_from", "computed_at"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def figures(answer: dict) -> dict:
    return {key: value for key, value in answer.items() if key not in SERVED_KEYS}


def combinations() -> list[DashboardFilters]:
    """Every single dimension of the snapshot (every quarter, sector, MAO with PPAs that
    year, and region), every sector with every region, and every sector with each of the
    three busiest MAOs."""
    year = DEMO_FISCAL_YEAR
    maos = list(Organization.objects.filter(ppas__fiscal_year=year).distinct().order_by("acronym"))
    regions = list(Region.objects.order_by("psgc_code"))
    sectors = list(Sector.values)
    chosen = [DashboardFilters(fiscal_year=year)]
    chosen += [DashboardFilters(fiscal_year=year, quarter=quarter) for quarter in (1, 2, 3, 4)]
    chosen += [DashboardFilters(fiscal_year=year, sector=sector) for sector in sectors]
    chosen += [DashboardFilters(fiscal_year=year, mao=mao) for mao in maos]
    chosen += [DashboardFilters(fiscal_year=year, region=region) for region in regions]
    chosen += [
        DashboardFilters(fiscal_year=year, sector=sector, region=region)
        for sector, region in itertools.product(sectors, regions)
    ]
    busiest = sorted(maos, key=lambda mao: -mao.ppas.filter(fiscal_year=year).count())[:3]
    chosen += [
        DashboardFilters(fiscal_year=year, sector=sector, mao=mao)
        for sector, mao in itertools.product(sectors, busiest)
    ]
    return chosen


def independent(filters: DashboardFilters, answer: dict, ppas: list) -> None:
    """The headline and the by-MAO budgets recomputed in plain Python (ocm_dashboard.tests.expected)."""
    if filters.quarter:
        return  # quarter activity is checked against the live computation only
    place = ("region", filters.region.id) if filters.region else None
    chosen = expected.counted(
        ppas, year=filters.fiscal_year, sector=filters.sector or None, mao=filters.mao, place=place
    )
    inside = (lambda community: community.region_id == filters.region.id) if filters.region else None
    want = expected.totals(chosen, expected_progress=answer["expected_progress"], communities_in=inside)
    for key, value in want.items():
        assert answer["totals"][key] == value, (filters.query(), key)
    by_mao = {row["mao_uid"]: row for row in answer["by_mao"]}
    for mao, group in expected.group_by(chosen, lambda ppa: ppa.implementing_mao).items():
        row = by_mao[str(mao.uid) if mao else None]
        assert row["ppas"] == len(group), (filters.query(), mao)
        assert row["budget_allocated"] == expected.money(sum(ppa.budget_allocated for ppa in group))


@pytest.mark.slow
def test_kept_answers_equal_the_live_computation_for_every_combination_on_the_demo_data(demo, db):
    cache.clear()
    ppas = list(
        MonitoringEntry.objects.filter(fiscal_year=DEMO_FISCAL_YEAR)
        .select_related("implementing_mao")
        .prefetch_related("communities")
    )
    chosen = combinations()
    assert len(chosen) > 40
    for filters in chosen:
        first = overview_read(filters=filters)
        kept = overview_read(filters=filters)
        assert (first["served_from"], kept["served_from"]) == (LIVE, PRECOMPUTED), filters.query()
        live = overview_payload(filters=filters)
        assert figures(kept) == figures(first) == live, filters.query()
        independent(filters, kept, ppas)


@pytest.mark.django_db
def test_changing_a_ppa_changes_the_served_overview_after_the_refresh(api_client, world):
    headers = bearer(UserFactory(role=Role.OCM_EXECUTIVE))
    snapshot_take(fiscal_year=YEAR)  # the refresh keeps the year's overview
    body = api_client.get(OVERVIEW, {"fiscal_year": YEAR}, **headers).json()
    assert body["served_from"] == PRECOMPUTED
    before = Decimal(body["totals"]["budget_allocated"])

    ppa = world.ppas["p1"]
    ppa_update(ppa=ppa, acting_user=UserFactory(role=Role.OOBC_STAFF), budget_allocated=Decimal("1500000.00"))
    snapshot_take(fiscal_year=YEAR)
    body = api_client.get(OVERVIEW, {"fiscal_year": YEAR}, **headers).json()
    assert body["served_from"] == PRECOMPUTED
    assert Decimal(body["totals"]["budget_allocated"]) == before + Decimal("500000.00")


@pytest.mark.django_db
def test_a_change_is_never_served_stale_before_the_refresh_either(api_client, world):
    headers = bearer(UserFactory(role=Role.OCM_EXECUTIVE))
    params = {"fiscal_year": YEAR, "sector": "economic"}
    first = api_client.get(OVERVIEW, params, **headers).json()
    again = api_client.get(OVERVIEW, params, **headers).json()
    assert (first["served_from"], again["served_from"]) == (LIVE, PRECOMPUTED)
    assert figures(first) == figures(again)
    ppa = world.ppas["p1"]
    ppa_update(ppa=ppa, acting_user=UserFactory(role=Role.OOBC_STAFF), beneficiaries_individuals=301)
    after = api_client.get(OVERVIEW, params, **headers).json()
    assert after["served_from"] == LIVE
    assert after["totals"]["beneficiaries"] != first["totals"]["beneficiaries"]


@pytest.mark.django_db
def test_narrow_places_are_computed_live_each_time(api_client, world):
    headers = bearer(UserFactory(role=Role.OCM_EXECUTIVE))
    params = {"fiscal_year": YEAR, "municipality": world.municipalities["M1"].psgc_code}
    served = [api_client.get(OVERVIEW, params, **headers).json()["served_from"] for _ in range(2)]
    assert served == [LIVE, LIVE]


def _ppas_figure(client) -> str:
    html = client.get(f"{INDEX}?fiscal_year={YEAR}&sector=economic").content.decode()
    return html.split('data-figure="budget_allocated"', 1)[1].split("<", 1)[0]


def _change_without_a_trace(world) -> None:
    """A change the data version cannot see (no updated_at): only a fresh rendering shows it."""
    MonitoringEntry.objects.filter(pk=world.ppas["p1"].pk).update(budget_allocated=Decimal("9999999.00"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"role": Role.OCM_EXECUTIVE}, {"role": Role.OOBC_STAFF}),
        ({"role": Role.OOBC_EXECUTIVE}, {"role": Role.OCM_EXECUTIVE}),
        ({"role": Role.OOBC_STAFF}, {"role": Role.OOBC_STAFF, "organization": "other"}),
    ],
)
def test_a_cached_page_never_crosses_roles_or_organisations(client, world, first, second):
    if second.get("organization") == "other":
        second = {**second, "organization": world.maos["MC"]}
    signed_in(client, **first)
    cached = _ppas_figure(client)
    _change_without_a_trace(world)
    assert _ppas_figure(client) == cached  # the same reader: the kept rendering
    other = client_for(second)
    assert _ppas_figure(other) != cached  # another scope renders its own


def client_for(fields: dict) -> Client:
    client = Client()
    signed_in(client, **fields)
    return client


def _mao_options(client, query: str = "") -> list[str]:
    html = client.get(f"{INDEX}?fiscal_year={YEAR}{query}").content.decode()
    select = html.split('name="mao"', 1)[1].split("</select>", 1)[0]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in select.split("<option")[1:]]


@pytest.mark.django_db
def test_the_kept_filter_bar_follows_the_mao_list_the_query_and_the_reader(client, world):
    """The bar is kept per query, language and reader: a new MAO shows at once, a chosen
    one stays chosen, and a bar in error is not taken for the plain one."""
    from coordination.tests.factories import OrganizationFactory

    signed_in(client, role=Role.OCM_EXECUTIVE)
    before = _mao_options(client)
    assert _mao_options(client) == before  # kept
    OrganizationFactory(name="Ministry Added Just Now")
    assert any(option.startswith("Ministry Added Just Now") for option in _mao_options(client))
    mao = world.maos["MC"]
    chosen = client.get(f"{INDEX}?fiscal_year={YEAR}&mao={mao.uid}").content.decode()
    assert f'<option value="{mao.uid}" selected>' in chosen
    invalid = client.get(f"{INDEX}?fiscal_year={YEAR}&mao=not-a-uid").content.decode()
    assert "Some filters are not valid" in invalid and "aria-invalid" in invalid
    assert (
        f'<option value="{mao.uid}" selected>'
        not in client.get(f"{INDEX}?fiscal_year={YEAR}").content.decode()
    )
