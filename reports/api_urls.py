"""Reports' API routes, included under /api/v1/reports/."""

from django.urls import path

from . import api

app_name = "reports-api"

urlpatterns = [
    path("", api.ReportJobList.as_view(), name="list"),
    path("<int:pk>/", api.ReportJobDetail.as_view(), name="detail"),
    path("<int:pk>/file/", api.ReportJobFile.as_view(), name="file"),
]
