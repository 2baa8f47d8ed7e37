"""Every figure of the dashboard equals the same figure computed in plain Python from the
rows the test created (ocm_dashboard.tests.expected)."""

import datetime
from decimal import Decimal

import pytest

from common.models import Sector
from monitoring.models import EntryKind
from monitoring.tests.factories import UpdateFactory
from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.models import BeneficiaryOverlap
from ocm_dashboard.selectors.dashboard import CHART_TOP_MAOS, dashboard_payload, mao_bars, map_layers
from ocm_dashboard.selectors.gaps import community_gap_list, gap_rows, sector_gaps
from ocm_dashboard.selectors.scope import expected_progress
from ocm_dashboard.services.overlaps import overlaps_detect
from ocm_dashboard.tests import expected
from ocm_dashboard.tests.factories_dashboard import YEAR, grow_world, ppa

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)  # FY2025 is over: on track means completed or 90% done


def payload_for(today=TODAY, **filters):
    return dashboard_payload(filters=DashboardFilters(fiscal_year=YEAR, **filters), today=today)


def figures(row: dict) -> dict:
    keys = (
        "ppas",
        "budget_allocated",
        "budget_utilized",
        "beneficiaries",
        "households",
        "communities_served",
    )
    return {key: row[key] for key in keys if key in row}


def test_headline_figures_count_each_ppa_once_and_each_community_once(world):
    payload = payload_for()
    ppas = expected.counted(world.all_ppas)
    want = expected.totals(ppas, expected_progress=payload["expected_progress"])
    assert payload["expected_progress"] == 90
    assert figures(payload["totals"]) == {key: value for key, value in want.items() if key != "on_track"}
    assert payload["totals"]["on_track"] == want["on_track"] == 2  # p1 at 95%, p2 completed
    assert payload["totals"]["on_track_share"] == round(2 / len(ppas), 4)
    assert payload["totals"]["utilization"] == round(
        float(Decimal(want["budget_utilized"]) / Decimal(want["budget_allocated"])), 4
    )


def test_cancelled_ppas_obc_requests_and_other_years_are_not_counted(world):
    counted = expected.counted(world.all_ppas)
    assert world.ppas["cancelled"] not in counted and world.ppas["request"] not in counted
    assert world.ppas["last_year"] not in counted
    assert payload_for()["totals"]["ppas"] == len(counted) == 6


def test_breakdown_by_mao_matches_and_shows_each_maos_latest_report(world):
    payload = payload_for()
    groups = expected.group_by(expected.counted(world.all_ppas), lambda ppa: ppa.implementing_mao)
    rows = {row["mao_uid"]: row for row in payload["by_mao"]}
    assert len(rows) == len(groups) == 4  # MA, MB, MC and the PPA without a MAO
    for mao, ppas in groups.items():
        row = rows[str(mao.uid) if mao else None]
        want = expected.totals(ppas, expected_progress=90)
        assert figures(row) == {key: value for key, value in want.items() if key != "on_track"}, mao
        latest = max((ppa.last_reported_on for ppa in ppas if ppa.last_reported_on), default=None)
        assert row["latest_update"] == (latest.isoformat() if latest else None)
    assert [row["mao"] for row in payload["by_mao"]][0] == "MC"  # biggest budget first


def test_breakdown_by_sector_lists_every_sector(world):
    payload = payload_for()
    groups = expected.group_by(expected.counted(world.all_ppas), lambda ppa: ppa.sector)
    assert [row["sector"] for row in payload["by_sector"]] == Sector.values
    for row in payload["by_sector"]:
        want = expected.totals(groups.get(row["sector"], []), expected_progress=90)
        assert figures(row) == {key: value for key, value in want.items() if key != "on_track"}


@pytest.mark.parametrize("level", ["region", "province", "municipality"])
def test_coverage_by_place_counts_a_ppa_once_per_place(world, level):
    payload = payload_for()
    want = expected.coverage(expected.counted(world.all_ppas), level)
    rows = [row for row in payload["coverage"][level] if row["kind"] != "unplaced"]
    by_name = {row["name"]: row for row in rows}
    places = {
        "region": world.regions.values(),
        "province": [*world.provinces.values(), world.municipalities["H"]],
        "municipality": world.municipalities.values(),
    }[level]
    for place in places:
        key = place.id
        if level == "province":
            key = (None, place.id) if getattr(place, "is_huc", False) else (place.id, None)
        figures_wanted = want.get(
            key, {"ppas": 0, "budget_allocated": 0, "beneficiaries": 0, "served": set()}
        )
        row = by_name[place.name]
        assert row["ppas"] == figures_wanted["ppas"], place
        assert row["budget_allocated"] == expected.money(figures_wanted["budget_allocated"]), place
        assert row["beneficiaries"] == figures_wanted["beneficiaries"], place
        assert row["communities_served"] == len(figures_wanted["served"]), place
        communities = [c for c in world.communities.values() if expected.community_key(c, level) == key]
        assert row["obc_communities"] == len(communities)
        assert row["obc_population"] == sum(c.estimated_obc_population for c in communities)
        assert row["coverage_share"] == round(len(figures_wanted["served"]) / len(communities), 4)


