from django.urls import path

from . import views
from .workbook import views as workbook

app_name = "tracking"

urlpatterns = [
    path("", views.my, name="my"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("assign/", views.bulk_assign, name="bulk_assign"),
    path("recommendations/<str:public_id>/", views.recommendation, name="recommendation"),
    path("recommendations/<str:public_id>/assign/", views.assign, name="assign"),
    path("recommendations/<str:public_id>/report/", views.update_create, name="update_create"),
    path("updates/<int:pk>/", views.update_detail, name="update"),
    path("updates/<int:pk>/edit/", views.update_edit, name="update_edit"),
    path("updates/<int:pk>/<slug:transition>/", views.update_transition, name="update_transition"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path(
        "evidence/<int:pk>/confidentiality/", views.evidence_confidentiality, name="evidence_confidentiality"
    ),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("history/<slug:kind>/<int:pk>/", views.history, name="history"),
    path("workbook/", workbook.workbook, name="workbook"),
    path("workbook/download/", workbook.workbook_download, name="workbook_download"),
    path("workbook/upload/", workbook.workbook_upload, name="workbook_upload"),
    path("workbook/uploads/<int:pk>/", workbook.workbook_upload_detail, name="workbook_upload_detail"),
    path("workbook/uploads/<int:pk>/confirm/", workbook.workbook_confirm, name="workbook_confirm"),
    path("workbook/uploads/<int:pk>/submit/", workbook.workbook_submit, name="workbook_submit"),
    path("workbook/uploads/<int:pk>/review/", workbook.workbook_review, name="workbook_review"),
]
