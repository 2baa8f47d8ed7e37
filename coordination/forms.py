"""Filter bars of the MAO and engagement pages (they render choices; the selectors' FilterSets
read the same query string)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import FiscalYearFormField
from common.filter_forms import with_any
from coordination.models import EngagementStatus, EngagementType


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Name, acronym or mandate"))


class EngagementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    engagement_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=with_any(EngagementType.choices)
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=with_any(EngagementStatus.choices))
    fiscal_year = FiscalYearFormField(required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        choices=with_any([(quarter, f"Q{quarter}") for quarter in range(1, 5)]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Title, agenda or venue"))