def test_pagadian_counts_the_ppa_serving_two_of_its_communities_once(world):
    row = next(r for r in payload_for()["coverage"]["municipality"] if r["name"] == "Pagadian")
    # p1 serves C1 and C2 (both in Pagadian), p2 serves C1: two PPAs, two communities.
    assert (row["ppas"], row["budget_allocated"], row["communities_served"]) == (2, "3000000.00", 2)
    assert row["cost_per_beneficiary"] == expected.money(Decimal(3_000_000) / 800)


def test_region_wide_ppas_are_in_the_unplaced_row_below_the_region(world):
    provinces = payload_for()["coverage"]["province"]
    unplaced = [row for row in provinces if row["kind"] == "unplaced"]
    assert len(unplaced) == 1 and unplaced[0]["ppas"] == 1  # p5, Region XII-wide
    assert unplaced[0]["budget_allocated"] == "750000.00"
    regions = {row["name"]: row for row in payload_for()["coverage"]["region"]}
    assert regions["Region XII (SOCCSKSARGEN)"]["ppas"] == 3  # p2 (via C4), p4, p5


def test_an_independent_city_stands_at_the_province_level(world):
    rows = {row["name"]: row for row in payload_for(region=world.regions["IX"])["coverage"]["province"]}
    assert rows["Zamboanga City"]["kind"] == "city"
    assert rows["Zamboanga City"]["ppas"] == 1 and rows["Zamboanga City"]["budget_allocated"] == "500000.00"


def test_a_region_filter_narrows_every_figure_to_the_region(world):
    region = world.regions["IX"]
    payload = payload_for(region=region)
    ppas = expected.counted(world.all_ppas, place=("region", region.id))
    want = expected.totals(ppas, expected_progress=90, communities_in=lambda c: c.region_id == region.id)
    assert figures(payload["totals"]) == {key: value for key, value in want.items() if key != "on_track"}
    assert payload["table_level"] == "province"
    assert {row["name"] for row in payload["coverage"]["province"]} == {"Zamboanga del Sur", "Zamboanga City"}


def test_sector_and_mao_filters(world):
    mao = world.maos["MA"]
    payload = payload_for(sector=Sector.ECONOMIC, mao=mao)
    want = expected.totals(
        expected.counted(world.all_ppas, sector=Sector.ECONOMIC, mao=mao), expected_progress=90
    )
    assert figures(payload["totals"]) == {key: value for key, value in want.items() if key != "on_track"}
    assert [row["sector"] for row in payload["by_sector"]] == [Sector.ECONOMIC]


def test_a_quarter_keeps_ppas_whose_dates_overlap_it_or_that_reported_in_it(world):
    # p1 ends in Q1 and p3 starts in Q3; p5 ends in February. Undated PPAs run all year.
    q2 = payload_for(quarter=2)
    names_q2 = expected.counted(world.all_ppas)
    active_q2 = [ppa for ppa in names_q2 if ppa not in (world.ppas["p1"], world.ppas["p3"], world.ppas["p5"])]
    assert q2["totals"]["ppas"] == len(active_q2)
    UpdateFactory(entry=world.ppas["p1"], reported_on=datetime.date(2025, 5, 2))
    assert payload_for(quarter=2)["totals"]["ppas"] == len(active_q2) + 1


def test_on_track_is_judged_at_the_end_of_the_quarter(world):
    filters = DashboardFilters(fiscal_year=YEAR, quarter=1)
    # 90 days of 365 elapsed at 31 March: 24%, less the 10-point tolerance.
    assert expected_progress(filters, today=TODAY) == 14


def test_community_level_lists_the_municipality_communities_with_their_ppas(world):
    municipality = world.municipalities["M1"]
    payload = payload_for(municipality=municipality)
    rows = {row["name"]: row for row in payload["coverage"]["community"]}
    assert set(rows) == {"Community One", "Community Two"}
    assert rows["Community One"]["ppas"] == 2 and rows["Community One"]["budget_allocated"] == "3000000.00"
    assert rows["Community One"]["validated_needs"] == 1
    assert rows["Community One"]["unmet_need"] == 50 * 2  # medium term weighs 2


def test_community_level_ends_with_its_ppas(world):
    payload = payload_for(community=world.communities["C1"], municipality=world.municipalities["M1"])
    uids = {row["uid"] for row in payload["coverage"]["ppa"]}
    assert uids == {str(world.ppas["p1"].uid), str(world.ppas["p2"].uid)}


