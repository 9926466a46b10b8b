"""Report jobs: requesting one, generating its file in the worker, deleting files that expired.

A job's file is written to a temporary name beside its final one and renamed when complete, so a
download never sees half a file, and a job run again after its worker died starts over cleanly: the
dead run's leftovers are removed first.
"""

import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from upr_tracker import outbox
from upr_tracker.errors import ApplicationError, Forbidden, clean

from . import kinds, opendata, selectors
from .document import Column, Document, Table
from .errors import DATABASE_DOWN, TOO_LONG, UNEXPECTED, WORKER_LOST, ReportError
from .lease import Lease, LeaseLost
from .models import FORMATS_BY_KIND, Format, Kind, ReportJob
from .progress import Progress
from .scope import scope_clean
from .writers import WRITERS

logger = logging.getLogger(__name__)
REPORTS_DIR = "reports"
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
STALE_PARTS_AFTER = timedelta(days=1)
MAX_ATTEMPTS = 3  # runs of one job whose worker stopped, before it fails for good


def report_job_request(*, kind: str, scope: dict, fmt: str, by) -> ReportJob:
    """Record a report job and hand it to the worker once the row is committed.

    Anyone signed in may ask; people other than coordinators get published data only (``scope_clean``).
    """
    if not by.is_authenticated:
        raise Forbidden("Sign in to request reports.")
    if kind not in Kind.values:
        raise ApplicationError(f"Unknown report '{kind}'.", extra={"fields": {"kind": "Choose a report."}})
    if fmt not in FORMATS_BY_KIND[kind]:
        formats = ", ".join(str(f).upper() for f in FORMATS_BY_KIND[kind])
        message = f"The {Kind(kind).label} comes as {formats}."
        raise ApplicationError(message, extra={"fields": {"format": message}})
    scope = scope_clean(scope, kind=kind, user=by)
    with transaction.atomic():
        job = ReportJob(kind=kind, fmt=fmt, scope=scope, requested_by=by)
        clean(job)
        job.save()
        report_job_enqueue(job_id=job.pk)
    return job


def report_job_enqueue(*, job_id: int) -> None:
    """Hand the job to a worker once the current transaction commits, through the outbox (so that a
    broker outage delays it instead of losing it): the one place jobs are sent."""
    outbox.send("reports.tasks.report_generate_task", job_id)


def _directory() -> Path:
    directory = Path(settings.MEDIA_ROOT) / REPORTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _write_open_data(job: ReportJob, path: str, progress: Progress, subtitle: str, parallel: bool) -> None:
    """CSV straight from the database; JSON and XLSX converted from a CSV dump, row by row."""
    recommendations = selectors.scope_recommendations(job.scope, job.requested_by)
    count = recommendations.count()
    if job.fmt == Format.CSV:
        progress.start(count)
        opendata.write_csv(recommendations, path, progress.reached, parallel=parallel)
        return
    progress.start(2 * count)
    with opendata.csv_dump(recommendations, Path(path).parent, progress.reached, parallel=parallel) as dump:
        columns = [Column(name, 30 if name == "text" else 14) for name in opendata.COLUMNS]
        table = Table("recommendations", columns, progress.rows(opendata.read_csv(dump)))
        document = Document(str(Kind.OPEN_DATA.label), subtitle, [table], data_file=True)
        WRITERS[job.fmt](document, path)


def _generate(job: ReportJob, progress: Progress) -> str:
    """Write the job's file; returns its name under MEDIA_ROOT."""
    directory = _directory()
    for leftover in directory.glob(f".job-{job.pk}-*"):
        leftover.unlink(missing_ok=True)
    handle, part = tempfile.mkstemp(prefix=f".job-{job.pk}-", suffix=f".{job.fmt}", dir=directory)
    os.close(handle)
    try:
        # One consistent picture of the data, however long the report takes to write. (Run inside a
        # caller's transaction, as in tests, the caller's transaction decides.)
        own_transaction = not connection.in_atomic_block
        with transaction.atomic():
            if own_transaction:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            today = timezone.localdate()
            if job.kind == Kind.OPEN_DATA:
                subtitle = f"{kinds.describe_scope(job.scope)} — {today.isoformat()}"
                _write_open_data(job, part, progress, subtitle, parallel=own_transaction)
            else:
                WRITERS[job.fmt](kinds.build(job, progress, today), part)
        name = f"{REPORTS_DIR}/job-{job.pk}.{job.fmt}"
        os.replace(part, Path(settings.MEDIA_ROOT) / name)
        return name
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


def _finish(job_id: int, attempt: int, *, finished_at=None, **fields) -> None:
    """Write the run's outcome, unless the job was handed to another attempt meanwhile."""
    if not connection.in_atomic_block:  # after a database error, write the outcome on a sound connection
        connection.close_if_unusable_or_obsolete()
    ReportJob.objects.filter(pk=job_id, attempts=attempt).update(
        finished_at=finished_at or timezone.now(), **fields
    )


def _lease() -> timedelta:
    return timedelta(seconds=settings.REPORTS_LEASE_SECONDS)


