"""The geography loader: PSGC codes from the barangay package joined with the census files.

What the two sources hold for Regions IX-XII, counted by hand:
- census files: 24 provinces and independent cities, 282 cities and municipalities,
  6,598 barangays (IX 2,314; X 2,022; XI 1,164; XII 1,098);
- PSGC: 18 provinces and 6 independent cities (the five HUCs and Isabela City), the same 282
  cities and municipalities, 6,595 barangays (IX 2,314; X 2,022; XI 1,162; XII 1,097).
The difference is six census names no PSGC unit answers to, and three PSGC barangays the
census does not list under their name (6,598 - 6 + 3 = 6,595).
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from common.models import Barangay, Municipality, Province, Region
from common.services.geography import CENSUS_YEAR, geography_load, name_key

HUCS = {
    "City of Zamboanga": "0931700000",
    "City of Iligan": "1030900000",
    "City of Cagayan De Oro": "1030500000",
    "City of Davao": "1130700000",
    "City of General Santos": "1230800000",
}
UNMATCHED_CENSUS = [
    "IX / Zamboanga del Sur / Lapuyan / Lubusan",
    "XI / Davao del Norte / Santo Tomas / Tibul-og",
    "XI / Davao del Sur / Bansalan / San Pedro",
    "XI / Davao del Sur / Bansalan / San Jose",
    "XI / Davao del Sur / Bansalan / San Vicente",
    "XII / Cotabato / Banisilan / Puti",
]
UNMATCHED_PSGC = [
    "IX / Zamboanga del Sur / Lapuyan / Lubosan [0907313012]",
    "XI / Davao del Norte / Santo Tomas / Tibal-og [1102318011]",
    "XI / Davao del Sur / Bansalan / Santo Niño [1102401020]",
]


@pytest.fixture(scope="module")
def first_load(django_db_setup, django_db_blocker):
    """Regions IX-XII loaded once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield geography_load()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(first_load, db):
    return first_load


def barangay(name: str, municipality: str) -> Barangay:
    return Barangay.objects.get(name=name, municipality__name=municipality)


def test_the_four_obc_regions_load_with_their_real_counts(loaded):
    assert sorted(Region.objects.values_list("short_name", flat=True)) == ["IX", "X", "XI", "XII"]
    assert Province.objects.count() == 18
    assert Municipality.objects.filter(province__isnull=True).count() == 6
    assert Municipality.objects.count() == 282
    assert Barangay.objects.count() == 6595
    per_region = {
        short: Barangay.objects.filter(municipality__region__short_name=short).count()
        for short in ("IX", "X", "XI", "XII")
    }
    assert per_region == {"IX": 2314, "X": 2022, "XI": 1162, "XII": 1097}
    assert {level: counts.created for level, counts in loaded.counts.items()} == {
        "regions": 4,
        "provinces": 18,
        "municipalities": 282,
        "barangays": 6595,
    }


def test_highly_urbanised_cities_sit_under_their_region_without_a_province(loaded):
    hucs = Municipality.objects.filter(is_huc=True)
    assert dict(hucs.values_list("name", "psgc_code")) == HUCS
    assert not hucs.filter(province__isnull=False).exists()
    assert set(hucs.values_list("kind", flat=True)) == {"city"}
    isabela = Municipality.objects.get(name="City of Isabela")
    assert (isabela.is_huc, isabela.province, isabela.region.short_name) == (False, None, "IX")
    assert Municipality.objects.get(name="City of Dapitan").province.name == "Zamboanga del Norte"


def test_every_place_carries_its_real_psgc_code_and_census_population(loaded):
    region = Region.objects.get(short_name="IX")
    assert (region.psgc_code, region.name) == ("0900000000", "Region IX (Zamboanga Peninsula)")
    sulu = Province.objects.get(name="Sulu")
    assert (sulu.psgc_code, sulu.region, sulu.population) == ("0906600000", region, 1_146_097)
    zamboanga = Municipality.objects.get(psgc_code="0931700000")
    assert (zamboanga.population, zamboanga.census_year) == (1_018_849, CENSUS_YEAR)
    arena_blanco = barangay("Arena Blanco", "City of Zamboanga")
    assert (arena_blanco.population, arena_blanco.census_year) == (13_848, 2024)
    assert Barangay.objects.exclude(psgc_code__regex=r"^[0-9]{10}$").count() == 0


