"""Filter bars of the staff list pages: choice fields for places, and the community filters.

The forms only render choices. The selectors read the same query string through their
FilterSets, so a filtered list is its URL, with or without JavaScript.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.models import EthnolinguisticGroup, PovertyBand
from common.selectors.geography import province_list, region_list

ANY = _("Any")


def with_any(choices) -> list:
    return [("", ANY), *choices]


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


class CommunityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    ethnolinguistic_group = forms.ChoiceField(
        label=_("Ethnolinguistic group"), required=False, choices=with_any(EthnolinguisticGroup.choices)
    )
    poverty_band = forms.ChoiceField(
        label=_("Poverty band"), required=False, choices=with_any(PovertyBand.choices)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Name, barangay or municipality"))
        self.fields["region"] = region_field(empty_label=ANY)
        self.fields["province"] = province_field(empty_label=ANY)
        self.order_fields(["q", "region", "province"])
