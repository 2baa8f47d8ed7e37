"""Serializers of the reports API: thin input checks; the service validates against the
database and scopes the parameters."""

from django.urls import reverse
from rest_framework import serializers

from common.dates import FiscalYearSerializerField
from reporting.models import GeneratedReport, ReportFormat, ReportKind, ReportSchedule


class GenerateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    format = serializers.ChoiceField(choices=ReportFormat.choices)
    fiscal_year = FiscalYearSerializerField(required=False, allow_null=True)
    quarter = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    mao = serializers.UUIDField(required=False, allow_null=True, help_text="The MAO's uid.")
    community = serializers.UUIDField(required=False, allow_null=True, help_text="The community's uid.")


class ReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    kind = serializers.CharField(source="template.kind", read_only=True)
    mao = serializers.UUIDField(source="mao.uid", read_only=True, allow_null=True, default=None)
    status_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedReport
        fields = [
            "id",
            "kind",
            "title",
            "format",
            "parameters",
            "mao",
            "status",
            "progress",
            "error",
            "attempts",
            "period",
            "size",
            "sha256",
            "data_as_of",
            "snapshot_uid",
            "queued_at",
            "started_at",
            "finished_at",
            "expires_at",
            "status_url",
            "download_url",
        ]
        read_only_fields = fields

    def get_status_url(self, report: GeneratedReport) -> str:
        return reverse("api-internal:report-detail", kwargs={"uid": report.uid})

    def get_download_url(self, report: GeneratedReport) -> str | None:
        if report.status != "done":
            return None
        return reverse("api-internal:report-download", kwargs={"uid": report.uid})


class ScheduleSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uid", read_only=True)
    kind = serializers.CharField(source="template.kind", read_only=True)
    mao = serializers.UUIDField(source="mao.uid", read_only=True, allow_null=True, default=None)
    recipient_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReportSchedule
        fields = [
            "id",
            "name",
            "kind",
            "mao",
            "frequency",
            "offset_days",
            "formats",
            "enabled",
            "recipient_count",
            "last_period",
            "last_run_at",
        ]
        read_only_fields = fields
