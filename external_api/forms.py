"""Forms of the partner management pages (OOBC executives)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import SaneDateFormField
from common.models import Role, User
from coordination.models import Organization, OrganizationKind
from external_api.models import SHAREABLE_CLASSIFICATIONS, Dataset, Direction
from external_api.scopes import SCOPES


def _partner_organizations():
    return Organization.objects.exclude(kind=OrganizationKind.MAO).order_by("name")


class PartnerClientForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Partner account"),
        queryset=User.objects.filter(role=Role.EXTERNAL_PARTNER, is_active=True).order_by("username"),
    )
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=_partner_organizations())
    contact_email = forms.EmailField(label=_("Technical contact email"))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )


class AgreementForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner organization"), queryset=_partner_organizations())
    reference = forms.CharField(label=_("Reference number"), max_length=60, required=False)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    datasets = forms.MultipleChoiceField(
        label=_("Datasets"), choices=Dataset.choices, widget=forms.CheckboxSelectMultiple
    )
    max_classification = forms.ChoiceField(
        label=_("Highest classification"), choices=[(c.value, c.label) for c in SHAREABLE_CLASSIFICATIONS]
    )
    start_date = SaneDateFormField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = SaneDateFormField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.FileField(label=_("Signed agreement (PDF)"), required=False)
    signed_on = SaneDateFormField(
        label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ClientScopesForm(forms.Form):
    """What a client may ask for; narrowing takes effect on the client's very next call."""

    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )


class AgreementSignForm(forms.Form):
    """A draft agreement comes into force once its signed copy is attached."""

    document = forms.FileField(label=_("Signed agreement (PDF)"))
    signed_on = SaneDateFormField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class AccessLogFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=_partner_organizations(), required=False, empty_label=_("All partners")
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", _("Both"))] + list(Direction.choices), required=False
    )
    endpoint = forms.CharField(label=_("Endpoint contains"), required=False, max_length=120)
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Any")), ("ok", _("Answered")), ("error", _("Refused or failed"))],
        required=False,
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
