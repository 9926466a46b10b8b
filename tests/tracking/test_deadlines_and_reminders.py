"""Overdue and due-soon lists, the daily digest to focal points and the weekly summary to coordinators."""

import datetime as dt
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tracking import selectors, tasks


def test_overdue_and_due_soon_are_per_institution(world):
    assert [a.recommendation for a in selectors.overdue(world.focal_justice)] == [world.recommendation]
    assert list(selectors.due_soon(world.focal_justice)) == []
    assert [a.recommendation for a in selectors.due_soon(world.focal_health)] == [world.unpublished]
    assert (
        selectors.overdue(world.coordinator).count() == 1
        and selectors.due_soon(world.coordinator).count() == 1
    )
    assert list(selectors.overdue(world.cso)) == []


def test_the_deadlines_page_lists_them(world):
    page = signed_in(world.coordinator).get(reverse("tracking:deadlines"))
    assert page.context["overdue"].get().institution == world.justice
    assert world.health.name in page.text


def test_my_recommendations_puts_overdue_first_and_shows_only_mine(world):
    page = signed_in(world.focal_health).get(reverse("tracking:my"))
    rows = page.context["rows"]
    assert [r.public_id for r in rows] == [world.unpublished.public_id, world.recommendation.public_id]
    assert {v: n for v, _l, n in page.context["counts"]}["none"] == 2
    justice = signed_in(world.focal_justice).get(reverse("tracking:my") + "?overdue=1")
    assert [r.public_id for r in justice.context["rows"]] == [world.recommendation.public_id]
    assert world.unpublished.text not in justice.text


def test_the_daily_digest_goes_to_focal_points_with_something_due(world, mailoutbox):
    assert tasks.focal_point_digest_task() == 2
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {world.focal_justice.email, world.focal_health.email}
    assert "1 overdue" in by_recipient[world.focal_justice.email].subject
    assert world.unpublished.public_id in by_recipient[world.focal_health.email].body


def test_the_weekly_summary_goes_to_coordinators(world, mailoutbox):
    assert tasks.coordinator_summary_task() == 1
    assert mailoutbox[0].to == [world.coordinator.email]
    assert "Ministry of Justice: 1 / 1 / 0 / 0 / 0" in mailoutbox[0].body


def test_beat_runs_both_reminders():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"tracking.tasks.focal_point_digest_task", "tracking.tasks.coordinator_summary_task"} <= scheduled


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis to run a real worker"
)
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_digest(tmp_path, django_user_model, settings):
    """A Celery worker in its own process, on a queue of its own, against the test database."""
    from tests.factories import AssignmentFactory, MembershipFactory
    from upr_tracker.celery import app

    assignment = AssignmentFactory(deadline=timezone.localdate() + dt.timedelta(days=2))
    MembershipFactory(institution=assignment.institution)
    db = connection.settings_dict
    queue = f"tracking-test-{uuid.uuid4().hex[:8]}"
    env = os.environ | {
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **db | {"PASSWORD": db["PASSWORD"] or ""}
        ),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    command = [sys.executable, "-m", "celery", "-A", "upr_tracker", "worker", "--pool", "solo", "-Q", queue]
    worker = subprocess.Popen(
        command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    app.conf.task_always_eager = False
    try:
        result = tasks.focal_point_digest_task.apply_async(queue=queue, ignore_result=False)
        assert result.get(timeout=60) == 1
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    sent = "".join(path.read_text() for path in tmp_path.iterdir())
    assert assignment.recommendation.public_id in sent
