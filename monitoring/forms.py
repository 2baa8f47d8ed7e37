"""Forms of the PPA register pages. They only shape input: the rules live in
monitoring.services.ppas, whose field errors the views put back on these forms."""

import uuid
from typing import NamedTuple

from django import forms
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filter_forms import PlaceChoiceField, province_field, region_field
from common.permissions import Area
from common.scoping import is_own_mao_scoped
from common.selectors.communities import community_list, need_list
from common.selectors.geography import municipality_list
from coordination.selectors import organization_list
from monitoring.models import EntryCategory, MonitoringEntry, MonitoringUpdate


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_widgets(field, **kwargs):
    if isinstance(field.formfield(), forms.DateField):
        kwargs["widget"] = DateInput
    return field.formfield(**kwargs)


def model_fields(model, names: list[str]) -> dict[str, forms.Field]:
    return forms.fields_for_model(model, fields=names, formfield_callback=_date_widgets)


class Fieldset(NamedTuple):
    key: str
    legend: str
    fields: list[forms.BoundField]


class GroupedForm(forms.Form):
    """A form whose fields the template shows in titled groups: (key, legend, field names)."""

    groups: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    def fieldsets(self) -> list[Fieldset]:
        shown = [
            Fieldset(key, legend, [self[name] for name in names if name in self.fields])
            for key, legend, names in self.groups
        ]
        return [fieldset for fieldset in shown if fieldset.fields]


# --- Create and edit -------------------------------------------------------------------


class MaoChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="uid", **kwargs)

    def label_from_instance(self, organization) -> str:
        return str(organization)


class CommunityChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="uid", required=False, **kwargs)

    def label_from_instance(self, community) -> str:
        return f"{community.name} ({community.municipality.name})"


class NeedChoiceField(CommunityChoiceField):
    def label_from_instance(self, need) -> str:
        return f"{need.title} ({need.community.name}, {need.get_urgency_display()})"


def chosen_first(uids: list[str]) -> Case:
    """Order the rows already chosen before the others, so a long list shows them on top."""
    return Case(When(uid__in=uids, then=0), default=1)


PPA_FIELDS = [
    "category",
    "title",
    "description",
    "implementing_mao",
    "fiscal_year",
    "sector",
    "status",
    "request_status",
    "budget_allocated",
    "funding_source",
    "appropriation_class",
    "beneficiaries_individuals",
    "beneficiaries_households",
    "coverage_region",
    "coverage_province",
    "coverage_municipality",
    "start_date",
    "end_date",
]
RELATION_FIELDS = ("communities", "needs_addressed")


