from django.urls import path

from automation import views

app_name = "automation"

# Pages; paths name their own prefix.
urlpatterns = [
    path("meetings/", views.year, name="year"),
    path("meetings/generate/", views.generate, name="generate"),
    path("meetings/mine/", views.mine, name="mine"),
    path("meetings/series/", views.series_list, name="series-list"),
    path("meetings/series/new/", views.series_create, name="series-create"),
    path("meetings/series/<uuid:uid>/", views.series_detail, name="series-detail"),
    path("meetings/<uuid:uid>/", views.meeting, name="meeting"),
    path("meetings/<uuid:uid>/calendar.ics", views.meeting_ics, name="meeting-ics"),
    path("meetings/<uuid:uid>/schedule/", views.meeting_schedule, name="meeting-schedule"),
    path("meetings/<uuid:uid>/details/", views.meeting_details, name="meeting-details"),
    path("meetings/<uuid:uid>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<uuid:uid>/reinstate/", views.meeting_reinstate, name="meeting-reinstate"),
    path("meetings/<uuid:uid>/complete/", views.meeting_complete, name="meeting-complete"),
    path("meetings/<uuid:uid>/remind/", views.meeting_send_reminders, name="meeting-send-reminders"),
    path("meetings/<uuid:uid>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<uuid:uid>/action-items/", views.meeting_action_item_add, name="meeting-action-items"),
    path("meetings/<uuid:uid>/report/", views.meeting_report, name="meeting-report"),
    path("meetings/action-items/<uuid:uid>/", views.action_item_update, name="action-item"),
    path("meetings/participants/<uuid:uid>/", views.participant_update, name="participant"),
    path("meetings/reports/<uuid:uid>/", views.report, name="report"),
    path("meetings/calendar/", views.calendar_feeds, name="calendar-feeds"),
    path("meetings/calendar/<uuid:uid>/revoke/", views.calendar_feed_revoke, name="calendar-feed-revoke"),
    # Public: the secret token is the credential (calendar clients cannot sign in).
    path("meetings/calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
