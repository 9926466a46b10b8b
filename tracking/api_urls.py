"""Tracking's API routes, included under /api/v1/tracking/."""

from rest_framework.routers import DefaultRouter

from .api import IndicatorValueViewSet, StatusUpdateViewSet

app_name = "tracking-api"

router = DefaultRouter()
router.register("status-updates", StatusUpdateViewSet, basename="status-update")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")

urlpatterns = router.urls
