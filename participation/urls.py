from django.urls import path

from .feeds import PublishedFeed
from .views import consultations, contributions, follows, organisations

app_name = "participation"

urlpatterns = [
    path("register/", organisations.register, name="register"),
    path("verify/<str:token>/", organisations.verify_email, name="verify_email"),
    path("join/<str:token>/", organisations.join, name="join"),
    path("organisations/<int:pk>/", organisations.organisation, name="organisation"),
    path("organisations/<int:pk>/invite/", organisations.invite, name="invite"),
    path("members/<int:pk>/leave/", organisations.member_leave, name="member_leave"),
    path("recommendations/<str:public_id>/comment/", contributions.comment_create, name="comment_create"),
    path(
        "recommendations/<str:public_id>/assessment/",
        contributions.assessment_submit,
        name="assessment_submit",
    ),
    path(
        "recommendations/<str:public_id>/assessments/<int:organisation_pk>/",
        contributions.assessment_history,
        name="assessment_history",
    ),
    path("comments/<int:pk>/edit/", contributions.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/report/", contributions.comment_report, name="comment_report"),
    path("moderation/", contributions.moderation, name="moderation"),
    path("moderation/<str:kind>/<int:pk>/", contributions.moderate, name="moderate"),
    path("consultations/", consultations.consultation_list, name="consultations"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/close/", consultations.consultation_close, name="consultation_close"),
    path(
        "consultations/<int:pk>/export.<str:fmt>",
        consultations.consultation_export,
        name="consultation_export",
    ),
    path("follow/<str:kind>/<str:key>/", follows.follow, name="follow"),
    path("follow/<str:kind>/<str:key>/by-email/", follows.follow_email, name="follow_email"),
    path("follow-by-email/<str:token>/", follows.follow_confirm, name="follow_confirm"),
    path("unfollow/<str:token>/", follows.unsubscribe, name="unsubscribe"),
    path("feeds/<str:kind>/<str:key>/", PublishedFeed(), name="feed"),
]
