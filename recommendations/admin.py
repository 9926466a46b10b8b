import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from upr_tracker.access import is_coordinator
from upr_tracker.admin import (
    CoordinatorAdminMixin,
    CoordinatorViewMixin,
    SearchIndexedAdminMixin,
    TrackedAdminMixin,
)

from .admin_import import ImportAdminMixin
from .importers import csv_chunks, native, write_xlsx
from .models import (
    ImportRecord,
    Recommendation,
    RecommendationLink,
    RecommendationPart,
    Review,
    SavedColumnMapping,
    Translation,
)
from .services import recommendations_publish


@admin.register(Review)
class ReviewAdmin(CoordinatorViewMixin, SearchIndexedAdminMixin, TrackedAdminMixin, admin.ModelAdmin):
    list_display = ("state", "mechanism", "session", "document_symbol", "year", "recommendation_count")
    list_filter = ("mechanism", "session__cycle", "year")
    search_fields = ("state__name", "state__iso3", "document_symbol")
    list_select_related = ("state", "mechanism", "session")
    autocomplete_fields = ("state",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_count=Count("recommendations"))

    def indexed_recommendation_ids(self, review) -> list[int]:
        return list(review.recommendations.values_list("pk", flat=True))

    @admin.display(description=_("recommendations"), ordering="recommendation_count")
    def recommendation_count(self, review):
        return review.recommendation_count


class RecommendationPartInline(CoordinatorAdminMixin, admin.TabularInline):
    coordinator_may = ("view", "change", "add")

    model = RecommendationPart
    extra = 0


class TranslationInline(CoordinatorAdminMixin, admin.TabularInline):
    coordinator_may = ("view", "change", "add")

    model = Translation
    extra = 0
    fields = ("language", "text")


@admin.register(Recommendation)
class RecommendationAdmin(
    CoordinatorAdminMixin, ImportAdminMixin, SearchIndexedAdminMixin, TrackedAdminMixin, admin.ModelAdmin
):
    list_display = (
        "public_id",
        "short_text",
        "state",
        "mechanism",
        "session",
        "paragraph",
        "response",
        "action_category",
        "is_published",
    )
    list_filter = (
        "review__mechanism",
        "review__session__cycle",
        "response",
        "action_category",
        "is_published",
        "review__state",
    )
    search_fields = ("public_id", "text", "paragraph")
    list_select_related = ("review__state", "review__mechanism", "review__session")
    # Autocomplete widgets: a select listing 200 states and every theme would make the page heavy.
    autocomplete_fields = (
        "review",
        "recommending_states",
        "themes",
        "affected_groups",
        "sdg_goals",
        "sdg_targets",
    )
    readonly_fields = (
        "public_id",
        "source",
        "source_key",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )
    inlines = [RecommendationPartInline, TranslationInline]
    actions = ["publish", "unpublish", "export_csv", "export_xlsx"]
    change_list_template = "admin/recommendations/recommendation/change_list.html"
    show_full_result_count = False

    @admin.display(description=_("text"))
    def short_text(self, recommendation):
        return Truncator(recommendation.text).chars(90)

    @admin.display(description=_("state"), ordering="review__state__name")
    def state(self, recommendation):
        return recommendation.review.state

    @admin.display(description=_("mechanism"), ordering="review__mechanism__code")
    def mechanism(self, recommendation):
        return recommendation.review.mechanism.code

    @admin.display(description=_("session"), ordering="review__session__number")
    def session(self, recommendation):
        return recommendation.review.session.number if recommendation.review.session else "–"

    @admin.action(description=_("Publish the selected recommendations"))
    def publish(self, request, queryset):
        self._publish(request, queryset, publish=True)

    @admin.action(description=_("Unpublish the selected recommendations"))
    def unpublish(self, request, queryset):
        self._publish(request, queryset, publish=False)

    def _publish(self, request, queryset, *, publish: bool):
        if not is_coordinator(request.user):
            raise PermissionDenied
        changed = recommendations_publish(recommendations=queryset, publish=publish, by=request.user)
        if publish:
            message = ngettext("%(n)d recommendation published.", "%(n)d recommendations published.", changed)
        else:
            message = ngettext(
                "%(n)d recommendation unpublished.", "%(n)d recommendations unpublished.", changed
            )
        self.message_user(request, message % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("Export selected recommendations (CSV, tracker template)"))
    def export_csv(self, request, queryset):
        response = StreamingHttpResponse(csv_chunks(native.export_rows(queryset)), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
        return response

    @admin.action(description=_("Export selected recommendations (XLSX, tracker template)"))
    def export_xlsx(self, request, queryset):
        buffer = io.BytesIO()
        write_xlsx(native.export_rows(queryset), buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="recommendations.xlsx"'
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": is_coordinator(request.user)}
        return super().changelist_view(request, extra_context)


@admin.register(RecommendationLink)
class RecommendationLinkAdmin(SearchIndexedAdminMixin, TrackedAdminMixin, admin.ModelAdmin):
    list_display = ("source", "target", "kind", "score")
    list_filter = ("kind",)
    search_fields = ("source__public_id", "target__public_id")
    list_select_related = ("source", "target")
    raw_id_fields = ("source", "target")
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def indexed_recommendation_ids(self, link) -> list[int]:
        return [link.source_id]  # "repeated" is a search filter on the later recommendation


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Confirmed imports, read-only: who imported which files, read as what, and what it did."""

    list_display = ("at", "by", "format", "file_names", "created", "updated")
    list_filter = ("format",)
    readonly_fields = ("at", "by", "files", "format", "counts", "new_terms")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("files"))
    def file_names(self, record):
        return ", ".join(record.files)

    @admin.display(description=_("created"))
    def created(self, record):
        return record.counts.get("created", 0)

    @admin.display(description=_("updated"))
    def updated(self, record):
        return record.counts.get("updated", 0)


@admin.register(SavedColumnMapping)
class SavedColumnMappingAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "updated_at", "updated_by")
    search_fields = ("name",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
