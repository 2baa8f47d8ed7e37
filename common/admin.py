"""Django admin of common: users, PSGC geography, OBC communities and needs.

`AuditedAdmin` is the base of every domain model's admin in OBCMS: audit fields are
read-only, and the related rows a changelist or an autocomplete answer prints are joined
in the one query (`list_select_related` applies to both), so no page runs a query per row.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from common.models import Barangay, Community, Municipality, Need, OutboxMessage, Province, Region, User

AUDIT_FIELDS = ("uid", "created_at", "updated_at")


class AuditedAdmin(admin.ModelAdmin):
    """Read-only audit fields, and one query per changelist or autocomplete page."""

    list_per_page = 50
    # Links typed without a scheme are taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Extra annotations (counts) a changelist shows: {name: expression}.
    annotations: dict = {}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.list_select_related and not isinstance(self.list_select_related, bool):
            # The autocomplete view and the change form print __str__ too, which may follow
            # these relations; list_select_related alone only covers the changelist.
            queryset = queryset.select_related(*self.list_select_related)
        if self.annotations:
            queryset = queryset.annotate(**self.annotations)
        return queryset

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple:
        field_names = {field.name for field in self.model._meta.get_fields()}
        audit = tuple(name for name in AUDIT_FIELDS if name in field_names)
        return (*super().get_readonly_fields(request, obj), *audit)


class CreatedByAdmin(AuditedAdmin):
    """For models with a `created_by`: read-only, filled in with the admin user on add."""

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple:
        return (*super().get_readonly_fields(request, obj), "created_by")

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "get_full_name", "role", "organization", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "is_superuser", "language")
    list_select_related = ("organization",)
    search_fields = ("username", "email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined")
    # A MAO focal person must work for a MAO (a database constraint), so both forms ask for it.
    autocomplete_fields = ("organization", "community")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            "OBCMS",
            {"fields": ("role", "organization", "community", "phone", "language", "email_verified_at")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "role", "organization", "password1", "password2"),
            },
        ),
    )


# --- Geography (PSGC) -----------------------------------------------------------------


class GeoUnitAdmin(AuditedAdmin):
    search_fields = ("name", "psgc_code")
    ordering = ("psgc_code",)


@admin.register(Region)
class RegionAdmin(GeoUnitAdmin):
    list_display = ("name", "short_name", "psgc_code", "population", "census_year", "province_count")
    search_fields = ("name", "short_name", "psgc_code")
    annotations = {"province_total": Count("provinces", distinct=True)}

    @admin.display(description="provinces", ordering="province_total")
    def province_count(self, region: Region) -> int:
        return region.province_total


@admin.register(Province)
class ProvinceAdmin(GeoUnitAdmin):
    list_display = ("name", "psgc_code", "region", "population", "census_year", "municipality_count")
    list_filter = ("region",)
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    annotations = {"municipality_total": Count("municipalities", distinct=True)}

    @admin.display(description="cities and municipalities", ordering="municipality_total")
    def municipality_count(self, province: Province) -> int:
        return province.municipality_total


@admin.register(Municipality)
class MunicipalityAdmin(GeoUnitAdmin):
    list_display = ("name", "psgc_code", "kind", "is_huc", "province", "region", "population", "census_year")
    list_filter = ("region", "kind", "is_huc")
    search_fields = ("name", "psgc_code", "province__name")
    list_select_related = ("province", "region")
    autocomplete_fields = ("region", "province")


@admin.register(Barangay)
class BarangayAdmin(GeoUnitAdmin):
    list_display = ("name", "psgc_code", "municipality", "province", "population", "census_year")
    list_filter = ("municipality__region",)
    search_fields = ("name", "psgc_code", "municipality__name")
    list_select_related = ("municipality__province", "municipality__region")
    autocomplete_fields = ("municipality",)

    @admin.display(description="province", ordering="municipality__province__name")
    def province(self, barangay: Barangay) -> str:
        province = barangay.municipality.province
        return province.name if province else f"(independent city, Region {barangay.municipality.region})"


# --- OBC communities and needs ---------------------------------------------------------


class NeedInline(admin.TabularInline):
    model = Need
    fields = ("title", "sector", "urgency", "status", "affected_population", "identified_on", "source")
    extra = 0
    show_change_link = True


@admin.register(Community)
class CommunityAdmin(AuditedAdmin):
    list_display = (
        "name",
        "barangay",
        "province",
        "region",
        "estimated_obc_population",
        "households",
        "ethnolinguistic_group",
        "poverty_band",
        "need_count",
        "source",
    )
    list_filter = ("region", "ethnolinguistic_group", "poverty_band", "classification", "source")
    search_fields = ("name", "other_names", "barangay__name", "barangay__psgc_code", "municipality__name")
    list_select_related = ("barangay__municipality", "province", "region")
    autocomplete_fields = ("barangay",)
    # Region, province and municipality repeat the barangay's: they follow it on save.
    readonly_fields = ("municipality", "province", "region")
    annotations = {"need_total": Count("needs", distinct=True)}
    inlines = (NeedInline,)

    @admin.display(description="needs", ordering="need_total")
    def need_count(self, community: Community) -> int:
        return community.need_total

    def save_model(self, request: HttpRequest, obj: Community, form, change: bool) -> None:
        municipality = obj.barangay.municipality
        obj.municipality, obj.province_id, obj.region_id = (
            municipality,
            municipality.province_id,
            municipality.region_id,
        )
        super().save_model(request, obj, form, change)


@admin.register(Need)
class NeedAdmin(AuditedAdmin):
    list_display = ("title", "community", "sector", "urgency", "status", "affected_population", "source")
    list_filter = ("sector", "urgency", "status", "source", "community__region")
    search_fields = ("title", "description", "community__name")
    list_select_related = ("community",)
    autocomplete_fields = ("community",)
    date_hierarchy = "identified_on"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The outbox, read-only, with one action: give dead or failed messages another try."""

    list_display = ("topic", "status", "attempts", "due_at", "sent_at", "created_at")
    list_filter = ("status", "topic")
    search_fields = ("uid", "idempotency_key")
    list_per_page = 50
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Send again now (dead or failed messages)")
    def retry_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.filter(status__in=["dead", "failed"]).update(
            status="failed", due_at=timezone.now(), claimed_at=None
        )
        self.message_user(request, f"{count} message(s) will be sent on the next run.")
