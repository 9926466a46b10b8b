"""The life of a job: checked on request, failing in words, started over cleanly, its file expiring."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from reports import services
from reports.errors import UNEXPECTED
from reports.models import Kind, ReportJob
from reports.tasks import report_files_expire_task, report_generate_task
from tests.conftest import signed_in
from upr_tracker.errors import ApplicationError

from .conftest import request_report


def test_a_one_year_update_needs_one_to_five_known_recommendations(world):
    with pytest.raises(ApplicationError) as error:
        services.report_job_request(kind=Kind.ONE_YEAR, fmt="docx", scope={}, by=world.coordinator)
    assert (
        error.value.extra["fields"]["recommendations"] == "Pick one to 5 recommendations (their identifiers)."
    )
    with pytest.raises(ApplicationError) as error:
        services.report_job_request(
            kind=Kind.ONE_YEAR, fmt="docx", scope={"recommendations": "RNOPE"}, by=world.coordinator
        )
    assert error.value.extra["fields"]["recommendations"] == "Unknown recommendation(s): RNOPE."


def test_the_page_shows_what_to_correct(world):
    response = signed_in(world.coordinator).post("/reports/", {"kind": "one_year", "format": "docx"})
    assert response.status_code == 200
    assert "Pick one to 5 recommendations" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_a_failed_job_says_why_in_plain_words(world, monkeypatch):
    def broken(document, path):
        raise KeyError("column")

    monkeypatch.setitem(services.WRITERS, "xlsx", broken)
    services.report_job_request(kind=Kind.GRID, fmt="xlsx", scope={"state": "KEN"}, by=world.coordinator)
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    assert job.error == UNEXPECTED
    assert not job.file
    page = signed_in(world.coordinator).get("/reports/").content.decode()
    assert "unexpected error on the server" in page
    assert not list((Path(settings.MEDIA_ROOT) / "reports").glob(".job-*"))  # no part left behind


def test_a_job_run_again_starts_over_and_a_done_job_is_left_alone(world):
    job = ReportJob.objects.create(
        kind=Kind.GRID,
        fmt="csv",
        scope={"state": "KEN", "published_only": True},
        requested_by=world.coordinator,
    )
    directory = Path(settings.MEDIA_ROOT) / "reports"
    directory.mkdir(parents=True)
    leftover = directory / f".job-{job.pk}-dead.csv"
    leftover.write_text("half a file")
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=40, attempts=1)

    report_generate_task.delay(job.pk)  # the message redelivered after the worker died

    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.rows_done) == ("done", 100, 2, 3)
    assert not leftover.exists()
    finished = job.finished_at
    report_generate_task.delay(job.pk)  # delivered once more: nothing happens
    job.refresh_from_db()
    assert (job.attempts, job.finished_at) == (2, finished)


def test_expired_files_are_deleted_and_the_job_says_so(world):
    job = request_report(world.coordinator, Kind.GRID, "csv", state="KEN")
    path = Path(job.file.path)
    assert job.expires_at - job.finished_at == dt.timedelta(days=settings.REPORTS_KEEP_DAYS)
    assert report_files_expire_task.delay().get() == 0
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert report_files_expire_task.delay().get() == 1

    assert not path.exists()
    job.refresh_from_db()
    assert not job.file
    response = signed_in(world.coordinator).get(f"/reports/jobs/{job.pk}/download/")
    assert response.status_code == 410
    assert "Expired" in signed_in(world.coordinator).get("/reports/").content.decode()


def test_beat_requeues_a_job_whose_heartbeat_stopped_and_fails_it_after_three_runs(world, settings):
    job = ReportJob.objects.create(
        kind=Kind.GRID,
        fmt="csv",
        scope={"state": "KEN", "published_only": True},
        requested_by=world.coordinator,
    )
    silent = timezone.now() - dt.timedelta(seconds=settings.REPORTS_LEASE_SECONDS + 1)
    alive = timezone.now() - dt.timedelta(seconds=settings.REPORTS_LEASE_SECONDS - 30)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, heartbeat_at=alive, attempts=1
    )
    assert services.report_jobs_requeue_stale() == 0  # its worker is alive
    report_generate_task.delay(job.pk)  # a duplicate message while it runs: left alone
    assert ReportJob.objects.get(pk=job.pk).attempts == 1

    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=silent)
    assert services.report_jobs_requeue_stale() == 1  # runs again (eagerly here) from the start
    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_done) == ("done", 2, 3)

    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, heartbeat_at=silent, attempts=3
    )
    assert services.report_jobs_requeue_stale() == 0
    job.refresh_from_db()
    assert job.status == "failed" and "stopped several times" in job.error
