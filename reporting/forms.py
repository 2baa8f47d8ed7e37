"""Forms of the reports pages. They only shape input; the services validate it against the
database and the permission matrix, and their errors land on the named field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import FiscalYearFormField
from common.models import Community, Role, User
from coordination.models import Organization
from ocm_dashboard.filters import default_fiscal_year
from reporting.models import Frequency, ReportFormat, ReportKind

QUARTERS = [("", _("Whole year")), *[(str(q), f"Q{q}") for q in (1, 2, 3, 4)]]


class _MaoChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.acronym})" if obj.acronym else obj.name


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    fiscal_year = FiscalYearFormField(required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTERS, coerce=int, empty_value=None, required=False
    )
    mao = _MaoChoice(
        label=_("MAO"),
        queryset=Organization.objects.none(),
        to_field_name="uid",
        required=False,
        empty_label=_("All MAOs"),
    )
    community = forms.ModelChoiceField(
        label=_("Community (community profile)"),
        queryset=Community.objects.none(),
        to_field_name="uid",
        required=False,
        empty_label=_("Any"),
    )
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # The year the dashboard opens on: the current one, or the latest with entries (early
        # in a year, or in the demo, the current one has none yet and would make an empty report).
        self.fields["fiscal_year"].initial = default_fiscal_year()
        maos = Organization.objects.maos().active().order_by("name")
        if user.role == Role.MAO_FOCAL:
            maos = maos.filter(pk=user.organization_id)
            self.fields["mao"].empty_label = None
        self.fields["mao"].queryset = maos
        self.fields["community"].queryset = Community.objects.order_by("name")

    def service_parameters(self) -> dict:
        data = self.cleaned_data
        return {
            "fiscal_year": data.get("fiscal_year"),
            "quarter": data.get("quarter"),
            "mao": data["mao"].uid if data.get("mao") else None,
            "community": data["community"].uid if data.get("community") else None,
        }


def recipient_choices() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Recipients"),
        queryset=User.objects.filter(is_active=True)
        .exclude(role__in=["", Role.COMMUNITY_LEADER, Role.EXTERNAL_PARTNER])
        .select_related("organization")
        .order_by("first_name", "last_name", "username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each receives an email with a download link and a notification in OBCMS."),
    )


class ScheduleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    mao = _MaoChoice(
        label=_("MAO"),
        queryset=Organization.objects.none(),
        to_field_name="uid",
        required=False,
        empty_label=_("All MAOs"),
    )
    community = forms.ModelChoiceField(
        label=_("Community (community profile)"),
        queryset=Community.objects.none(),
        to_field_name="uid",
        required=False,
        empty_label=_("Any"),
    )
    frequency = forms.ChoiceField(label=_("When"), choices=Frequency.choices, initial=Frequency.QUARTERLY)
    offset_days = forms.IntegerField(
        label=_("Days (N)"),
        min_value=0,
        max_value=60,
        initial=5,
        help_text=_("Working days after the period ends, or calendar days before each meeting."),
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=ReportFormat.choices, widget=forms.CheckboxSelectMultiple, initial=["pdf"]
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        maos = Organization.objects.maos().active().order_by("name")
        if user.role == Role.MAO_FOCAL:
            maos = maos.filter(pk=user.organization_id)
            self.fields["mao"].empty_label = None
        self.fields["mao"].queryset = maos
        self.fields["community"].queryset = Community.objects.order_by("name")
        self.fields["recipients"] = recipient_choices()


class ScheduleEditForm(forms.Form):
    enabled = forms.BooleanField(label=_("Enabled (untick to pause)"), required=False)
    formats = forms.MultipleChoiceField(
        label=_("Formats"), choices=ReportFormat.choices, widget=forms.CheckboxSelectMultiple
    )
    offset_days = forms.IntegerField(label=_("Days (N)"), min_value=0, max_value=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"] = recipient_choices()
