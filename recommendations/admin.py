import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
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

from .import_previews import import_preview_discard, import_preview_save, import_preview_take
from .importers import FORMATS, csv_chunks, native, write_xlsx
from .models import Recommendation, RecommendationLink, RecommendationPart, Review, Translation
from .services import recommendations_import_files, recommendations_publish

PENDING_IMPORTS = "recommendation_imports"
ERRORS_SHOWN = 200


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


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("CSV (any encoding) or XLSX"))
    format = forms.ChoiceField(label=_("format"), choices=[(name, name) for name in FORMATS])
    encoding = forms.CharField(
        label=_("encoding"), required=False, help_text=_("of a CSV file; leave empty to detect it")
    )
    publish = forms.BooleanField(label=_("publish new recommendations"), required=False, initial=True)


@admin.register(Recommendation)
class RecommendationAdmin(
    CoordinatorAdminMixin, SearchIndexedAdminMixin, TrackedAdminMixin, admin.ModelAdmin
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

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="recommendations_import"),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name="recommendations_import_confirm",
            ),
            *super().get_urls(),
        ]

    def _import_page(self, request, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import recommendations"),
            **context,
        }
        if "report" in context:
            context["errors"] = context["report"].errors[:ERRORS_SHOWN]
            context["more_errors"] = len(context["report"].errors) - ERRORS_SHOWN
        return TemplateResponse(request, "admin/recommendations/recommendation/import.html", context)

    def import_view(self, request):
        """Upload a file and preview what importing it would do: a dry run, nothing written.

        Importing rewrites recommendations in bulk, so it is the coordinators' (the admin site already
        turned away anyone who is not staff). The file is kept (``import_previews``) under a random
        token recorded in the session, so that confirming imports exactly what was previewed and no path
        ever comes from the browser.
        """
        if not is_coordinator(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if not form.is_valid():
            return self._import_page(request, form=form)
        upload, options = (
            form.cleaned_data["file"],
            {
                "format": form.cleaned_data["format"],
                "encoding": form.cleaned_data["encoding"] or None,
                "publish": form.cleaned_data["publish"],
            },
        )
        data = upload.read()
        report = recommendations_import_files(
            files=[(upload.name, data)], dry_run=True, by=request.user, **options
        )
        token = None
        if report.ok:
            token = import_preview_save(data)
            pending = request.session.get(PENDING_IMPORTS, {})
            pending[token] = {"name": upload.name, **options}
            request.session[PENDING_IMPORTS] = pending
        return self._import_page(request, form=form, report=report, token=token, filename=upload.name)

    def import_confirm_view(self, request):
        """Import the file previewed under ``token``, or drop it ("cancel"); only tokens this session was
        given are accepted. Either way the stored file is deleted."""
        if not is_coordinator(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:recommendations_import")
        token = request.POST.get("token", "")
        pending = request.session.get(PENDING_IMPORTS, {})
        options = pending.pop(token, None)
        request.session[PENDING_IMPORTS] = pending
        if options is not None and "cancel" in request.POST:
            import_preview_discard(token)
            messages.info(request, _("Import of %(name)s cancelled.") % {"name": options["name"]})
            return redirect("admin:recommendations_import")
        data = import_preview_take(token) if options is not None else None
        if data is None:
            messages.error(request, _("This import is no longer pending; upload the file again."))
            return redirect("admin:recommendations_import")
        name = options.pop("name")
        report = recommendations_import_files(files=[(name, data)], by=request.user, **options)
        if not report.ok:
            return self._import_page(request, form=ImportForm(), report=report, filename=name)
        messages.success(request, report.summary())
        if self.has_view_permission(request):
            return redirect(reverse("admin:recommendations_recommendation_changelist"))
        return redirect("admin:recommendations_import")


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