class PpaForm(GroupedForm):
    """Create or edit a PPA. Communities and needs are offered from the PPA's coverage area
    (the list would be thousands long otherwise); "Show communities in this area" reloads
    the choices after the coverage changes, with or without JavaScript."""

    groups = (
        (
            "ppa",
            _("The PPA"),
            ("category", "title", "description", "implementing_mao", "fiscal_year", "sector", "status"),
        ),
        ("request", _("OBC request"), ("request_status",)),
        (
            "budget",
            _("Budget and beneficiaries"),
            (
                "budget_allocated",
                "funding_source",
                "appropriation_class",
                "beneficiaries_individuals",
                "beneficiaries_households",
            ),
        ),
        ("schedule", _("Schedule"), ("start_date", "end_date")),
        ("coverage", _("Coverage"), ("coverage_region", "coverage_province", "coverage_municipality")),
        ("relations", _("Communities served and needs addressed"), RELATION_FIELDS),
    )

    def __init__(self, *args, user, ppa: MonitoringEntry | None = None, **kwargs):
        if ppa is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(ppa, name) for name in PPA_FIELDS},
                "communities": list(ppa.communities.all()),
                "needs_addressed": list(ppa.needs_addressed.all()),
            }
        super().__init__(*args, **kwargs)
        self.user, self.ppa = user, ppa
        self.fields.update(model_fields(MonitoringEntry, PPA_FIELDS))
        self.fields["beneficiaries_individuals"].label = _("Beneficiaries (individuals)")
        self.fields["beneficiaries_households"].label = _("Beneficiaries (households)")
        self.fields["budget_allocated"].label = _("Budget allocated (₱)")
        own_mao = is_own_mao_scoped(user, Area.REGISTRY)
        self._set_category(own_mao)
        self._set_mao(own_mao)
        self._set_places()
        self._set_relations()

    @classmethod
    def reloaded(cls, data, **kwargs) -> "PpaForm":
        """An unbound form that starts from the submitted values: new choices, no errors."""
        submitted = cls(data, **kwargs)
        values = {
            name: submitted._value(name) for name, field in submitted.fields.items() if not field.disabled
        }
        return cls(initial=values, **kwargs)

    def _set_category(self, own_mao: bool) -> None:
        if self.ppa is not None or own_mao:
            # A record's category does not change; a MAO focal person records MAO PPAs only.
            del self.fields["category"]
        else:
            self.fields["category"].choices = [
                (value, label) for value, label in EntryCategory.choices if value != EntryCategory.OBC_REQUEST
            ]
        if self.ppa is None or self.ppa.category != EntryCategory.OBC_REQUEST:
            del self.fields["request_status"]

    def _set_mao(self, own_mao: bool) -> None:
        field = MaoChoiceField(
            organization_list(user=self.user, filters={"kind": "mao"}),
            required=False,
            label=_("Implementing MAO"),
            help_text=_("Required for a MAO PPA."),
        )
        if own_mao:
            field.disabled = True
            field.help_text = _("Your own MAO.")
            self.initial.setdefault("implementing_mao", self.user.organization)
        self.fields["implementing_mao"] = field

    def _set_places(self) -> None:
        self.fields["coverage_region"] = region_field()
        self.fields["coverage_province"] = province_field()
        self.fields["coverage_municipality"] = PlaceChoiceField(
            municipality_list().select_related("province", "region"), label=_("City or municipality")
        )

    def _value(self, name: str):
        """The field's value as submitted, or as it starts out (strings or model instances)."""
        if self.is_bound:
            # The relation fields are built from these values, so they may not exist yet.
            widget = self.fields[name].widget if name in self.fields else CommunityChoiceField.widget()
            return widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return self.initial.get(name)

    @staticmethod
    def _keys(values, attribute: str) -> list[str]:
        """The submitted keys; for `uid`, only those that are UUIDs (`communities=not-a-uuid`
        made the choice querysets raise ValidationError while the form was being built: the
        field itself reports the bad value)."""
        if not values:
            return []
        if not isinstance(values, list | tuple):
            values = [values]
        keys = [str(getattr(value, attribute, value)) for value in values]
        if attribute == "uid":
            keys = [key for key in keys if _is_uuid(key)]
        return keys

    def _area(self) -> dict[str, str]:
        """The most precise coverage given: the place whose communities are offered."""
        for name, key in (
            ("coverage_municipality", "municipality"),
            ("coverage_province", "province"),
            ("coverage_region", "region"),
        ):
            codes = self._keys(self._value(name), "psgc_code")
            if codes and codes[0]:
                return {key: codes[0]}
        return {}

    def _set_relations(self) -> None:
        chosen_communities = self._keys(self._value("communities"), "uid")
        area = self._area()
        in_area = (
            Q(uid__in=community_list(user=self.user, filters=area).values("uid")) if area else Q(pk__in=[])
        )
        self.fields["communities"] = CommunityChoiceField(
            community_list(user=self.user)
            .filter(in_area | Q(uid__in=chosen_communities))
            .order_by(chosen_first(chosen_communities), "name"),
            label=_("Communities served"),
            help_text=_(
                "Communities in the coverage area. After changing the coverage, press “Show "
                "communities in this area”."
            ),
        )
        chosen_needs = self._keys(self._value("needs_addressed"), "uid")
        self.fields["needs_addressed"] = NeedChoiceField(
            need_list(user=self.user)
            .filter(Q(community__uid__in=chosen_communities) | Q(uid__in=chosen_needs))
            .select_related("community")
            .order_by(chosen_first(chosen_needs), "community__name", "title"),
            label=_("Needs addressed"),
            help_text=_("Needs of the communities served."),
        )

    def service_arguments(self) -> dict:
        """What to pass to ppa_create / ppa_update: on an edit, only what changed."""
        data = self.cleaned_data
        # A new PPA takes the model's defaults, and coverage derived from the most precise
        # place given, for whatever was left empty.
        names = set(self.changed_data) if self.ppa is not None else {n for n in data if data[n] is not None}
        fields = {name: data[name] for name in names if name in data and name not in RELATION_FIELDS}
        relations = {name: data[name] for name in RELATION_FIELDS if name in names}
        return {**fields, **relations}


class ProgressReportForm(forms.Form):
    def __init__(self, *args, ppa: MonitoringEntry, **kwargs):
        kwargs.setdefault(
            "initial", {"reported_on": timezone.localdate(), "progress": ppa.progress, "status": ppa.status}
        )
        super().__init__(*args, **kwargs)
        self.fields.update(
            model_fields(
                MonitoringUpdate,
                [
                    "reported_on",
                    "progress",
                    "status",
                    "budget_utilized",
                    "beneficiaries_reached",
                    "accomplishments",
                    "challenges",
                    "next_steps",
                ],
            )
        )
        # Plausibility confirmations (monitoring.services.ppas): asked for only when needed,
        # but always present so the page works without JavaScript.
        self.fields["beneficiaries_confirmed"] = forms.BooleanField(
            required=False, label=_("The number of people reached is right (explain it in a note)")
        )
        self.fields["cancellation_confirmed"] = forms.BooleanField(
            required=False, label=_("Yes, cancel this PPA and take it out of the dashboard's figures")
        )
        self.fields["progress"].help_text = _("Percent complete, 0 to 100.")
        self.fields["budget_utilized"].help_text = _(
            "Total utilised so far, in pesos. Leave empty if unchanged."
        )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
