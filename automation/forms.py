"""Forms of the meeting pages. They only read input; the services validate and write."""

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from automation.models import MonthOfQuarter, SeriesScope, Weekday, WeekOfMonth, default_reminder_offsets
from automation.schedule import MANILA, offsets_text, parse_offsets
from automation.services.meetings import MINUTES_TRANSITIONS
from common.dates import FiscalYearFormField, SaneDateFormField
from coordination.models import ActionItemStatus, Attendance, Organization, Rsvp


class SeriesSettingsForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Leave empty for the usual title.")
    week_of_month = forms.TypedChoiceField(choices=WeekOfMonth.choices, coerce=int, label="Week")
    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int)
    month_of_quarter = forms.TypedChoiceField(
        choices=MonthOfQuarter.choices, coerce=int, label="Month of the quarter"
    )
    start_time = forms.TimeField(initial=time(9, 0), help_text="Asia/Manila, e.g. 09:00")
    duration_minutes = forms.IntegerField(
        min_value=30, max_value=720, initial=180, label="Duration (minutes)"
    )
    venue = forms.CharField(max_length=250, required=False)
    online_link = forms.URLField(required=False, assume_scheme="https")
    default_agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Agenda")
    reminder_offsets = forms.CharField(
        initial=offsets_text(default_reminder_offsets()),
        help_text="Before the start: d days, h hours, m minutes, e.g. “7d, 1d, 1h”.",
    )
    sms_reminders = forms.BooleanField(required=False, label="Also remind by SMS")
    report_deadline_working_days = forms.IntegerField(
        min_value=0, max_value=20, initial=3, label="Reports due (working days before)"
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Active (generated)")

    def clean_reminder_offsets(self) -> list[int]:
        try:
            return parse_offsets(self.cleaned_data["reminder_offsets"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class SeriesCreateForm(SeriesSettingsForm):
    fiscal_year = FiscalYearFormField()
    scope = forms.ChoiceField(choices=SeriesScope.choices)
    mao = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        to_field_name="uid",
        label="MAO (one-MAO series)",
    )

    field_order = ["fiscal_year", "scope", "mao"]

    def __init__(self, *args, maos=None, **kwargs):
        super().__init__(*args, **kwargs)
        if maos is not None:
            self.fields["mao"].queryset = maos


class GenerateForm(forms.Form):
    fiscal_year = FiscalYearFormField()


class RescheduleForm(forms.Form):
    day = SaneDateFormField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Starts (Asia/Manila)")
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Ends")

    def clean(self):
        data = super().clean()
        if {"day", "start_time", "end_time"} <= set(data):
            data["planned_start"] = datetime.combine(data["day"], data["start_time"], tzinfo=MANILA)
            data["planned_end"] = datetime.combine(data["day"], data["end_time"], tzinfo=MANILA)
            if data["planned_end"] <= data["planned_start"]:
                self.add_error("end_time", "The meeting must end after it starts.")
        return data


class MeetingDetailsForm(forms.Form):
    title = forms.CharField(max_length=250)
    venue = forms.CharField(max_length=250, required=False)
    online_link = forms.URLField(required=False, assume_scheme="https")
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False)


class MinutesForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in MINUTES_TRANSITIONS])
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), required=False, max_length=100_000)


class ActionItemForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    owner_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), to_field_name="uid", label="Owner (MAO)"
    )
    due_date = SaneDateFormField(widget=forms.DateInput(attrs={"type": "date"}), required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["owner_organization"].queryset = organizations


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItemStatus.choices)


class ParticipantForm(forms.Form):
    rsvp = forms.ChoiceField(choices=Rsvp.choices, required=False, label="RSVP")
    attendance = forms.ChoiceField(choices=Attendance.choices, required=False)

    def clean(self):
        data = super().clean()
        answers = {name: value for name, value in data.items() if value}
        if not answers:
            raise ValidationError(_("Choose an RSVP or an attendance."))
        return answers


class ReportForm(forms.Form):
    accomplishments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=20_000
    )
    challenges = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20_000)
    plans = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20_000)


class CalendarFeedForm(forms.Form):
    subject = forms.ChoiceField(label="Subscribe to")

    def __init__(self, *args, series=(), maos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            ("Meeting series", [(f"series:{item.uid}", str(item)) for item in series]),
            ("All meetings of a MAO", [(f"mao:{mao.uid}", str(mao)) for mao in maos]),
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Why is it cancelled?",
        help_text="Participants see this, in OBCMS and in their calendars.",
    )