def test_spelling_conventions_are_joined_without_guessing(loaded):
    # "Leon T. Postigo 1" (a footnote mark), "President Manuel A. Roxas" (PSGC "Pres."),
    # "Pigcawayan" (PSGC "Pigkawayan"), "Baukbauk Poblacion" (PSGC "Baukbauk Pob."),
    # "Sto. Niño" (PSGC "Santo Niño"), "Limbaan" (PSGC "Limba-an").
    assert Municipality.objects.get(name="Leon T. Postigo").population == 29_535
    assert Municipality.objects.get(name="Pres. Manuel A. Roxas").population == 38_649
    assert Municipality.objects.get(name="Pigkawayan").population == 53_593
    assert barangay("Baukbauk Pob.", "Balingoan").population == 2_431
    assert barangay("Limba-an", "New Corella").population == 4_813
    assert barangay("Santo Niño", "City of Panabo").population is not None
    assert name_key("Sto. Niño") == name_key("Santo Nino")
    assert name_key("City of Davao") == name_key("Davao City (HUC)") == name_key("Davao City")
    assert name_key("Tibul-og") != name_key("Tibal-og")


def test_places_the_two_sources_disagree_on_are_reported_not_guessed(loaded):
    assert loaded.unmatched_census == UNMATCHED_CENSUS
    assert loaded.unmatched_psgc == UNMATCHED_PSGC
    assert Barangay.objects.filter(population__isnull=True).count() == 3
    assert barangay("Lubosan", "Lapuyan").census_year is None


def test_bansalan_keeps_its_census_total_and_its_unlisted_barangay_has_no_population(loaded):
    # The census lists San Pedro, San Jose and San Vicente under Bansalan, which PSGC does
    # not; PSGC's Santo Niño is not in the census list. Neither side is guessed.
    bansalan = Municipality.objects.get(name="Bansalan")
    assert bansalan.population == 64_816
    assert barangay("Santo Niño", "Bansalan").population is None
    assert not Barangay.objects.filter(municipality=bansalan, name__in=["San Pedro", "San Jose"]).exists()


def test_puti_which_has_no_figure_and_no_psgc_unit_is_reported(loaded):
    assert "XII / Cotabato / Banisilan / Puti" in loaded.unmatched_census
    assert not Barangay.objects.filter(name="Puti", municipality__name="Banisilan").exists()
    # The other Puti, with a figure, is matched.
    assert Barangay.objects.get(name="Puti").population == 2_383


def test_a_second_run_changes_nothing(loaded):
    before = dict(Barangay.objects.values_list("psgc_code", "updated_at"))
    again = geography_load()
    assert not again.changed
    assert {level: counts.unchanged for level, counts in again.counts.items()} == {
        "regions": 4,
        "provinces": 18,
        "municipalities": 282,
        "barangays": 6595,
    }
    assert dict(Barangay.objects.values_list("psgc_code", "updated_at")) == before


def test_a_row_that_drifted_from_the_sources_is_corrected(loaded):
    Barangay.objects.filter(name="Arena Blanco").update(population=1)
    Municipality.objects.filter(name="City of Davao").update(name="Davao")
    again = geography_load()
    assert (again.counts["barangays"].updated, again.counts["municipalities"].updated) == (1, 1)
    assert barangay("Arena Blanco", "City of Zamboanga").population == 13_848
    assert Municipality.objects.filter(name="City of Davao").exists()


def test_another_region_can_be_loaded_without_population(loaded):
    report = geography_load(regions=["XIII"])
    caraga = Region.objects.get(short_name="XIII")
    assert report.regions == ["XIII"] and report.counts["regions"].created == 1
    assert not Barangay.objects.filter(municipality__region=caraga, population__isnull=False).exists()
    assert Municipality.objects.get(name="City of Butuan").is_huc
    assert report.unmatched_census == report.unmatched_psgc == []


def test_the_command_prints_what_it_could_not_match(loaded, capsys):
    call_command("load_geography", "--region", "IX", "--region", "XI")
    out = capsys.readouterr().out
    assert "regions loaded: IX, XI" in out
    assert "Lubusan" in out and "Santo Niño [1102401020]" in out
    assert "0 created, 0 updated" in out


def test_the_command_refuses_an_unknown_region(db):
    with pytest.raises(CommandError, match="Unknown region 'XIV'"):
        call_command("load_geography", "--region", "XIV")
