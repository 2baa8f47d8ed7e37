"""Choices of places for forms and filter bars: fields that name a region, province or
city/municipality by its PSGC code, and the lists a filter bar's selects offer (the filters
themselves are FilterSets: common.filters.ListFilterSet)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.selectors.geography import province_list, region_list

ANY = _("Any")


class PlaceChoiceField(forms.ModelChoiceField):
    """A region, province or city/municipality, named by its PSGC code."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name="psgc_code", **kwargs)


class ProvinceChoiceField(PlaceChoiceField):
    """Provinces grouped under their region, so one list serves every region."""

    def _get_choices(self):
        groups: dict[str, list] = {}
        for province in self.queryset:
            groups.setdefault(province.region.name, []).append((province.psgc_code, province.name))
        return [("", self.empty_label), *groups.items()]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


def region_field(**kwargs) -> PlaceChoiceField:
    return PlaceChoiceField(region_list(), label=_("Region"), **kwargs)


def province_field(**kwargs) -> ProvinceChoiceField:
    return ProvinceChoiceField(
        province_list().order_by("region__psgc_code", "name"), label=_("Province"), **kwargs
    )


def region_choices() -> list[tuple[str, str]]:
    """Regions as (PSGC code, name), for a filter bar's select."""
    return [(region.psgc_code, str(region)) for region in region_list()]


def province_choices() -> list:
    """Provinces as (PSGC code, name), grouped under their region."""
    groups: dict[str, list] = {}
    for province in province_list().order_by("region__psgc_code", "name"):
        groups.setdefault(province.region.name, []).append((province.psgc_code, province.name))
    return list(groups.items())
