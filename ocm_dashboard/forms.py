"""The overlap review form (the dashboard's filter forms are in ocm_dashboard.filters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocm_dashboard.models import OverlapStatus
from ocm_dashboard.services.overlaps import REVIEW_STATUSES


class OverlapReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(status.value, status.label) for status in REVIEW_STATUSES],
        initial=OverlapStatus.REVIEWED,
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("Required to confirm, dismiss as a false positive or resolve: say why."),
    )
