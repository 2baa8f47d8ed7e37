"""Forms of service_catalog: they validate input; the services decide and write."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from common.models import Barangay
from common.widgets import PhoneInput
from monitoring.models import MonitoringEntry
from service_catalog.models import (
    ALLOWED_TRANSITIONS,
    WORKING_DAY_MINUTES,
    RequestStatus,
    ServiceCatalogEntry,
    phone_validator,
)
from service_catalog.privacy import PRIVACY_NOTICE_VERSION
from service_catalog.selectors import request_municipalities
from service_catalog.services.entries import ENTRY_FIELDS
from service_catalog.validators import reject_html

HONEYPOT_FIELD = "website"


def _htmx_validation(field: forms.Field, url: str, name: str) -> None:
    """Inline validation: on change, post the form and swap in this field's fresh markup."""
    field.widget.attrs.update(
        {"hx-post": url, "hx-trigger": "change", "hx-target": f"#field-{name}", "hx-swap": "outerHTML"}
    )


def _place_choices(form: forms.Form, entry: ServiceCatalogEntry, prompt) -> None:
    """Municipalities where the service is offered, grouped by province; the barangays of
    the chosen one (without JavaScript the form is shown again to list them)."""
    municipalities = list(request_municipalities(entry=entry))
    form.fields["municipality"].choices = [("", prompt)] + [
        (group, [(m.psgc_code, m.name) for m in members])
        for group, members in groupby(
            municipalities, key=lambda m: m.province.name if m.province_id else m.region.name
        )
    ]
    chosen = (form.data or form.initial).get("municipality")
    # Only a municipality of the list: anything else (a NUL byte, 60,000 characters) is the
    # field's error, never a query.
    if chosen in {m.psgc_code for m in municipalities}:
        form.fields["barangay"].queryset = Barangay.objects.filter(municipality__psgc_code=chosen).order_by(
            "name"
        )


class ServiceRequestForm(forms.Form):
    """The public request form. Works as a plain form; HTMX only adds inline validation and
    loads the barangays of the chosen municipality."""

    requester_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        validators=[reject_html],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    requester_email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the answer here. Give an email address or a mobile number."),
    )
    requester_phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=32,
        validators=[phone_validator],
        widget=PhoneInput(),
    )
    municipality = forms.ChoiceField(label=_("City or municipality"))
    barangay = forms.ModelChoiceField(
        label=_("Barangay"),
        queryset=Barangay.objects.none(),
        to_field_name="psgc_code",
        empty_label=_("Choose your barangay"),
    )
    location_details = forms.CharField(
        label=_("Sitio, purok or landmark"), required=False, max_length=200, validators=[reject_html]
    )
    details = forms.CharField(
        label=_("What do you need?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_html],
        help_text=_("Plain text, up to 2,000 characters. Do not write health or religious details."),
    )
    beneficiaries = forms.IntegerField(
        label=_("How many people would benefit?"), min_value=1, max_value=100_000, initial=1
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice above and agree to it."),
        error_messages={"required": _("We can only take your request if you agree to the privacy notice.")},
    )
    privacy_notice_version = forms.CharField(widget=forms.HiddenInput, initial=PRIVACY_NOTICE_VERSION)
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, entry: ServiceCatalogEntry, validate_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        _place_choices(self, entry, _("Choose your city or municipality"))
        if validate_url:
            for name, field in self.fields.items():
                if name not in (HONEYPOT_FIELD, "privacy_notice_version"):
                    _htmx_validation(field, validate_url, name)
            # Choosing a municipality refreshes the barangay list as well.
            self.fields["municipality"].widget.attrs["hx-target"] = "#field-barangay"

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("privacy_notice_version") != PRIVACY_NOTICE_VERSION:
            # A hidden field: the error goes at the top of the form.
            self.add_error(None, _("The privacy notice has changed: read it again and agree to it."))
        if not (cleaned.get("requester_email") or cleaned.get("requester_phone")) and not (
            self.errors.get("requester_email") or self.errors.get("requester_phone")
        ):
            self.add_error(
                "requester_email",
                _("Give an email address or a mobile number, so we can tell you the answer."),
            )
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "requester_name": data["requester_name"],
            "requester_email": data["requester_email"],
            "requester_phone": data["requester_phone"],
            "barangay": data["barangay"],
            "location_details": data["location_details"],
            "details": data["details"],
            "beneficiaries": data["beneficiaries"],
            "privacy_notice_version": data["privacy_notice_version"],
        }