def _claim(job_id: int) -> int | None:
    """Mark the job running for a new attempt and return its number; None if it is done, or running
    under a live lease (a message delivered twice)."""
    now = timezone.now()
    free = (
        ~Q(status=ReportJob.Status.RUNNING)
        | Q(heartbeat_at__isnull=True)
        | Q(heartbeat_at__lt=now - _lease())
    )
    claimed = (
        ReportJob.objects.filter(pk=job_id)
        .exclude(status=ReportJob.Status.DONE)
        .filter(free)
        .update(
            status=ReportJob.Status.RUNNING,
            progress=0,
            rows_done=0,
            rows_total=None,
            error="",
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return None
    return ReportJob.objects.filter(pk=job_id).values_list("attempts", flat=True).first()


def report_job_run(*, job_id: int, final_attempt: bool = True) -> None:
    """Generate the job's file: the worker's whole task. Safe to run again for the same job.

    A job already done, or running under a live lease, is left alone (its message was delivered
    twice); any other starts over, holding a lease (``reports.lease``) while it runs. The job ends
    done, or failed with a message for the coordinator, except on a database error before the final
    attempt: then it goes back to the queue and the error is raised for Celery to retry.
    """
    attempt = _claim(job_id)
    if attempt is None:
        return
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    failed = ReportJob.Status.FAILED
    with Lease(job_id, attempt, seconds=settings.REPORTS_LEASE_SECONDS) as lease:
        progress = Progress(job_id, lease=lease)
        try:
            with translation.override(job.scope.get("language") or settings.LANGUAGE_CODE):
                name = _generate(job, progress)
        except LeaseLost:
            logger.warning("Report job %s: attempt %s superseded by another run", job_id, attempt)
            return
        except ReportError as error:
            _finish(job_id, attempt, status=failed, error=error.message)
        except SoftTimeLimitExceeded:
            minutes = report_time_limits()[0] // 60
            _finish(job_id, attempt, status=failed, error=TOO_LONG.format(minutes=minutes))
        except TRANSIENT_ERRORS:
            logger.warning("Report job %s: database error", job_id, exc_info=True)
            if final_attempt:
                _finish(job_id, attempt, status=failed, error=DATABASE_DOWN)
            else:
                _finish(job_id, attempt, status=ReportJob.Status.QUEUED, error="")
                raise
        except Exception:
            logger.exception("Report job %s failed", job_id)
            _finish(job_id, attempt, status=failed, error=UNEXPECTED)
        else:
            finished = timezone.now()
            _finish(
                job_id,
                attempt,
                status=ReportJob.Status.DONE,
                finished_at=finished,
                progress=100,
                rows_done=progress.done,
                rows_total=progress.total,
                file=name,
                file_size=(Path(settings.MEDIA_ROOT) / name).stat().st_size,
                expires_at=finished + timedelta(days=settings.REPORTS_KEEP_DAYS),
            )
        finally:
            progress.close()


def report_jobs_requeue_stale(*, now=None) -> int:
    """Put running jobs whose heartbeat stopped for longer than the lease back in the queue (Celery
    beat, every ``REPORTS_SWEEP_SECONDS``); after ``MAX_ATTEMPTS`` runs, fail them. Returns jobs re-queued."""
    now = now or timezone.now()
    stale = ReportJob.objects.filter(status=ReportJob.Status.RUNNING).filter(
        Q(heartbeat_at__lt=now - _lease()) | Q(heartbeat_at__isnull=True, started_at__lt=now - _lease())
    )
    requeued = 0
    for job_id, attempts in stale.values_list("pk", "attempts"):
        same_run = ReportJob.objects.filter(pk=job_id, attempts=attempts, status=ReportJob.Status.RUNNING)
        if attempts >= MAX_ATTEMPTS:
            same_run.update(status=ReportJob.Status.FAILED, error=WORKER_LOST, finished_at=now)
            continue
        with transaction.atomic():
            if same_run.update(status=ReportJob.Status.QUEUED, heartbeat_at=None, progress=0):
                report_job_enqueue(job_id=job_id)
                requeued += 1
    if requeued:
        logger.warning("Re-queued %s report job(s) whose worker stopped", requeued)
    return requeued


def report_time_limits() -> tuple[int, int]:
    """(soft, hard) seconds a report may take: the soft limit lets the job fail with a message."""
    hard = settings.CELERY_TASK_TIME_LIMIT
    return hard - 60, hard


def report_files_delete_expired(*, now=None) -> int:
    """Delete the files of jobs past their expiry, and parts left by dead workers. Returns files deleted."""
    now = now or timezone.now()
    deleted = 0
    for job in ReportJob.objects.expired(now):
        job.file.delete(save=False)
        ReportJob.objects.filter(pk=job.pk).update(file="", file_size=None)
        deleted += 1
    directory = _directory()
    for part in directory.glob(".job-*"):
        if now.timestamp() - part.stat().st_mtime > STALE_PARTS_AFTER.total_seconds():
            part.unlink(missing_ok=True)
            deleted += 1
    return deleted
