"""/api/v1/internal/ organizations, focal persons, engagements, participants and action items.

Thin: each view reads through coordination.selectors (which scope a MAO focal person to their
own organization: anything else is a 404) and writes through one service.
"""

from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from common.api.registry import READ_AND_PATCH, RegistryAPIMixin, ServiceWritesMixin
from coordination.api.serializers import (
    ActionItemSerializer,
    EngagementSerializer,
    FocalPersonSerializer,
    OrganizationSerializer,
    ParticipantAnswerSerializer,
    ParticipantSerializer,
)
from coordination.filters import (
    ActionItemFilter,
    EngagementFilter,
    FocalPersonFilter,
    OrganizationFilter,
    ParticipantFilter,
)
from coordination.models import ActionItem, EngagementParticipant, FocalPerson
from coordination.selectors import (
    action_item_get,
    action_item_list,
    engagement_get,
    engagement_list,
    engagement_lookup,
    focal_person_get,
    focal_person_list,
    organization_get,
    organization_list,
    organization_lookup,
    participant_get,
    participant_list,
)
from coordination.services.engagements import (
    action_item_create,
    action_item_update,
    engagement_create,
    engagement_update,
    participant_add,
    participant_update,
)
from coordination.services.organizations import (
    focal_person_create,
    focal_person_update,
    organization_create,
    organization_update,
)


