"""A real Celery worker against Redis: jobs run queued → running → done, and survive a killed worker.

Skipped without ``REDIS_URL``. Each test gets its own queue; the worker reads the test database.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reports import services
from reports.models import Kind, ReportJob
from reports.tasks import report_generate_task
from tests.factories import RecommendationFactory
from upr_tracker.celery import app

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs Redis: set REDIS_URL to run a real worker"
    ),
    pytest.mark.django_db(transaction=True),
]
CELERY = Path(sys.executable).parent / "celery"
ROWS = 12
# As long as in production: a dead worker's message does not come back in the test's lifetime, only
# the lease (short here) brings its job back.
VISIBILITY_TIMEOUT = 2 * 60 * 60
LEASE = 2


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue(monkeypatch):
    """A queue of this test's own; jobs are sent there, for real (not eagerly)."""
    name = f"reports-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr(
        report_generate_task, "delay", lambda job_id: report_generate_task.apply_async((job_id,), queue=name)
    )
    return name


@pytest.fixture
def start_worker(queue, tmp_path):
    workers = []

    def start(*, beat=False):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "REPORTS_LEASE_SECONDS": str(LEASE),
            "REPORTS_SWEEP_SECONDS": "1",
            "REPORTS_TEST_QUEUE": queue,
            "REPORTS_TEST_ROW_DELAY": "0.25",
        }
        command = [str(CELERY), "-A", "tests.reports.slow_worker", "worker", "--pool", "solo", "-Q", queue]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
        if beat:
            command += ["--beat", "--schedule", str(tmp_path / f"beat-{len(workers)}")]
        worker = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.kill()
        worker.wait()


def _watch(job_id, until, timeout=40.0) -> list[str]:
    """The statuses the job went through, polled every 50 ms until ``until(job)`` or the timeout."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if not seen or seen[-1] != job.status:
            seen.append(job.status)
        if until(job):
            return seen
        time.sleep(0.05)
    pytest.fail(f"job {job_id} went through {seen} and did not get there in {timeout} s")


@pytest.fixture
def grid_request(world):
    RecommendationFactory.create_batch(ROWS - 2, review=world.business.review)

    def request():
        return services.report_job_request(
            kind=Kind.GRID, fmt="xlsx", scope={"state": "KEN"}, by=world.coordinator
        )

    return request


def test_a_job_goes_queued_running_done_in_a_real_worker(grid_request, start_worker):
    job = grid_request()
    assert job.status == ReportJob.Status.QUEUED
    start_worker()
    seen = _watch(job.pk, lambda j: j.is_finished)
    assert seen == ["queued", "running", "done"]
    job.refresh_from_db()
    assert (job.progress, job.rows_done, job.attempts) == (100, ROWS + 1, 1)
    assert Path(job.file.path).stat().st_size == job.file_size > 0


def test_a_job_whose_worker_is_killed_runs_again_once_its_lease_runs_out(grid_request, start_worker):
    first = start_worker()
    job = grid_request()
    _watch(job.pk, lambda j: j.rows_done >= 2)
    first.kill()  # SIGKILL: no chance to acknowledge, reject or clean up
    first.wait()
    killed_at = time.monotonic()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.RUNNING and job.progress < 100 and job.heartbeat_at

    start_worker(beat=True)  # its beat sweeps for jobs whose heartbeat stopped, every second
    seen = _watch(job.pk, lambda j: j.is_finished, timeout=30)
    assert seen[-1] == "done"  # (re-queued and running again in between, too fast to see every time)
    # Back within the lease and its run (about 3 s of slowed rows), not the broker's two hours.
    assert time.monotonic() - killed_at < LEASE + 20
    job.refresh_from_db()
    assert (job.attempts, job.rows_done, job.progress) == (2, ROWS + 1, 100)
    assert not list(Path(job.file.path).parent.glob(".job-*"))  # the dead run's part was cleared
