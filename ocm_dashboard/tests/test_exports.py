"""CSV exports: every table, HXL hashtags in the second row, no formula injection."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import Role
from common.tests.page_checks import signed_in
from ocm_dashboard.exports import neutralise
from ocm_dashboard.services.overlaps import overlaps_detect
from ocm_dashboard.services.snapshots import snapshot_take
from ocm_dashboard.tests import expected
from ocm_dashboard.tests.factories_dashboard import YEAR, ppa

pytestmark = pytest.mark.django_db
EXPORT = reverse("ocm_dashboard:export")
TABLES = ["mao", "sector", "coverage", "gaps", "sector-gaps", "overlaps", "changes"]


@pytest.fixture
def world(world):
    overlaps_detect(fiscal_year=YEAR)
    snapshot_take(fiscal_year=YEAR)
    return world


def read_csv(client, query: str) -> list[list[str]]:
    response = client.get(f"{EXPORT}?{query}")
    assert response.status_code == 200, query
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("table", TABLES)
def test_every_table_exports_with_hxl_hashtags_in_the_second_row(client, world, table):
    signed_in(client, Role.OCM_EXECUTIVE)
    rows = read_csv(client, f"table={table}&fiscal_year={YEAR}")
    headers, tags = rows[0], rows[1]
    assert len(headers) == len(tags)
    assert all(tag.startswith("#") for tag in tags), tags


def test_the_mao_export_carries_the_figures_and_the_hxl_tags(client, world):
    signed_in(client, Role.OOBC_STAFF)
    rows = read_csv(client, f"table=mao&fiscal_year={YEAR}")
    tags = rows[1]
    assert {"#org+name", "#value+allocated", "#reached"} <= set(tags)
    by_name = {row[tags.index("#org+name")]: row for row in rows[2:]}
    ppas = [p for p in expected.counted(world.all_ppas) if p.implementing_mao == world.maos["MA"]]
    row = by_name["Ministry MA"]
    assert Decimal(row[tags.index("#value+allocated")]) == sum(p.budget_allocated for p in ppas)
    assert int(row[tags.index("#reached")]) == sum(p.beneficiaries_individuals for p in ppas)


def test_the_coverage_export_follows_the_drill_down(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    town = world.municipalities["M1"]
    rows = read_csv(client, f"table=coverage&fiscal_year={YEAR}&municipality={town.psgc_code}")
    assert rows[1][:2] == ["#loc+name", "#adm4+code"]
    assert {row[0] for row in rows[2:]} == {"Community One", "Community Two"}
    regions = read_csv(client, f"table=coverage&fiscal_year={YEAR}")
    assert regions[1][:2] == ["#adm1+name", "#adm1+code"]


def test_cells_that_would_run_as_formulas_are_neutralised(client, world):
    world.maos["MA"].name = '=HYPERLINK("http://evil.example","x")'
    world.maos["MA"].save(update_fields=["name"])
    signed_in(client, Role.OCM_EXECUTIVE)
    rows = read_csv(client, f"table=mao&fiscal_year={YEAR}&sector=economic")
    names = [row[0] for row in rows[2:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[2:] for cell in row)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_formula_starts(text):
    assert neutralise(text) == "'" + text


def test_numbers_and_plain_text_stay_as_they_are():
    assert neutralise(-5) == -5 and neutralise("Pagadian") == "Pagadian" and neutralise(None) == ""


@pytest.mark.parametrize("amount", ["-1257366889.00", "-5", Decimal("-12.50"), "0912345000"])
def test_negative_amounts_stay_numbers_and_psgc_codes_stay_as_written(amount):
    assert neutralise(amount) == amount


def test_a_negative_change_in_the_csv_parses_as_a_number(client, world):
    entry = ppa(
        world.maos["MC"],
        communities=[world.communities["C6"]],
        budget_allocated=Decimal("2000000"),
        budget_utilized=0,
    )
    snapshot_take(fiscal_year=YEAR)
    type(entry).objects.filter(pk=entry.pk).update(budget_allocated=Decimal("1000000"))
    snapshot_take(fiscal_year=YEAR)
    signed_in(client, Role.OCM_EXECUTIVE)
    rows = read_csv(client, f"table=changes&fiscal_year={YEAR}")
    negatives = [cell for row in rows[2:] for cell in row if cell.startswith(("-", "'-"))]
    assert negatives and all(float(cell) < 0 for cell in negatives)


def test_the_changes_export_lists_what_changed(client, world):
    ppa(
        world.maos["MC"],
        communities=[world.communities["C6"]],
        budget_allocated=Decimal("10"),
        budget_utilized=0,
    )
    snapshot_take(fiscal_year=YEAR)
    signed_in(client, Role.OCM_EXECUTIVE)
    rows = read_csv(client, f"table=changes&fiscal_year={YEAR}")
    assert ["headline", "", "ppas", "6", "7", "1"] in rows
    assert any(row[:3] == ["changed", "MC", "budget_allocated"] for row in rows)


@pytest.mark.parametrize("role", [Role.MAO_FOCAL, Role.COMMUNITY_LEADER])
def test_outsiders_cannot_export(client, world, role):
    signed_in(client, role)
    assert client.get(f"{EXPORT}?table=mao").status_code == 403


def test_an_unknown_table_is_404_and_bad_filters_400(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    assert client.get(f"{EXPORT}?table=users").status_code == 404
    assert client.get(f"{EXPORT}?table=mao&fiscal_year=abc").status_code == 400
