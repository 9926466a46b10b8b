"""Report jobs: a row per requested report, filled in by a Celery task, downloaded when done.

The row is the contract between the web process and the worker: the page and the API read its
``status`` and ``progress``; the task writes them in short transactions of their own so that a
progress bar sees every step.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MATRIX = "matrix", _("Implementation matrix")
    GRID = "grid", _("National report grid")
    MIDTERM = "midterm", _("Mid-term summary")
    ONE_YEAR = "one_year", _("One-year update")
    CIVIL_SOCIETY = "civil_society", _("Civil society view")
    OPEN_DATA = "open_data", _("Open data dump")
    SEARCH = "search", _("Search results")


class Format(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    DOCX = "docx", _("Word document (DOCX)")
    PDF = "pdf", _("PDF, ready to print")
    CSV = "csv", _("CSV")
    JSON = "json", _("JSON")


DOCUMENT_FORMATS = [Format.XLSX, Format.DOCX, Format.PDF, Format.CSV]
FORMATS_BY_KIND = {
    Kind.MATRIX: DOCUMENT_FORMATS,
    Kind.GRID: DOCUMENT_FORMATS,
    Kind.MIDTERM: DOCUMENT_FORMATS,
    Kind.ONE_YEAR: [Format.DOCX, Format.PDF, Format.XLSX, Format.CSV],
    Kind.CIVIL_SOCIETY: DOCUMENT_FORMATS,
    Kind.OPEN_DATA: [Format.CSV, Format.JSON, Format.XLSX],
    Kind.SEARCH: [Format.XLSX],  # a large search download (``search.exports``); CSV streams without a job
}
CONTENT_TYPES = {
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.CSV: "text/csv; charset=utf-8",
    Format.JSON: "application/json",
}


class ReportJobQuerySet(models.QuerySet):
    def expired(self, now):
        return self.filter(expires_at__lte=now).exclude(file="")

    def unfinished(self):
        return self.filter(status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING])


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("report"), max_length=20, choices=Kind.choices)
    fmt = models.CharField(_("format"), max_length=5, choices=Format.choices)
    scope = models.JSONField(
        _("scope"),
        default=dict,
        blank=True,
        help_text=_("The filters chosen: state, cycle, cluster, status…"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows to write"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("why it failed"), blank=True)
    file = models.FileField(_("file"), max_length=300, blank=True)
    file_size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Renewed by the running worker (``reports.lease``); a running job whose heartbeat stops is re-queued.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True, db_index=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_job_progress_percent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.fmt}) #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def download_name(self) -> str:
        """The file name the browser saves: the kind, the scope's state if any, the job number."""
        state = self.scope.get("state", "")
        parts = [self.kind.replace("_", "-"), state.lower(), str(self.pk)]
        return "-".join(p for p in parts if p) + f".{self.fmt}"
