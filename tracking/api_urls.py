"""Tracking's API routes, included under /api/v1/tracking/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import IndicatorValueViewSet, StatusUpdateViewSet
from .workbook.api import WorkbookUploadViewSet, WorkbookView

app_name = "tracking-api"

router = DefaultRouter()
router.register("status-updates", StatusUpdateViewSet, basename="status-update")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("workbook/uploads", WorkbookUploadViewSet, basename="workbook-upload")

urlpatterns = [path("workbook/", WorkbookView.as_view(), name="workbook"), *router.urls]
