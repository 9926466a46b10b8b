"""The admin's import pages: upload, preview (a dry run), map the columns of an unknown spreadsheet,
confirm. Mixed into ``RecommendationAdmin``, whose URLs they extend.

A session has at most one import pending: a new upload discards the files of the one before, so an
abandoned preview never lingers on disk beside a new one. The files are stored only once they are
worth confirming or mapping (``import_previews``); a refused upload leaves nothing behind.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from reference.models import AffectedGroup, Mechanism, Theme
from upr_tracker.access import is_coordinator

from .import_previews import (
    import_preview_discard,
    import_preview_read,
    import_preview_save,
    import_preview_take,
)
from .importers import FORMAT_NAMES, FORMATS, DocumentOptions, FileUnreadable, native, read_table
from .importers.mapping import CODED_COLUMNS
from .models import Response, SavedColumnMapping
from .services import recommendations_import_files, recommendations_term_keep, recommendations_term_merge

PENDING_IMPORTS = "recommendation_imports"
ERRORS_SHOWN = 200
DISTINCT_VALUES_SHOWN = 30
SAMPLES = 3
DETECT = ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: a coordinator uploads UPR Info's two exports together."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    file = MultipleFileField(
        label=_("files"),
        help_text=_(
            "OHCHR Word matrix or thematic list (DOCX), UHRI export, UPR Info export, the tracker's "
            "template or any spreadsheet (CSV in any encoding, XLSX); several files are imported together"
        ),
    )
    format = forms.ChoiceField(
        label=_("format"),
        required=False,
        choices=[(DETECT, _("recognise it from the content"))]
        + [(name, FORMAT_NAMES[name]) for name in FORMATS],
    )
    mapping = forms.ModelChoiceField(
        label=_("saved column mapping"),
        queryset=SavedColumnMapping.objects.all(),
        required=False,
        help_text=_("read the files through a mapping made before"),
    )
    encoding = forms.CharField(
        label=_("encoding"), required=False, help_text=_("of a CSV file; leave empty to detect it")
    )
    state = forms.CharField(
        label=_("state under review"),
        required=False,
        help_text=_("for a Word document that does not say it (name or ISO code)"),
    )
    session = forms.CharField(label=_("UPR session"), required=False, help_text=_("for a Word document"))
    symbol = forms.CharField(label=_("report symbol"), required=False, help_text=_("for a Word document"))
    include_all_types = forms.BooleanField(
        label=_("also import rows that are not recommendations"),
        required=False,
        help_text=_("UHRI exports: observations, positive aspects"),
    )
    publish = forms.BooleanField(label=_("publish new recommendations"), required=False, initial=True)


def _coded_choices(column: str) -> list[tuple[str, str]]:
    if column == "response":
        return [("", "—"), *((value, label) for value, label in Response.choices)]
    if column == "action_category":
        return [("", "—"), *((str(number), str(number)) for number in range(1, 6))]
    return [("", "—"), *Mechanism.objects.values_list("code", "code")]


def _columns_of(data: bytes, encoding: str | None) -> list[tuple[str, list[str], list[str]]]:
    """``(header, a few sample values, its distinct values if few)`` per column of a spreadsheet."""
    table = read_table(data, encoding=encoding, legacy=True)
    columns = []
    for name in table.columns:
        values = [cells.get(name, "") for _, cells in table.records]
        distinct = list(dict.fromkeys(value for value in values if value))
        samples = distinct[:SAMPLES]
        columns.append((name, samples, distinct if len(distinct) <= DISTINCT_VALUES_SHOWN else []))
    return columns


class ImportAdminMixin:
    """The import views of ``RecommendationAdmin``."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="recommendations_import"),
            path("import/map/", view(self.import_map_view), name="recommendations_import_map"),
            path("import/confirm/", view(self.import_confirm_view), name="recommendations_import_confirm"),
            path("import/terms/", view(self.import_terms_view), name="recommendations_import_terms"),
            *super().get_urls(),
        ]

    def _import_page(self, request, template="import.html", **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import recommendations"),
            **context,
        }
        if context.get("report") is not None:
            context["errors"] = context["report"].errors[:ERRORS_SHOWN]
            context["more_errors"] = len(context["report"].errors) - ERRORS_SHOWN
        return TemplateResponse(request, f"admin/recommendations/recommendation/{template}", context)

    def _forget_pending(self, request) -> None:
        """Discard the files of the import this session had pending: one pending import per session."""
        for token in request.session.get(PENDING_IMPORTS, {}):
            import_preview_discard(token)
        request.session[PENDING_IMPORTS] = {}

    def _keep_pending(self, request, files, options: dict) -> str:
        token = import_preview_save(files)
        request.session[PENDING_IMPORTS] = {token: {"names": [name for name, _ in files], **options}}
        return token

    @staticmethod
    def _run(files, options: dict, **extra):
        return recommendations_import_files(
            files=files,
            format=options["format"] or None,
            encoding=options["encoding"] or None,
            publish=options["publish"],
            options=DocumentOptions(
                state=options["state"],
                session=options["session"],
                symbol=options["symbol"],
                include_all_types=options["include_all_types"],
                columns=options.get("columns"),
            ),
            **extra,
        )

    def import_view(self, request):
        """Upload files and preview what importing them would do: a dry run, nothing written.

        Importing rewrites recommendations in bulk, so it is the coordinators' (the admin site already
        turned away anyone who is not staff). The files are kept (``import_previews``) under a random
        token recorded in the session, so that confirming imports exactly what was previewed and no path
        ever comes from the browser. A spreadsheet of no known format goes to the mapping page.
        """
        if not is_coordinator(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if not form.is_valid():
            return self._import_page(request, form=form)
        self._forget_pending(request)
        data = form.cleaned_data
        files = [(upload.name, upload.read()) for upload in data["file"]]
        options = {
            name: data[name]
            for name in ("format", "encoding", "state", "session", "symbol", "include_all_types", "publish")
        }
        if data["mapping"] is not None:
            options["columns"] = data["mapping"].mapping
        report = self._run(files, options, dry_run=True, by=request.user)
        names = ", ".join(name for name, _ in files)
        unknown = not report.formats and report.errors and "map them" in report.errors[0].message
        if unknown and len(files) == 1 and data["mapping"] is None:
            token = self._keep_pending(request, files, options)
            return redirect(f"{reverse('admin:recommendations_import_map')}?token={token}")
        token = self._keep_pending(request, files, options) if report.ok else None
        return self._import_page(request, form=form, report=report, token=token, filename=names)

    def import_map_view(self, request):
        """Map the columns (and the values of coded columns) of a spreadsheet of no known format onto
        the tracker's template, preview the result, optionally keep the mapping under a name."""
        if not is_coordinator(request.user):
            raise PermissionDenied
        token = request.POST.get("token") or request.GET.get("token", "")
        pending = request.session.get(PENDING_IMPORTS, {})
        options = pending.get(token)
        files = import_preview_read(token) if options is not None else None
        if not files:
            messages.error(request, _("This import is no longer pending; upload the file again."))
            return redirect("admin:recommendations_import")
        name, data = files[0]
        try:
            columns = _columns_of(data, options["encoding"] or None)
        except FileUnreadable as error:
            self._forget_pending(request)
            messages.error(request, str(error))
            return redirect("admin:recommendations_import")
        chosen = {index: request.POST.get(f"column-{index}", "") for index in range(len(columns))}
        mapping = {"columns": {}, "values": {}, "defaults": {}}
        for index, (header, _samples, _distinct) in enumerate(columns):
            if chosen[index] in native.COLUMNS:
                mapping["columns"][header] = chosen[index]
        coded = []
        for index, (header, _samples, distinct) in enumerate(columns):
            if chosen[index] in CODED_COLUMNS and distinct:
                values = []
                for position, value in enumerate(distinct):
                    ours = request.POST.get(f"value-{index}-{position}", "")
                    if ours:
                        mapping["values"].setdefault(chosen[index], {})[value] = ours
                    values.append((f"value-{index}-{position}", value, ours))
                coded.append((header, _coded_choices(chosen[index]), values))
        for column in ("mechanism", "state_under_review", "session"):
            value = request.POST.get(f"default-{column}", "").strip()
            if value:
                mapping["defaults"][column] = value
        report = None
        if request.method == "POST" and mapping["columns"]:
            options = {**options, "columns": mapping}
            pending[token] = options
            request.session[PENDING_IMPORTS] = pending
            report = self._run(files, options, dry_run=True, by=request.user)
            save_as = request.POST.get("save_as", "").strip()
            if save_as and report.ok:
                SavedColumnMapping.objects.update_or_create(
                    name=save_as, defaults={"mapping": mapping, "updated_by": request.user}
                )
                messages.success(request, _("Column mapping “%(name)s” saved.") % {"name": save_as})
        rows = [
            (f"column-{index}", header, samples, chosen[index])
            for index, (header, samples, _distinct) in enumerate(columns)
        ]
        return self._import_page(
            request,
            "import_map.html",
            token=token,
            filename=name,
            rows=rows,
            targets=native.COLUMNS,
            coded=coded,
            defaults={
                column: request.POST.get(f"default-{column}", "")
                for column in ("mechanism", "state_under_review", "session")
            },
            report=report,
            confirmable=report is not None and report.ok,
        )

    def import_confirm_view(self, request):
        """Import the files previewed under ``token``, or drop them ("cancel"); only the token this
        session was given is accepted. Either way the stored files are deleted."""
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
            names = ", ".join(options["names"])
            messages.info(request, _("Import of %(name)s cancelled.") % {"name": names})
            return redirect("admin:recommendations_import")
        files = import_preview_take(token) if options is not None else None
        if files is None:
            messages.error(request, _("This import is no longer pending; upload the file again."))
            return redirect("admin:recommendations_import")
        report = self._run(files, options, by=request.user)
        if not report.ok:
            names = ", ".join(options["names"])
            return self._import_page(request, form=ImportForm(), report=report, filename=names)
        messages.success(request, report.summary())
        if self.has_view_permission(request):
            return redirect(reverse("admin:recommendations_recommendation_changelist"))
        return redirect("admin:recommendations_import")

    def import_terms_view(self, request):
        """The themes and affected groups imports created from labels they did not know: keep each, or
        merge it into an existing one (its recommendations move)."""
        if not is_coordinator(request.user):
            raise PermissionDenied
        kinds = {"theme": Theme, "group": AffectedGroup}
        if request.method == "POST":
            model = kinds.get(request.POST.get("kind", ""))
            term = (
                model.objects.filter(pk=request.POST.get("term") or 0, is_reviewed=False).first()
                if model
                else None
            )
            if term is None:
                messages.error(request, _("This term is no longer waiting for review."))
                return redirect("admin:recommendations_import_terms")
            if "keep" in request.POST:
                recommendations_term_keep(term=term, by=request.user)
                messages.success(request, _("“%(term)s” kept.") % {"term": term})
                return redirect("admin:recommendations_import_terms")
            into = model.objects.filter(pk=request.POST.get("into") or 0).exclude(pk=term.pk).first()
            if into is None or (model is Theme and into.scheme != term.scheme):
                messages.error(request, _("Choose the term to merge “%(term)s” into.") % {"term": term})
                return redirect("admin:recommendations_import_terms")
            moved = recommendations_term_merge(term=term, into=into, by=request.user)
            messages.success(
                request,
                _("“%(term)s” merged into “%(into)s”: %(count)s recommendation(s) moved.")
                % {"term": term, "into": into, "count": moved},
            )
            return redirect("admin:recommendations_import_terms")
        themes = (
            Theme.objects.filter(is_reviewed=False).annotate(uses=Count("recommendations")).order_by("name")
        )
        groups = AffectedGroup.objects.filter(is_reviewed=False).annotate(uses=Count("recommendations"))
        targets = {
            scheme: list(Theme.objects.filter(scheme=scheme, is_reviewed=True).only("pk", "code", "name"))
            for scheme in {theme.scheme for theme in themes}
        }
        pending = [("theme", theme, targets[theme.scheme]) for theme in themes]
        if groups:
            reviewed_groups = list(AffectedGroup.objects.filter(is_reviewed=True))
            pending += [("group", group, reviewed_groups) for group in groups]
        return self._import_page(
            request, "import_terms.html", title=_("New terms to review"), pending=pending
        )
