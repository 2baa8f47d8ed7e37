from django.urls import path

from coordination.api import views

# Routes under /api/v1/internal/ (included by obc_management/api_internal.py).
urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/<uuid:uid>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path(
        "organizations/<uuid:uid>/focal-persons/",
        views.OrganizationFocalPersonsView.as_view(),
        name="organization-focal-persons",
    ),
    path("focal-persons/<uuid:uid>/", views.FocalPersonDetailView.as_view(), name="focal-person-detail"),
    path("engagements/", views.EngagementListView.as_view(), name="engagement-list"),
    path("engagements/<uuid:uid>/", views.EngagementDetailView.as_view(), name="engagement-detail"),
    path(
        "engagements/<uuid:uid>/participants/",
        views.EngagementParticipantsView.as_view(),
        name="engagement-participants",
    ),
    path("participants/<uuid:uid>/", views.ParticipantDetailView.as_view(), name="participant-detail"),
    path(
        "engagements/<uuid:uid>/action-items/",
        views.EngagementActionItemsView.as_view(),
        name="engagement-action-items",
    ),
    path("action-items/<uuid:uid>/", views.ActionItemDetailView.as_view(), name="action-item-detail"),
]
