"""A large workbook's confirmation written by a real Celery worker against Redis, through the outbox.

Skipped without ``REDIS_URL``. The test has its own queue; the worker reads the test database.
"""

import os
import subprocess
import time
import uuid

import pytest
from django.conf import settings
from django.db import transaction

from outbox.models import Message
from tests.conftest import signed_in
from tests.reports.test_worker import CELERY, _database_url
from tracking.models import StatusUpdate, WorkbookUpload
from tracking.tasks import workbook_confirm_task
from tracking.workbook import services
from upr_tracker.celery import app

from .test_workbook import Filler, download, upload

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs Redis: set REDIS_URL to run a real worker"
    ),
    pytest.mark.django_db(transaction=True),
]
REAL_ON_COMMIT = transaction.on_commit


@pytest.fixture
def worker(monkeypatch):
    """A worker on a queue of this test's own; the confirmation task is sent there, for real."""
    queue = f"workbook-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr("django.db.transaction.on_commit", REAL_ON_COMMIT)  # sent once committed
    monkeypatch.setattr(
        workbook_confirm_task, "delay", lambda pk: workbook_confirm_task.apply_async((pk,), queue=queue)
    )
    env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    command = [
        str(CELERY),
        "-A",
        "upr_tracker",
        "worker",
        "--pool",
        "solo",
        "-Q",
        queue,
        "--loglevel",
        "WARNING",
    ]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL)
    yield process
    process.kill()
    process.wait()


def test_a_large_confirmation_is_written_by_the_worker(world, monkeypatch, worker):
    from tests.factories import AssignmentFactory, RecommendationFactory

    for n in range(4):
        AssignmentFactory(
            recommendation=RecommendationFactory(text=f"Queued recommendation {n}."),
            institution=world.justice,
        )
    monkeypatch.setattr(services, "INLINE_ROWS", 2)
    focal = signed_in(world.focal_justice)
    filler = Filler(download(focal))
    references = [filler.sheet.cell(r, 3).value for r in range(2, filler.sheet.max_row + 1)]
    for reference in references:
        filler.fill(reference, status="In progress", narrative=f"Done for {reference}.")
    upload(focal, filler.save())
    uploaded = WorkbookUpload.objects.get()
    page = focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", follow=True)
    assert "in the background" in page.content.decode()

    deadline, seen = time.monotonic() + 60, []
    while time.monotonic() < deadline:
        uploaded.refresh_from_db()
        if not seen or seen[-1] != uploaded.state:
            seen.append(uploaded.state)
        if uploaded.state != WorkbookUpload.State.CONFIRMING:
            break
        time.sleep(0.1)
    assert seen[-1] == WorkbookUpload.State.CONFIRMED, (seen, uploaded.problem)
    assert uploaded.updates.count() == len(references) > 2
    assert set(uploaded.updates.values_list("state", flat=True)) == {StatusUpdate.State.DRAFT}
    assert not Message.objects.filter(task="tracking.tasks.workbook_confirm_task").exists()  # acknowledged
    page = focal.get(f"/tracking/workbook/uploads/{uploaded.pk}/").content.decode()
    assert 'id="confirming"' not in page and 'id="drafts"' in page