class PlaceForm(forms.Form):
    """Staff place a request that came with only an address or a point."""

    municipality = forms.ChoiceField(label=_("City or municipality"))
    barangay = forms.ModelChoiceField(
        label=_("Barangay"),
        queryset=Barangay.objects.none(),
        to_field_name="psgc_code",
        empty_label=_("Choose the barangay"),
    )

    def __init__(self, *args, entry: ServiceCatalogEntry, **kwargs):
        super().__init__(*args, **kwargs)
        _place_choices(self, entry, _("Choose the city or municipality"))


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20, help_text=_("For example SR-7K3F-9Q2M"))


# --- Staff: entries -----------------------------------------------------------------------


def _ppa_label(ppa: MonitoringEntry) -> str:
    mao = ppa.implementing_mao.label if ppa.implementing_mao_id else "OOBC"
    return f"{ppa.title} ({mao}, FY {ppa.fiscal_year})"


class EntryForm(forms.ModelForm):
    """Entry fields. Used without an instance (the service writes); a MAO focal person's form
    has no MAO field: their own MAO is used."""

    class Meta:
        model = ServiceCatalogEntry
        fields = ["mao", *ENTRY_FIELDS, "coverage_regions", "coverage_provinces"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "who_may_avail": forms.Textarea(attrs={"rows": 3}),
            "eligibility_criteria": forms.Textarea(attrs={"rows": 3}),
            "complaint_procedure": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, own_mao=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mao"].queryset = self.fields["mao"].queryset.maos().active()
        self.fields["mao"].label = _("MAO")
        ppas = (
            MonitoringEntry.objects.ppas()
            .select_related("implementing_mao")
            .order_by("-fiscal_year", "title")
        )
        if own_mao is not None:
            del self.fields["mao"]
            ppas = ppas.filter(implementing_mao=own_mao)
        self.fields["ppa"].queryset = ppas
        self.fields["ppa"].label_from_instance = _ppa_label
        self.fields["ppa"].label = _("Linked PPA")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("mao", None)
        data.pop("coverage_regions", None)
        data.pop("coverage_provinces", None)
        return data


class RequirementForm(forms.Form):
    requirement = forms.CharField(label=_("Requirement"), max_length=300, validators=[reject_html])
    where_to_secure = forms.CharField(label=_("Where to secure it"), max_length=300, validators=[reject_html])

    def row(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("requirement", "where_to_secure")}


DURATION_UNITS = [("minutes", _("minutes")), ("hours", _("hours")), ("days", _("working days"))]
UNIT_MINUTES = {"minutes": 1, "hours": 60, "days": WORKING_DAY_MINUTES}


class StepForm(forms.Form):
    client_action = forms.CharField(label=_("Client steps"), max_length=300, validators=[reject_html])
    agency_action = forms.CharField(label=_("Agency action"), max_length=300, validators=[reject_html])
    fee = forms.DecimalField(label=_("Fee (PHP)"), min_value=0, max_digits=14, decimal_places=2, initial=0)
    duration = forms.IntegerField(label=_("Processing time"), min_value=1, max_value=100_000)
    duration_unit = forms.ChoiceField(label=_("Unit"), choices=DURATION_UNITS, initial="minutes")
    responsible_office = forms.CharField(label=_("Person or office responsible"), max_length=200)

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "client_action": data["client_action"],
            "agency_action": data["agency_action"],
            "fee": data["fee"],
            "duration_minutes": data["duration"] * UNIT_MINUTES[data["duration_unit"]],
            "responsible_office": data["responsible_office"],
        }


def step_initial(step) -> dict:
    for unit, minutes in (("days", WORKING_DAY_MINUTES), ("hours", 60)):
        if step.duration_minutes % minutes == 0:
            duration, duration_unit = step.duration_minutes // minutes, unit
            break
    else:
        duration, duration_unit = step.duration_minutes, "minutes"
    return {
        "client_action": step.client_action,
        "agency_action": step.agency_action,
        "fee": step.fee,
        "duration": duration,
        "duration_unit": duration_unit,
        "responsible_office": step.responsible_office,
    }


RequirementFormSet = forms.formset_factory(RequirementForm, extra=2, can_delete=True, max_num=30)
StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True, max_num=30)


def formset_rows(formset) -> list[dict]:
    """The filled-in, not deleted rows of a charter formset, as the services take them."""
    return [
        form.row()
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


# --- Staff: triage ------------------------------------------------------------------------


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), required=False)
    public_note = forms.CharField(
        label=_("Note to the requester"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_html],
        help_text=_("Shown on the public status page and emailed to the requester."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_html],
        help_text=_("Seen by staff only."),
    )

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [("", _("No change: add a note only"))] + [
            (status, RequestStatus(status).label)
            for status in RequestStatus.values
            if status in ALLOWED_TRANSITIONS[current_status]
        ]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.username
