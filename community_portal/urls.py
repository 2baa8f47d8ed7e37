from django.urls import path

from community_portal import views

app_name = "community_portal"

urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/privacy/", views.privacy, name="privacy"),
    path("portal/register/", views.register, name="register"),
    path("portal/register/sent/", views.register_sent, name="register_sent"),
    path("portal/verify-email/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("portal/sign-in/", views.sign_in, name="sign_in"),
    path("portal/account/", views.account, name="account"),
    path("portal/account/my-data.json", views.account_data, name="account_data"),
    path("portal/account/close/", views.account_close, name="account_close"),
    path("portal/requests/new/", views.request_new, name="request_new"),
    path("portal/requests/<str:code>/", views.request_status, name="request_status"),
    path("portal/reply/<str:token>/", views.request_reply, name="request_reply"),
    path("portal/feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
    path("portal/feedback/<str:token>/", views.feedback_invited, name="feedback_invited"),
    path("portal/services/<slug:slug>/feedback/", views.feedback_service, name="feedback_service"),
    path("portal/consultations/", views.consultation_list, name="consultations"),
    path("portal/consultations/<slug:slug>/", views.consultation_detail, name="consultation"),
    path("portal/consultations/<slug:slug>/comments/", views.comment_post, name="comment_post"),
    path("portal/comments/<uuid:uid>/support/", views.comment_support, name="comment_support"),
    path("portal/documents/<uuid:uid>/", views.consultation_document, name="document"),
    # OOBC staff
    path("portal/staff/leaders/", views.staff_leaders, name="staff_leaders"),
    path("portal/staff/leaders/<uuid:uid>/decide/", views.staff_leader_decide, name="staff_leader_decide"),
    path("portal/staff/requests/", views.staff_requests, name="staff_requests"),
    path("portal/staff/requests/<str:code>/", views.staff_request, name="staff_request"),
    path("portal/staff/attachments/<uuid:uid>/", views.staff_attachment, name="staff_attachment"),
    path("portal/staff/moderation/", views.staff_moderation, name="staff_moderation"),
    path("portal/staff/comments/<uuid:uid>/", views.staff_comment_moderate, name="staff_comment_moderate"),
    path("portal/staff/consultations/", views.staff_consultations, name="staff_consultations"),
    path("portal/staff/consultations/new/", views.staff_consultation_new, name="staff_consultation_new"),
    path(
        "portal/staff/consultations/<slug:slug>/",
        views.staff_consultation_edit,
        name="staff_consultation_edit",
    ),
    path(
        "portal/staff/consultations/<slug:slug>/documents/",
        views.staff_consultation_document,
        name="staff_consultation_document",
    ),
    path(
        "portal/staff/consultations/<slug:slug>/what-we-heard/",
        views.staff_what_we_heard,
        name="staff_what_we_heard",
    ),
    path(
        "portal/staff/consultations/<slug:slug>/comments.csv",
        views.staff_comments_csv,
        name="staff_comments_csv",
    ),
    path("portal/staff/feedback/", views.staff_feedback, name="staff_feedback"),
    path("portal/staff/feedback/<uuid:uid>/reply/", views.staff_feedback_reply, name="staff_feedback_reply"),
]
