"""Serializers of the internal coordination API: organizations, focal persons, engagements,
participants and action items. Related objects are named by uid, places by PSGC code.

One serializer per resource serves its list, detail and writes, so each vocabulary (kind,
status, role) has one schema component.
"""

from rest_framework import serializers

from common.api.registry import PsgcField, UidField
from common.models import Community, Region
from coordination.models import (
    ActionItem,
    EngagementParticipant,
    FocalPerson,
    Organization,
    StakeholderEngagement,
)
from coordination.services.engagements import ACTION_ITEM_FIELDS, ENGAGEMENT_FIELDS
from coordination.services.organizations import FOCAL_PERSON_FIELDS, ORGANIZATION_FIELDS


class FocalPersonSerializer(serializers.ModelSerializer):
    """Email and phone are confidential personal data: staff API only, never public or partner."""

    organization = UidField(read_only=True)

    class Meta:
        model = FocalPerson
        fields = ["uid", "organization", *FOCAL_PERSON_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["uid", "created_at", "updated_at"]
        extra_kwargs = {"active_from": {"required": False, "help_text": "Today when not given."}}
        # The services check the one-active-primary rule and name the field (`role`).
        validators: list = []


class AttachedAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["uid", "name", "acronym"]


class OrganizationSerializer(serializers.ModelSerializer):
    """An organization with its focal persons, attached agencies and its PPAs' count and
    total allocated budget (OBC requests excluded)."""

    parent = UidField(
        queryset=Organization.objects.all(), required=False, allow_null=True, help_text="uid of the parent"
    )
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True)
    region = PsgcField(queryset=Region.objects.all(), required=False, allow_null=True)
    focal_persons = FocalPersonSerializer(many=True, read_only=True)
    attached_agencies = AttachedAgencySerializer(many=True, read_only=True)
    ppa_count = serializers.IntegerField(read_only=True)
    total_budget = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Organization
        fields = [
            "uid",
            *ORGANIZATION_FIELDS,
            "parent_name",
            "focal_persons",
            "attached_agencies",
            "ppa_count",
            "total_budget",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "created_at", "updated_at"]
        validators: list = []


class EngagementSerializer(serializers.ModelSerializer):
    organizer = UidField(queryset=Organization.objects.all(), required=False, allow_null=True)
    organizer_name = serializers.CharField(source="organizer.name", read_only=True, allow_null=True)
    participating_organizations = UidField(queryset=Organization.objects.all(), many=True, required=False)
    community = UidField(queryset=Community.objects.all(), required=False, allow_null=True)
    community_name = serializers.CharField(source="community.name", read_only=True, allow_null=True)

    class Meta:
        model = StakeholderEngagement
        fields = [
            "uid",
            *ENGAGEMENT_FIELDS,
            "organizer_name",
            "participating_organizations",
            "community_name",
            "minutes_approved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "minutes_approved_at", "created_at", "updated_at"]
        extra_kwargs = {
            "fiscal_year": {"required": False, "help_text": "The planned start's year when not given."},
            "quarter": {"help_text": "1 to 4; the planned start's quarter when not given."},
        }


class ParticipantSerializer(serializers.ModelSerializer):
    """Invite with `focal_person` (their organization follows) or `name` (and `organization`).
    Once invited, only `rsvp` and `attendance` change."""

    engagement = UidField(read_only=True)
    focal_person = UidField(queryset=FocalPerson.objects.all(), required=False, allow_null=True)
    organization = UidField(queryset=Organization.objects.all(), required=False, allow_null=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True, allow_null=True)
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = EngagementParticipant
        fields = [
            "uid",
            "engagement",
            "focal_person",
            "organization",
            "organization_name",
            "name",
            "email",
            "display_name",
            "rsvp",
            "attendance",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "created_at", "updated_at"]
        validators: list = []


class ParticipantAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = EngagementParticipant
        fields = ["rsvp", "attendance"]


class ActionItemSerializer(serializers.ModelSerializer):
    engagement = UidField(read_only=True)
    owner_organization = UidField(queryset=Organization.objects.all())
    owner_organization_name = serializers.CharField(source="owner_organization.name", read_only=True)
    # Carrying an item over is the meeting series' business, not an API edit.
    carried_over_from = UidField(read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = [
            "uid",
            "engagement",
            *ACTION_ITEM_FIELDS,
            "owner_organization_name",
            "completed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uid", "completed_at", "created_at", "updated_at"]
        validators: list = []
