from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from .health import healthz

admin.site.site_header = "UPR Tracker administration"
admin.site.site_title = "UPR Tracker"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("institutions/", include("institutions.urls")),
    path("accounts/", include("accounts.urls")),
    path("tracking/", include("tracking.urls")),
    path("participation/", include("participation.urls")),
    path("api/v1/tracking/", include("tracking.api_urls")),
    path("api/v1/participation/", include("participation.api")),
    path("reports/", include("reports.urls")),
    path("assistance/", include("assistance.urls")),
    path("plans/", include("plans.urls")),
    path("api/v1/plans/", include("plans.api_urls")),
    path("workspace/", include("workspaces.urls")),
    path("api/v1/reports/", include("reports.api_urls")),
    # Read API, schema and docs; after the other apps' /api/v1/… so that its 404 catches what they miss.
    path("api/", include("upr_tracker.api_urls")),
    path("", include("recommendations.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