class OrganizationListView(RegistryAPIMixin, ServiceWritesMixin, generics.ListCreateAPIView):
    """MAOs and partner organizations. A MAO focal person sees their own organization only."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "acronym", "kind", "created_at"]
    ordering = ["name"]

    def get_queryset(self):
        return organization_list(user=self.request.user)

    def write_new(self, data):
        return organization_create(acting_user=self.request.user, **data)

    def read_again(self, instance):
        return organization_get(user=self.request.user, uid=instance.uid)


class OrganizationDetailView(RegistryAPIMixin, ServiceWritesMixin, generics.RetrieveUpdateAPIView):
    """One organization. Its MAO focal person may change its contact details (email, phone,
    address, website) and nothing else."""

    serializer_class = OrganizationSerializer
    http_method_names = READ_AND_PATCH

    def get_queryset(self):
        return organization_list(user=self.request.user)

    def get_object(self):
        return organization_get(user=self.request.user, uid=self.kwargs["uid"])

    def write_changes(self, instance, data):
        return organization_update(organization=instance, acting_user=self.request.user, **data)

    def read_again(self, instance):
        return self.get_object()


class OrganizationFocalPersonsView(RegistryAPIMixin, ServiceWritesMixin, generics.ListCreateAPIView):
    """The focal persons of one organization, active first; add one (a second active primary
    is refused: deactivate the current one first)."""

    serializer_class = FocalPersonSerializer
    filterset_class = FocalPersonFilter
    search_fields = ["full_name", "position", "email"]
    ordering_fields = ["full_name", "role", "active_from"]

    @cached_property
    def organization(self):
        return organization_lookup(user=self.request.user, uid=self.kwargs["uid"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FocalPerson.objects.none()
        return focal_person_list(user=self.request.user, organization=self.organization)

    def write_new(self, data):
        return focal_person_create(acting_user=self.request.user, organization=self.organization, **data)


class FocalPersonDetailView(RegistryAPIMixin, ServiceWritesMixin, generics.RetrieveUpdateAPIView):
    """One focal person. Setting `is_active` to false ends their term (`active_until`, today
    unless given)."""

    serializer_class = FocalPersonSerializer
    http_method_names = READ_AND_PATCH

    def get_queryset(self):
        return focal_person_list(user=self.request.user)

    def get_object(self):
        return focal_person_get(user=self.request.user, uid=self.kwargs["uid"])

    def write_changes(self, instance, data):
        return focal_person_update(focal_person=instance, acting_user=self.request.user, **data)


class EngagementListView(RegistryAPIMixin, ServiceWritesMixin, generics.ListCreateAPIView):
    """Stakeholder engagements. A MAO focal person sees those their organization organizes or
    takes part in; OOBC executives and staff create them."""

    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter
    search_fields = ["title", "agenda", "venue"]
    ordering_fields = ["planned_start", "title", "fiscal_year", "quarter", "status", "created_at"]
    ordering = ["-planned_start"]

    def get_queryset(self):
        return engagement_list(user=self.request.user)

    def write_new(self, data):
        return engagement_create(acting_user=self.request.user, **data)

    def read_again(self, instance):
        return engagement_get(user=self.request.user, uid=instance.uid)


class EngagementDetailView(RegistryAPIMixin, ServiceWritesMixin, generics.RetrieveUpdateAPIView):
    serializer_class = EngagementSerializer
    http_method_names = READ_AND_PATCH

    def get_queryset(self):
        return engagement_list(user=self.request.user)

    def get_object(self):
        return engagement_get(user=self.request.user, uid=self.kwargs["uid"])

    def write_changes(self, instance, data):
        return engagement_update(engagement=instance, acting_user=self.request.user, **data)

    def read_again(self, instance):
        return self.get_object()


class _InEngagementMixin:
    """Nested under engagements/<uid>/: the engagement must be visible to the reader (404 if not)."""

    @cached_property
    def engagement(self):
        return engagement_lookup(user=self.request.user, uid=self.kwargs["uid"])


class EngagementParticipantsView(
    RegistryAPIMixin, _InEngagementMixin, ServiceWritesMixin, generics.ListCreateAPIView
):
    """Who is invited. A MAO focal person sees their own organization's participants only."""

    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    search_fields = ["name", "focal_person__full_name", "organization__name"]
    ordering_fields = ["name", "rsvp", "attendance", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EngagementParticipant.objects.none()
        return participant_list(user=self.request.user, engagement=self.engagement)

    def write_new(self, data):
        return participant_add(engagement=self.engagement, acting_user=self.request.user, **data)


class ParticipantDetailView(RegistryAPIMixin, generics.RetrieveAPIView):
    """One participant; PATCH `rsvp` and `attendance` (a MAO focal person: their own
    organization's participants only)."""

    serializer_class = ParticipantSerializer
    queryset = EngagementParticipant.objects.none()  # for the schema: rows come from get_object
    http_method_names = READ_AND_PATCH

    def get_object(self):
        return participant_get(user=self.request.user, uid=self.kwargs["uid"])

    @extend_schema(request=ParticipantAnswerSerializer, responses=ParticipantSerializer)
    def patch(self, request, *args, **kwargs):
        participant = self.get_object()
        answers = ParticipantAnswerSerializer(data=request.data, partial=True)
        answers.is_valid(raise_exception=True)
        participant_update(participant=participant, acting_user=request.user, **answers.validated_data)
        return Response(ParticipantSerializer(participant).data)


class EngagementActionItemsView(
    RegistryAPIMixin, _InEngagementMixin, ServiceWritesMixin, generics.ListCreateAPIView
):
    """What the engagement agreed: action items with their owner organization."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    search_fields = ["description"]
    ordering_fields = ["due_date", "status", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActionItem.objects.none()
        return action_item_list(user=self.request.user, engagement=self.engagement)

    def write_new(self, data):
        return action_item_create(engagement=self.engagement, acting_user=self.request.user, **data)


class ActionItemDetailView(RegistryAPIMixin, ServiceWritesMixin, generics.RetrieveUpdateAPIView):
    serializer_class = ActionItemSerializer
    http_method_names = READ_AND_PATCH

    queryset = ActionItem.objects.none()  # for the schema: rows come from get_object

    def get_object(self):
        return action_item_get(user=self.request.user, uid=self.kwargs["uid"])

    def write_changes(self, instance, data):
        return action_item_update(action_item=instance, acting_user=self.request.user, **data)
