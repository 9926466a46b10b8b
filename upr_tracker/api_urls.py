"""The read API, under /api/: version 1 of the data, the OpenAPI schema and its interactive docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from indicators.api import IndicatorViewSet
from institutions.api import InstitutionViewSet
from reference import api as reference
from search import api as search

from .api import not_found

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("states", reference.StateViewSet, basename="state")
router.register("mechanisms", reference.MechanismViewSet, basename="mechanism")
router.register("sessions", reference.SessionViewSet, basename="session")
router.register("themes", reference.ThemeViewSet, basename="theme")
router.register("sdg-goals", reference.SdgGoalViewSet, basename="sdg-goal")
router.register("sdg-targets", reference.SdgTargetViewSet, basename="sdg-target")
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("v1/recommendations/", search.RecommendationList.as_view(), name="recommendation-list"),
    path("v1/recommendations/facets/", search.RecommendationFacets.as_view(), name="recommendation-facets"),
    re_path(
        r"^v1/recommendations/export\.(?P<file_format>csv|xlsx)$",
        search.RecommendationExport.as_view(),
        name="recommendation-export",
    ),
    path(
        "v1/recommendations/<str:public_id>/",
        search.RecommendationDetail.as_view(),
        name="recommendation-detail",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    re_path(r"^", not_found),
]
