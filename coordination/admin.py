"""Django admin of coordination: organizations, focal persons, engagements."""

from django.contrib import admin
from django.db.models import Count

from common.admin import AuditedAdmin, CreatedByAdmin
from coordination.models import (
    ActionItem,
    EngagementParticipant,
    FocalPerson,
    Organization,
    StakeholderEngagement,
)


class FocalPersonInline(admin.StackedInline):
    model = FocalPerson
    fields = (
        ("full_name", "position"),
        ("email", "phone"),
        ("role", "is_active"),
        ("active_from", "active_until"),
        ("user", "classification"),
    )
    autocomplete_fields = ("user",)
    extra = 0
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ("name", "acronym", "kind", "parent", "region", "is_active", "focal_count", "ppa_count")
    list_filter = ("kind", "is_active", "region")
    search_fields = ("name", "acronym")
    list_select_related = ("parent", "region")
    autocomplete_fields = ("parent", "region")
    annotations = {
        "focal_total": Count("focal_persons", distinct=True),
        "ppa_total": Count("ppas", distinct=True),
    }
    inlines = (FocalPersonInline,)

    @admin.display(description="focal persons", ordering="focal_total")
    def focal_count(self, organization: Organization) -> int:
        return organization.focal_total

    @admin.display(description="PPAs", ordering="ppa_total")
    def ppa_count(self, organization: Organization) -> int:
        return organization.ppa_total


@admin.register(FocalPerson)
class FocalPersonAdmin(AuditedAdmin):
    list_display = (
        "full_name",
        "organization",
        "role",
        "position",
        "email",
        "phone",
        "is_active",
        "active_from",
        "active_until",
    )
    list_filter = ("role", "is_active", "classification", "organization__kind")
    search_fields = ("full_name", "email", "organization__name", "organization__acronym")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization", "user")


class ParticipantInline(admin.TabularInline):
    model = EngagementParticipant
    fields = ("focal_person", "organization", "name", "email", "rsvp", "attendance")
    autocomplete_fields = ("focal_person", "organization")
    extra = 0


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    fk_name = "engagement"
    fields = ("description", "owner_organization", "due_date", "status", "carried_over_from", "completed_at")
    autocomplete_fields = ("owner_organization", "carried_over_from")
    extra = 0


@admin.register(StakeholderEngagement)
class StakeholderEngagementAdmin(CreatedByAdmin):
    list_display = (
        "title",
        "engagement_type",
        "status",
        "planned_start",
        "fiscal_year",
        "quarter",
        "organizer",
        "minutes_status",
        "participant_count",
    )
    list_filter = ("engagement_type", "status", "fiscal_year", "quarter", "minutes_status")
    search_fields = ("title", "venue", "agenda")
    list_select_related = ("organizer",)
    autocomplete_fields = ("organizer", "participating_organizations", "community", "minutes_approved_by")
    date_hierarchy = "planned_start"
    annotations = {"participant_total": Count("participants", distinct=True)}
    inlines = (ParticipantInline, ActionItemInline)

    @admin.display(description="participants", ordering="participant_total")
    def participant_count(self, engagement: StakeholderEngagement) -> int:
        return engagement.participant_total


@admin.register(EngagementParticipant)
class EngagementParticipantAdmin(AuditedAdmin):
    list_display = ("display_name", "engagement", "organization", "email", "rsvp", "attendance")
    list_filter = ("rsvp", "attendance")
    search_fields = ("name", "email", "focal_person__full_name", "engagement__title", "organization__name")
    list_select_related = ("engagement", "organization", "focal_person")
    autocomplete_fields = ("engagement", "focal_person", "organization")

    @admin.display(description="participant", ordering="name")
    def display_name(self, participant: EngagementParticipant) -> str:
        return participant.display_name


@admin.register(ActionItem)
class ActionItemAdmin(AuditedAdmin):
    list_display = ("short_description", "engagement", "owner_organization", "due_date", "status")
    list_filter = ("status",)
    search_fields = (
        "description",
        "engagement__title",
        "owner_organization__name",
        "owner_organization__acronym",
    )
    list_select_related = ("engagement", "owner_organization")
    autocomplete_fields = ("engagement", "owner_organization", "carried_over_from")
    date_hierarchy = "due_date"

    @admin.display(description="action item", ordering="description")
    def short_description(self, item: ActionItem) -> str:
        return str(item)
