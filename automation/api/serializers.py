"""Serializers of the automation API: small input serializers, read-only output ones.

Fields with choices that share a name with other apps' fields (status, scope, action) are
plain strings checked against their choices here, so the OpenAPI schema has no colliding
enum names; their allowed values are in the help text.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from automation.models import (
    CalendarFeedToken,
    MonthOfQuarter,
    PreMeetingReport,
    QuarterlyMeetingSeries,
    SeriesScope,
    Weekday,
    WeekOfMonth,
)
from automation.selectors import report_deadline
from automation.services.meetings import MINUTES_TRANSITIONS
from common.dates import FiscalYearSerializerField, SaneDateSerializerField, SaneDateTimeSerializerField
from coordination.models import (
    ActionItem,
    ActionItemStatus,
    Attendance,
    EngagementParticipant,
    Organization,
    Rsvp,
    StakeholderEngagement,
)


def choice_string(choices, **kwargs) -> serializers.CharField:
    values = [value for value, _ in choices]

    def check(value):
        if value not in values:
            raise serializers.ValidationError(_("Choose one of: %(names)s.") % {"names": ", ".join(values)})

    return serializers.CharField(validators=[check], help_text=f"One of: {', '.join(values)}.", **kwargs)


class MeetingOrganizationSerializer(serializers.Serializer):
    uid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)


def mao_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="uid", queryset=Organization.objects.maos(), **kwargs)


# --- Series ----------------------------------------------------------------------------------


class MeetingSeriesSerializer(serializers.ModelSerializer):
    mao = MeetingOrganizationSerializer(read_only=True)
    organizer = MeetingOrganizationSerializer(read_only=True)
    scope = serializers.CharField(read_only=True, help_text="plenary or mao")
    description = serializers.CharField(read_only=True)
    reminder_offsets = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    meeting_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = QuarterlyMeetingSeries
        fields = [
            "uid",
            "title",
            "fiscal_year",
            "scope",
            "mao",
            "organizer",
            "week_of_month",
            "weekday",
            "month_of_quarter",
            "start_time",
            "duration_minutes",
            "description",
            "venue",
            "online_link",
            "default_agenda",
            "reminder_offsets",
            "sms_reminders",
            "report_deadline_working_days",
            "is_active",
            "meeting_count",
        ]
        read_only_fields = fields


class MeetingSeriesSettingsSerializer(serializers.Serializer):
    """What may change on a series."""

    title = serializers.CharField(max_length=200, required=False)
    organizer = serializers.SlugRelatedField(
        slug_field="uid", queryset=Organization.objects.all(), required=False, allow_null=True
    )
    week_of_month = serializers.ChoiceField(choices=WeekOfMonth.choices, required=False)
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False)
    month_of_quarter = serializers.ChoiceField(choices=MonthOfQuarter.choices, required=False)
    start_time = serializers.TimeField(required=False, help_text="Asia/Manila, HH:MM")
    duration_minutes = serializers.IntegerField(min_value=30, max_value=720, required=False)
    venue = serializers.CharField(max_length=250, required=False, allow_blank=True)
    online_link = serializers.URLField(required=False, allow_blank=True)
    default_agenda = serializers.CharField(required=False, allow_blank=True)
    reminder_offsets = serializers.ListField(
        child=serializers.IntegerField(min_value=5, max_value=60 * 24 * 60),
        max_length=6,
        required=False,
        help_text="Minutes before the start, e.g. [10080, 1440, 60] for 7 days, 1 day and 1 hour.",
    )
    sms_reminders = serializers.BooleanField(required=False)
    report_deadline_working_days = serializers.IntegerField(min_value=0, max_value=20, required=False)
    is_active = serializers.BooleanField(required=False)


class MeetingSeriesCreateSerializer(MeetingSeriesSettingsSerializer):
    fiscal_year = FiscalYearSerializerField()
    scope = choice_string(SeriesScope.choices)
    mao = mao_field(required=False, allow_null=True, help_text="The MAO's uid (scope mao only).")


class MeetingGenerateSerializer(serializers.Serializer):
    fiscal_year = FiscalYearSerializerField(
        required=False, help_text="Every active MAO's series for this year."
    )
    series = serializers.UUIDField(required=False, help_text="Only this series (its uid).")

    def validate(self, attrs):
        if ("fiscal_year" in attrs) == ("series" in attrs):
            raise serializers.ValidationError({"fiscal_year": [_("Give either a fiscal year or a series.")]})
        return attrs


class MeetingGenerationResultSerializer(serializers.Serializer):
    series = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    kept_edited = serializers.IntegerField()
    participants_added = serializers.IntegerField()
    reminders_created = serializers.IntegerField()
    action_items_carried = serializers.IntegerField()


# --- Meetings --------------------------------------------------------------------------------


class MeetingSeriesRefSerializer(serializers.Serializer):
    uid = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    mao = MeetingOrganizationSerializer(read_only=True)


class MeetingSerializer(serializers.ModelSerializer):
    series = MeetingSeriesRefSerializer(source="series_link.series", read_only=True)
    quarter = serializers.IntegerField(source="series_link.quarter", read_only=True)
    status = serializers.CharField(read_only=True)
    minutes_status = serializers.CharField(read_only=True)
    participant_count = serializers.IntegerField(read_only=True)
    open_action_item_count = serializers.IntegerField(read_only=True)
    submitted_report_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = StakeholderEngagement
        fields = [
            "uid",
            "title",
            "status",
            "cancellation_reason",
            "fiscal_year",
            "quarter",
            "planned_start",
            "planned_end",
            "venue",
            "online_link",
            "series",
            "minutes_status",
            "participant_count",
            "open_action_item_count",
            "submitted_report_count",
        ]
        read_only_fields = fields


class MeetingParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    organization = MeetingOrganizationSerializer(read_only=True)
    rsvp = serializers.CharField(read_only=True)
    attendance = serializers.CharField(read_only=True)

    class Meta:
        model = EngagementParticipant
        fields = ["uid", "name", "organization", "rsvp", "attendance"]
        read_only_fields = fields


class MeetingActionItemSerializer(serializers.ModelSerializer):
    owner_organization = MeetingOrganizationSerializer(read_only=True)
    status = serializers.CharField(read_only=True)
    carried_over_from = serializers.UUIDField(source="carried_over_from.uid", read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = ["uid", "description", "owner_organization", "due_date", "status", "carried_over_from"]
        read_only_fields = fields


class PreMeetingReportRefSerializer(serializers.ModelSerializer):
    organization = MeetingOrganizationSerializer(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = PreMeetingReport
        fields = ["uid", "organization", "status", "submitted_at"]
        read_only_fields = fields


class MeetingDetailSerializer(MeetingSerializer):
    minutes = serializers.SerializerMethodField()
    minutes_approved_by = serializers.CharField(
        source="minutes_approved_by.get_full_name", read_only=True, allow_null=True
    )
    participants = MeetingParticipantSerializer(many=True, read_only=True)
    action_items = MeetingActionItemSerializer(many=True, read_only=True)
    reports = PreMeetingReportRefSerializer(source="pre_meeting_reports", many=True, read_only=True)
    report_deadline = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "agenda",
            "minutes",
            "minutes_approved_by",
            "minutes_approved_at",
            "participants",
            "action_items",
            "reports",
            "report_deadline",
        ]
        read_only_fields = fields

    def get_minutes(self, meeting) -> str:
        # Draft minutes are the secretariat's working copy: shown once circulated.
        if meeting.minutes_status in ("circulated", "approved") or self.context.get("runs_meetings"):
            return meeting.minutes
        return ""

    def get_report_deadline(self, meeting) -> str:
        return report_deadline(meeting).isoformat()


class MeetingUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=250, required=False)
    venue = serializers.CharField(max_length=250, required=False, allow_blank=True)
    online_link = serializers.URLField(required=False, allow_blank=True)
    agenda = serializers.CharField(required=False, allow_blank=True)


class MeetingCancelSerializer(serializers.Serializer):
    # Required by the service (so the page, the API and the admin refuse it alike).
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MeetingRescheduleSerializer(serializers.Serializer):
    planned_start = SaneDateTimeSerializerField()
    planned_end = SaneDateTimeSerializerField(required=False)

    def validate(self, attrs):
        end = attrs.get("planned_end")
        if end is not None and end <= attrs["planned_start"]:
            raise serializers.ValidationError({"planned_end": [_("The meeting must end after it starts.")]})
        if attrs["planned_start"] <= timezone.now():
            raise serializers.ValidationError({"planned_start": [_("Choose a time in the future.")]})
        return attrs


class MeetingMinutesSerializer(serializers.Serializer):
    action = choice_string([(name, name) for name in MINUTES_TRANSITIONS])
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=100_000)


class MeetingRemindersQueuedSerializer(serializers.Serializer):
    queued = serializers.IntegerField()


class MeetingActionItemCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=5000)
    owner_organization = serializers.SlugRelatedField(slug_field="uid", queryset=Organization.objects.all())
    due_date = SaneDateSerializerField(required=False, allow_null=True)


class MeetingActionItemUpdateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=5000, required=False)
    due_date = SaneDateSerializerField(required=False, allow_null=True)
    status = choice_string(ActionItemStatus.choices, required=False)


class MeetingParticipantUpdateSerializer(serializers.Serializer):
    rsvp = serializers.ChoiceField(choices=Rsvp.choices, required=False)
    attendance = serializers.ChoiceField(choices=Attendance.choices, required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError({"rsvp": [_("Give an RSVP or an attendance.")]})
        return attrs


# --- Reports and calendar feeds --------------------------------------------------------------


class PreMeetingReportSerializer(serializers.ModelSerializer):
    organization = MeetingOrganizationSerializer(read_only=True)
    meeting = serializers.UUIDField(source="engagement.uid", read_only=True)
    status = serializers.CharField(read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.get_full_name", read_only=True, allow_null=True)
    deadline = serializers.SerializerMethodField()
    ppas = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = PreMeetingReport
        fields = [
            "uid",
            "meeting",
            "organization",
            "status",
            "deadline",
            "ppa_count",
            "budget_allocated",
            "budget_utilized",
            "beneficiaries_individuals",
            "beneficiaries_households",
            "ppas",
            "accomplishments",
            "challenges",
            "plans",
            "prefilled_at",
            "submitted_by",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_deadline(self, report) -> str:
        return report_deadline(report.engagement).isoformat()


class PreMeetingReportUpdateSerializer(serializers.Serializer):
    accomplishments = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    challenges = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    plans = serializers.CharField(required=False, allow_blank=True, max_length=20_000)


class CalendarFeedSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    series = serializers.UUIDField(source="series.uid", read_only=True, allow_null=True)
    organization = serializers.UUIDField(source="organization.uid", read_only=True, allow_null=True)

    class Meta:
        model = CalendarFeedToken
        fields = ["uid", "kind", "series", "organization", "token_hint", "created_at", "last_used_at"]
        read_only_fields = fields


class CalendarFeedCreatedSerializer(CalendarFeedSerializer):
    url = serializers.CharField(read_only=True, help_text="The secret subscription URL, shown only now.")

    class Meta(CalendarFeedSerializer.Meta):
        fields = [*CalendarFeedSerializer.Meta.fields, "url"]
        read_only_fields = fields


class CalendarFeedCreateSerializer(serializers.Serializer):
    series = serializers.UUIDField(required=False, help_text="A series' uid: its four meetings.")
    organization = mao_field(required=False, help_text="A MAO's uid: every meeting it is invited to.")
