"""Pages of the workbook round trip. Thin: check access, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from upr_tracker import access
from upr_tracker.errors import ApplicationError
from upr_tracker.numbers import is_number

from ..models import StatusUpdate, WorkbookUpload
from . import services
from .forms import DownloadForm, UploadForm
from .preview import Outcome


def _get_upload(request, pk) -> WorkbookUpload:
    """The upload, if this person may see it; 404 otherwise."""
    upload = get_object_or_404(WorkbookUpload, pk=pk)
    if not access.can_view_workbook_upload(request.user, upload):
        raise Http404
    return upload


def _page(request, *, download=None, upload=None, status=200):
    user = request.user
    validating = access.institution_ids(user, ["validator"])
    to_review = (
        WorkbookUpload.objects.filter(
            updates__state=StatusUpdate.State.SUBMITTED, updates__institution__in=validating
        ).distinct()[:20]
        if validating
        else []
    )
    context = {
        "download": download or DownloadForm(user=user),
        "upload_form": upload or UploadForm(),
        "mine": WorkbookUpload.objects.filter(created_by=user)[:10],
        "to_review": to_review,
        "is_coordinator": access.is_coordinator(user),
    }
    return render(request, "tracking/workbook/index.html", context, status=status)


@login_required
def workbook(request):
    """Download the reporting workbook, upload it back filled in, find uploads to confirm or review."""
    return _page(request)


@login_required
def workbook_download(request):
    form = DownloadForm(request.GET, user=request.user)
    if not form.is_valid():
        return _page(request, download=form, status=400)
    try:
        return download_response(request.user, form)
    except ApplicationError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        form.add_error(None, error.message)
        return _page(request, download=form, status=400)


def download_response(user, form: DownloadForm) -> HttpResponse:
    """The workbook a valid download form asks for, as an attachment (the page and the API alike)."""
    language = form.cleaned_data["language"] or get_language() or "en"
    name, content = services.workbook_download(by=user, language=language, **form.scope())
    response = HttpResponse(content, content_type=services.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def workbook_upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, upload=form, status=400)
    file = form.cleaned_data["file"]
    try:
        upload = services.workbook_upload_preview(by=request.user, file=file)
    except ApplicationError as error:
        form.add_error("file", error.message)
        return _page(request, upload=form, status=400)
    return redirect("tracking:workbook_upload_detail", upload.pk)


@login_required
def workbook_upload_detail(request, pk):
    """The preview of an upload (row by row), or, once confirmed, the drafts it wrote."""
    upload = _get_upload(request, pk)
    rows = upload.summary.get("rows", [])
    context = {
        "upload": upload,
        "rows": rows,
        "counts": upload.summary.get("counts", {}),
        "refused": [r for r in rows if r["outcome"] == Outcome.REFUSED],
        "writes": [r for r in rows if r["outcome"] in (Outcome.CREATE, Outcome.UPDATE)],
        "is_owner": upload.created_by_id == request.user.pk,
        "updates": upload.updates.select_related("recommendation", "action", "institution").order_by(
            "recommendation__public_id", "action__end_date", "id"
        ),
        "editable": upload.updates.filter(state__in=access.EDITABLE_STATES).count(),
        "reviewable": bool(services.review_updates(upload, request.user)),
    }
    return render(request, "tracking/workbook/upload.html", context)


def _act(request, pk, act, success):
    upload = _get_upload(request, pk)
    try:
        done = act(upload)
    except ApplicationError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
    else:
        messages.success(request, success(done))
    return redirect("tracking:workbook_upload_detail", upload.pk)


@login_required
@require_POST
def workbook_confirm(request, pk):
    leave_out = [n for n in request.POST.getlist("leave_out") if is_number(n)]
    return _act(
        request,
        pk,
        lambda upload: services.workbook_upload_confirm(upload=upload, by=request.user, leave_out=leave_out),
        lambda written: (
            _("The workbook is being written as drafts in the background.")
            if written is None
            else _("%(n)d drafts saved. Submit them when they are complete.") % {"n": len(written)}
        ),
    )


@login_required
@require_POST
def workbook_submit(request, pk):
    return _act(
        request,
        pk,
        lambda upload: services.workbook_upload_submit(upload=upload, by=request.user),
        lambda sent: _("%(n)d drafts submitted for validation.") % {"n": len(sent)},
    )


@login_required
def workbook_review(request, pk):
    """The validator's page: an upload's submitted updates beside the previous published report;
    approve or return them one by one or together (a return needs a reason per row)."""
    upload = _get_upload(request, pk)
    updates = services.review_updates(upload, request.user)
    status = 200
    if request.method == "POST":
        decision, _sep, one = request.POST.get("row", "").partition(":")
        if is_number(one):  # a row's own button decides that row only
            chosen = [int(one)]
        else:
            decision = request.POST.get("decision")
            chosen = [int(v) for v in request.POST.getlist("chosen") if is_number(v)]
        reasons = {u.pk: request.POST.get(f"reason-{u.pk}", "") for u in updates}
        try:
            if decision not in ("approve", "return"):
                raise ApplicationError(_("Choose to approve or to return."))
            kwargs = (
                {"approve": chosen}
                if decision == "approve"
                else {"returns": {pk: reasons.get(pk, "") for pk in chosen}}
            )
            done = services.workbook_review_decide(upload=upload, by=request.user, **kwargs)
        except ApplicationError as error:
            if error.code == "forbidden":
                raise PermissionDenied(error.message) from error
            messages.error(request, error.message)
            status = 400
        else:
            text = (
                _("%(n)d updates approved.") if decision == "approve" else _("%(n)d updates returned.")
            ) % {"n": done}
            messages.success(request, text)
            return redirect("tracking:workbook_review", upload.pk)
    elif not updates and not access.is_coordinator(request.user) and not access.is_validator(request.user):
        raise PermissionDenied
    context = {"upload": upload, "updates": updates, "posted": request.POST if status == 400 else {}}
    return render(request, "tracking/workbook/review.html", context, status=status)