def test_gaps_are_communities_with_validated_needs_and_too_few_ppas_ranked_by_unmet_need(world):
    rows = list(community_gap_list(filters=DashboardFilters(fiscal_year=YEAR)))
    want = expected.gaps(
        world.communities.values(), world.needs.values(), expected.counted(world.all_ppas), min_ppas=2
    )
    shown = gap_rows(rows, filters=DashboardFilters(fiscal_year=YEAR))
    assert [(row["name"], row["ppas"], row["unmet_need"]) for row in shown] == [
        (c.name, n, u) for c, n, u in want
    ]
    assert [row["name"] for row in shown] == ["Community Six", "Community Three", "Community Five"]


def test_the_gap_threshold_is_configurable(world):
    rows = community_gap_list(filters=DashboardFilters(fiscal_year=YEAR), min_ppas=1)
    assert [row["community_name"] for row in rows] == ["Community Six"]  # the only one no PPA serves


def test_sector_gaps_compare_validated_need_with_planned_reach(world):
    rows = {row["sector"]: row for row in sector_gaps(filters=DashboardFilters(fiscal_year=YEAR))}
    social = rows[Sector.SOCIAL]
    # Validated social needs: C6 (200, unserved by social PPAs) and C5 (80, served by p3).
    assert (social["affected_population"], social["unserved_population"], social["beneficiaries"]) == (
        280,
        200,
        100,
    )
    assert social["need_exceeds_coverage"] is True
    economic = rows[Sector.ECONOMIC]
    assert (economic["affected_population"], economic["unserved_communities"]) == (130, 1)  # C3 unserved
    assert rows[Sector.PEACE_SECURITY]["need_exceeds_coverage"] is False


def test_map_layers_put_bubbles_at_the_mean_position_of_each_places_communities(world):
    layers = map_layers(payload_for())
    pagadian = next(point for point in layers["points"] if point["name"] == "Pagadian")
    assert pagadian["lat"] == pytest.approx((7.8257 + 7.83) / 2) and pagadian["ppas"] == 2
    # Short labels, so the four regions fit on a phone's map.
    assert {label["name"] for label in layers["labels"]} == {"Region IX", "Region XII"}
    provinces = map_layers(payload_for(region=world.regions["IX"]))["labels"]
    assert {label["name"] for label in provinces} == {"Zamboanga del Sur", "Zamboanga City"}


def test_payload_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        payload_for()
    grow_world(world, 12)
    with django_assert_max_num_queries(len(few)):
        payload_for()


def test_a_special_provisions_earmark_is_not_added_to_the_budgets(world):
    """An earmark sits inside its MAO's programme budgets: totals and breakdowns count the
    programmes' allocations once, and the provision adds an entry but no pesos."""
    before = payload_for()
    mao = world.ppas["p1"].implementing_mao
    ppa(
        mao,
        communities=[world.communities["C1"]],
        kind=EntryKind.SPECIAL_PROVISION,
        title="Special provision: Quick Response Fund",
        budget_allocated=0,
        budget_utilized=0,
        earmarked_amount=Decimal("50000000.00"),
    )
    after = payload_for()
    assert after["totals"]["ppas"] == before["totals"]["ppas"] + 1
    assert after["totals"]["budget_allocated"] == before["totals"]["budget_allocated"]
    by_mao = {row["mao_uid"]: row["budget_allocated"] for row in after["by_mao"]}
    assert by_mao == {row["mao_uid"]: row["budget_allocated"] for row in before["by_mao"]}
    # In an overlap the provision's earmark is the money it puts on the activity.
    overlaps_detect(fiscal_year=YEAR)
    overlap = BeneficiaryOverlap.objects.get(community=world.communities["C1"], sector=Sector.ECONOMIC)
    budgets = sorted(Decimal(row["budget"]) for row in overlap.ppas)
    assert budgets == [Decimal("1000000"), Decimal("2000000"), Decimal("50000000")]
    assert overlap.combined_budget == Decimal("53000000.00")


def test_the_mao_chart_draws_the_top_maos_and_one_bar_for_the_others():
    rows = [
        {"mao": f"M{i}", "budget_allocated": str(1000 - i), "budget_utilized": "1.00", "ppas": 2}
        for i in range(44)
    ]
    bars = mao_bars(rows)
    assert [bar["label"] for bar in bars[:CHART_TOP_MAOS]] == [f"M{i}" for i in range(CHART_TOP_MAOS)]
    others = bars[-1]
    assert len(bars) == CHART_TOP_MAOS + 1
    assert others["label"] == f"{44 - CHART_TOP_MAOS} other MAOs"
    assert others["ppas"] == 2 * (44 - CHART_TOP_MAOS)
    assert others["allocated"] == sum(1000 - i for i in range(CHART_TOP_MAOS, 44))
    # One MAO past the top is drawn under its own name, not as "1 other MAOs".
    assert [bar["label"] for bar in mao_bars(rows[: CHART_TOP_MAOS + 1])][-1] == f"M{CHART_TOP_MAOS}"
