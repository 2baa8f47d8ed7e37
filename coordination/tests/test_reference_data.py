"""The reference-data loader: the real MAOs and the PPAs of the GAAB.

barmm_ministries.yaml names 43 MAOs: 16 ministries and offices (`ministries`), the 14
agencies attached to the OCM (`attached_agencies` of the OCM entry) and 13 other entities
(`other_entities`). The PPA files add one more, the Bangsamoro Attorney-General's Office
(BAGO), which the ministries file lacks: 44 MAOs once both are loaded. The 33 PPA files hold
211 budgeted PPAs and 170 special provisions: 381 entries, with 1,463 indicators.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from common.models import DataSource, Sector
from coordination.models import Organization, OrganizationKind
from coordination.services.reference_data import mao_reference_load, mao_references
from monitoring.models import EntryCategory, EntryKind, FundingSource, Indicator, MonitoringEntry, PpaStatus
from monitoring.services.reference_data import (
    SPECIAL_PROVISION_PREFIX,
    indicator_target,
    ppa_reference_load,
    sector_for,
    special_provision_amount,
)

pytestmark = pytest.mark.django_db

PPA_BUDGETS = Decimal("60153195042.00")  # sum of the 211 `approved_budget` figures
PROVISION_BUDGETS = Decimal("20583757538.00")  # sum of the 170 provisions' headline amounts


@pytest.fixture
def loaded():
    return mao_reference_load(), ppa_reference_load()


def special_provisions():
    return MonitoringEntry.objects.filter(title__startswith=SPECIAL_PROVISION_PREFIX)


def test_the_ministries_file_names_43_maos():
    references = mao_references()
    assert len(references) == len({ref.acronym for ref in references}) == 43
    assert sum(1 for ref in references if ref.parent_acronym == "OCM") == 14


def test_loading_gives_the_43_maos_and_the_one_only_a_ppa_file_names(loaded):
    maos, ppas = loaded
    assert len(maos.created) == 43
    assert ppas.maos_created == ["BAGO"]
    assert Organization.objects.maos().count() == 44
    bago = Organization.objects.get(acronym="BAGO")
    assert (bago.kind, bago.name) == (OrganizationKind.MAO, "Bangsamoro Attorney-General's Office")
    mssd = Organization.objects.get(acronym="MSSD")
    assert mssd.name == "Ministry of Social Services and Development"
    assert mssd.mandate.startswith("Provides balanced, responsive social welfare services")


def test_agencies_attached_to_the_chief_minister_point_to_the_ocm(loaded):
    ocm = Organization.objects.get(acronym="OCM")
    attached = set(ocm.attached_agencies.values_list("acronym", flat=True))
    assert len(attached) == 14 and {"OOBC", "BPDA", "BWC", "BYC"} <= attached
    assert Organization.objects.get(acronym="WALI").parent is None


def test_381_entries_load_for_fiscal_year_2025_as_reference_data(loaded):
    _, report = loaded
    assert (report.created, report.unchanged) == (381, 0)
    entries = MonitoringEntry.objects.all()
    assert entries.count() == 381
    assert special_provisions().count() == 170
    assert set(entries.values_list("fiscal_year", "source", "funding_source", "status").distinct()) == {
        (2025, DataSource.REFERENCE, FundingSource.GAAB, PpaStatus.ONGOING)
    }
    assert set(
        entries.filter(category=EntryCategory.OOBC_PPA).values_list("implementing_mao__acronym", flat=True)
    ) == {"OOBC"}
    assert entries.filter(category=EntryCategory.OOBC_PPA).count() == 2
    assert entries.values("implementing_mao").distinct().count() == 33


def test_budgets_equal_the_files_to_the_centavo_and_earmarks_are_not_counted_twice(loaded):
    _, report = loaded
    ppas = MonitoringEntry.objects.filter(kind=EntryKind.PPA)
    assert ppas.count() == 211 and special_provisions().count() == 170
    assert set(special_provisions().values_list("kind", flat=True)) == {EntryKind.SPECIAL_PROVISION}
    assert ppas.aggregate(total=Sum("budget_allocated"))["total"] == PPA_BUDGETS
    # A special provision earmarks part of its programmes' budgets: none of its own.
    provisions = special_provisions().aggregate(
        budget=Sum("budget_allocated"), earmarked=Sum("earmarked_amount")
    )
    assert provisions == {"budget": Decimal("0.00"), "earmarked": PROVISION_BUDGETS}
    assert MonitoringEntry.objects.aggregate(total=Sum("budget_allocated"))["total"] == PPA_BUDGETS
    assert (report.budget_total, report.earmarked_total) == (PPA_BUDGETS, PROVISION_BUDGETS)
    assert "budgets PHP 60,153,195,042.00 (special provisions earmark PHP 20,583,757,538.00" in "\n".join(
        report.lines()
    )
    moh = MonitoringEntry.objects.get(implementing_mao__acronym="MOH", title="Nutrition Program")
    assert (moh.budget_allocated, moh.earmarked_amount) == (Decimal("47371568.00"), 0)
    earmark = special_provisions().get(
        implementing_mao__acronym="MOH", title__endswith="Tiyakap Bangsamoro Kalusugan Program"
    )
    assert (earmark.budget_allocated, earmark.earmarked_amount) == (0, Decimal("236840000.00"))
    rules_only = special_provisions().filter(title__endswith="Reporting and Posting Requirements")
    assert rules_only.count() == 32 and set(rules_only.values_list("earmarked_amount", flat=True)) == {0}


def test_indicators_keep_their_targets_as_written_and_as_numbers(loaded):
    assert Indicator.objects.count() == 1463
    by_unit = dict(Indicator.objects.values_list("unit").annotate(n=Count("id")))
    assert by_unit == {"count": 946, "percent": 328, "text": 189}
    assert not Indicator.objects.filter(entry__title__startswith=SPECIAL_PROVISION_PREFIX).exists()
    family = Indicator.objects.filter(entry__title="Family and Community Welfare Program", kind="output")
    assert list(family.values_list("target_text", "target_value", "unit")) == [
        ("25,000", Decimal("25000.00"), "count"),
        ("36,075", Decimal("36075.00"), "count"),
        ("3,838", Decimal("3838.00"), "count"),
    ]
    long_target = Indicator.objects.get(target_text__startswith="810 (Physicians")
    assert (
        long_target.target_text.endswith("…") and "Public Health Associates: 25)" in long_target.description
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("80%", ("percent", "80%", Decimal("80"))),
        ("2.73%", ("percent", "2.73%", Decimal("2.73"))),
        (10, ("count", "10", Decimal("10"))),
        ("2,500", ("count", "2,500", Decimal("2500"))),
        (244.259, ("text", "244.259", Decimal("244.26"))),
        ("<5%", ("text", "<5%", None)),
        ("Increasing", ("text", "Increasing", None)),
        ("", ("text", "", None)),
        (None, ("text", "", None)),
    ],
)
def test_targets_are_read_as_percent_count_or_text(raw, expected):
    assert indicator_target(raw) == expected


def test_a_special_provision_amount_is_its_first_peso_figure():
    text = "Two Hundred ... Pesos (P236,840,000.00) shall fund ..., of which P1,500,000.00 for training."
    assert special_provision_amount(text) == Decimal("236840000.00")
    assert special_provision_amount("Honoraria P2,300,000.00 and MOOE P5,817,400.00.") == Decimal(
        "2300000.00"
    )
    assert special_provision_amount("Quarterly reports within thirty (30) days.") == Decimal("0.00")


@pytest.mark.parametrize(
    ("title", "sector"),
    [
        ("Nutrition Program", Sector.SOCIAL),
        ("Road and Bridge Development Program", Sector.INFRASTRUCTURE),
        ("Agribusiness and Marketing Assistance Program", Sector.ECONOMIC),
        ("Disaster Risk Reduction and Emergency Assistance Program", Sector.ENVIRONMENT),
        ("Women, Peace and Security", Sector.PEACE_SECURITY),
        ("Expenditure Management Program", Sector.GOVERNANCE),
        ("Capacity Building and Linkage Building Program", Sector.GOVERNANCE),
        ("Support to Local Moral Governance", Sector.GOVERNANCE),
    ],
)
def test_sector_follows_the_keyword_rule(title, sector):
    assert sector_for(title) == sector


def test_the_description_decides_when_the_title_has_no_keyword():
    assert (
        sector_for("Kupkop Program", "financial assistance for case-managed orphans and children")
        == Sector.SOCIAL
    )


def test_a_second_run_creates_nothing_and_keeps_staff_edits(loaded):
    ppa = MonitoringEntry.objects.get(
        implementing_mao__acronym="MPW", title="Water System Development Program"
    )
    ppa.progress, ppa.status = 55, PpaStatus.ON_HOLD
    ppa.save(update_fields=["progress", "status"])
    Organization.objects.filter(acronym="MOH").update(mandate="Edited by staff.")
    maos, ppas = mao_reference_load(), ppa_reference_load()
    assert (len(maos.created), maos.completed, maos.unchanged) == (0, [], 43)
    assert (ppas.created, ppas.unchanged, ppas.indicators_created, ppas.maos_created) == (0, 381, 0, [])
    assert MonitoringEntry.objects.count() == 381 and Indicator.objects.count() == 1463
    ppa.refresh_from_db()
    assert (ppa.progress, ppa.status) == (55, PpaStatus.ON_HOLD)
    assert Organization.objects.get(acronym="MOH").mandate == "Edited by staff."


def test_a_mao_created_earlier_by_acronym_is_completed_not_duplicated():
    Organization.objects.create(
        kind=OrganizationKind.MAO, acronym="MSSD", name="Ministry of Social Services and Development"
    )
    report = mao_reference_load()
    assert report.completed == ["MSSD"] and len(report.created) == 42
    assert Organization.objects.get(acronym="MSSD").mandate


def test_the_command_loads_maos_then_ppas_for_the_fiscal_year_asked(capsys):
    call_command("load_reference_data", "--fiscal-year", "2026")
    out = capsys.readouterr().out
    assert "MAOs from barmm_ministries.yaml: 43 (43 created" in out
    assert "FY2026: 381 (381 created" in out and "BAGO" in out
    assert set(MonitoringEntry.objects.values_list("fiscal_year", flat=True)) == {2026}
