"""The reports page: request a report, follow its progress, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from upr_tracker import access
from upr_tracker.errors import ApplicationError

from . import selectors, services
from .forms import ReportRequestForm
from .kinds import describe_scope
from .models import CONTENT_TYPES, FORMATS_BY_KIND, ReportJob

RECENT_JOBS = 20


def get_job_for_user(user, pk) -> ReportJob:
    """The job, if ``user`` may see it (its requester or a coordinator); else 404."""
    return get_object_or_404(selectors.jobs_visible_to(user), pk=pk)


def job_state(job: ReportJob) -> dict:
    """What the page's poller and the API show of a job."""
    state = {
        "id": job.pk,
        "kind": job.kind,
        "format": job.fmt,
        "scope": job.scope,
        "status": job.status,
        "status_display": job.get_status_display(),
        "progress": job.progress,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "expires_at": job.expires_at.isoformat() if job.expires_at else None,
        "download_url": None,
    }
    if job.status == ReportJob.Status.DONE and job.file:
        state["download_url"] = reverse("reports:download", args=[job.pk])
    return state


def file_response(job: ReportJob) -> FileResponse:
    """The job's file as an attachment; ``ApplicationError`` if there is none (409 still running or
    failed, 410 expired), which the API renders in its error format and ``download`` as plain text."""
    if job.status in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING):
        raise ApplicationError("The report is still being generated.", code="not_ready", status=409)
    if job.status == ReportJob.Status.FAILED:
        raise ApplicationError(job.error, code="failed", status=409)
    if not job.file:
        raise ApplicationError("The file has expired; request the report again.", code="expired", status=410)
    try:
        stream = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    return FileResponse(
        stream, as_attachment=True, filename=job.download_name, content_type=CONTENT_TYPES[job.fmt]
    )


@login_required
def index(request):
    coordinator = access.is_coordinator(request.user)
    # A link may prefill the form (the search page's large workbook: ?kind=search&search=…).
    initial = {key: request.GET[key] for key in ("kind", "format", "search", "layout") if key in request.GET}
    form = ReportRequestForm(request.POST or None, initial=initial, coordinator=coordinator)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.report_job_request(
                kind=form.cleaned_data["kind"],
                fmt=form.cleaned_data["format"],
                scope=form.scope(),
                by=request.user,
            )
        except ApplicationError as error:
            for field, message in error.extra.get("fields", {}).items():
                form.add_error(field if field in form.fields else None, message)
            if not error.extra.get("fields"):
                form.add_error(None, error.message)
        else:
            messages.success(request, f"Report #{job.pk} requested.")
            return redirect(f"{reverse('reports:index')}#job-{job.pk}")
    jobs = list(ReportJob.objects.filter(requested_by=request.user)[:RECENT_JOBS])
    for job in jobs:
        job.scope_text = describe_scope(job.scope)
    context = {
        "form": form,
        "jobs": jobs,
        "formats_by_kind": {kind: list(formats) for kind, formats in FORMATS_BY_KIND.items()},
    }
    return render(request, "reports/index.html", context)


@require_GET
@login_required
def status(request, pk):
    return JsonResponse(job_state(get_job_for_user(request.user, pk)))


@require_GET
@login_required
def download(request, pk):
    try:
        return file_response(get_job_for_user(request.user, pk))
    except ApplicationError as error:
        return HttpResponse(error.message, status=error.status, content_type="text/plain; charset=utf-8")
