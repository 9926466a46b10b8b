from django.urls import path

from . import views
from .feeds import PublishedFeed

app_name = "participation"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("join/<str:token>/", views.join, name="join"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/invite/", views.invite, name="invite"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("recommendations/<str:public_id>/comment/", views.comment_create, name="comment_create"),
    path("recommendations/<str:public_id>/assessment/", views.assessment_submit, name="assessment_submit"),
    path(
        "recommendations/<str:public_id>/assessments/<int:organisation_pk>/",
        views.assessment_history,
        name="assessment_history",
    ),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<str:kind>/<int:pk>/", views.moderate, name="moderate"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/close/", views.consultation_close, name="consultation_close"),
    path("consultations/<int:pk>/export.<str:fmt>", views.consultation_export, name="consultation_export"),
    path("follow/<str:kind>/<str:key>/", views.follow, name="follow"),
    path("follow/<str:kind>/<str:key>/by-email/", views.follow_email, name="follow_email"),
    path("follow-by-email/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("unfollow/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/<str:kind>/<str:key>/", PublishedFeed(), name="feed"),
]
