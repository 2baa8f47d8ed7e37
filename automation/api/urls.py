from django.urls import path

from automation.api import views

# Routes under /api/v1/internal/automation/ (included by obc_management/api_internal.py).
urlpatterns = [
    path("series/", views.SeriesListView.as_view(), name="automation-series-list"),
    path("series/<uuid:uid>/", views.SeriesDetailView.as_view(), name="automation-series-detail"),
    path("quarterly-meetings/", views.MeetingListView.as_view(), name="automation-meeting-list"),
    path("quarterly-meetings/generate/", views.GenerateView.as_view(), name="automation-generate"),
    path("meetings/<uuid:uid>/", views.MeetingDetailView.as_view(), name="automation-meeting-detail"),
    path(
        "meetings/<uuid:uid>/reschedule/",
        views.MeetingRescheduleView.as_view(),
        name="automation-meeting-reschedule",
    ),
    path("meetings/<uuid:uid>/cancel/", views.MeetingCancelView.as_view(), name="automation-meeting-cancel"),
    path(
        "meetings/<uuid:uid>/reinstate/",
        views.MeetingReinstateView.as_view(),
        name="automation-meeting-reinstate",
    ),
    path(
        "meetings/<uuid:uid>/complete/",
        views.MeetingCompleteView.as_view(),
        name="automation-meeting-complete",
    ),
    path(
        "meetings/<uuid:uid>/send-reminders/",
        views.MeetingSendRemindersView.as_view(),
        name="automation-meeting-send-reminders",
    ),
    path(
        "meetings/<uuid:uid>/minutes/", views.MeetingMinutesView.as_view(), name="automation-meeting-minutes"
    ),
    path(
        "meetings/<uuid:uid>/action-items/",
        views.MeetingActionItemsView.as_view(),
        name="automation-meeting-action-items",
    ),
    path("meetings/<uuid:uid>/report/", views.MeetingReportView.as_view(), name="automation-meeting-report"),
    path("action-items/<uuid:uid>/", views.ActionItemDetailView.as_view(), name="automation-action-item"),
    path("participants/<uuid:uid>/", views.ParticipantDetailView.as_view(), name="automation-participant"),
    path("reports/", views.ReportListView.as_view(), name="automation-report-list"),
    path("reports/<uuid:uid>/", views.ReportDetailView.as_view(), name="automation-report-detail"),
    path("reports/<uuid:uid>/refresh/", views.ReportRefreshView.as_view(), name="automation-report-refresh"),
    path("reports/<uuid:uid>/submit/", views.ReportSubmitView.as_view(), name="automation-report-submit"),
    path("calendar-feeds/", views.CalendarFeedListView.as_view(), name="automation-calendar-feeds"),
    path(
        "calendar-feeds/<uuid:uid>/revoke/",
        views.CalendarFeedRevokeView.as_view(),
        name="automation-calendar-feed-revoke",
    ),
]
