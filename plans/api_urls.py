"""Plans' API routes, included under /api/v1/plans/."""

from rest_framework.routers import DefaultRouter

from .api import ActionViewSet, PlanViewSet

app_name = "plans-api"

router = DefaultRouter()
router.include_root_view = False
router.register("plans", PlanViewSet, basename="plan")
router.register("actions", ActionViewSet, basename="action")

urlpatterns = router.urls
