"""What a committed change must cause survives a broker outage; the public keeps working with the cache down.

The outage test starts a Redis of its own (``redis-server`` on a free port) and a real Celery worker
against it, stops that Redis in the middle and starts it again: skipped without ``redis-server``, and
without ``REDIS_URL`` (then the project runs every task eagerly).
"""

import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from outbox.models import Message
from reports.models import ReportJob
from search.services import search_index_refresh
from tests.conftest import signed_in
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    RecommendationFactory,
    StatusUpdateFactory,
    UserFactory,
)
from tracking.models import StatusUpdate
from upr_tracker import outbox
from upr_tracker.celery import app

CELERY = Path(sys.executable).parent / "celery"
REDIS_SERVER = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A ``redis-server`` of this test's own, without persistence: stopping it loses what it held."""

    def __init__(self, directory: Path):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process = None

    def start(self):
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _point_celery_at(url: str) -> None:
    """Make this process's Celery app publish to ``url``: the pools it built for the old URL are dropped."""
    app.conf.broker_url = url
    app.conf.result_backend = url
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()


@pytest.fixture
def private_redis(tmp_path, settings, monkeypatch):
    """A private Redis as this process's broker, result backend and cache; the old ones come back after."""
    if not REDIS_SERVER:
        pytest.skip("needs redis-server on the PATH to stop and restart a Redis of its own")
    if not os.environ.get("REDIS_URL"):
        # Without REDIS_URL the project is configured to run every task eagerly, in the process that
        # sends it, so there is no broker whose outage could be survived.
        pytest.skip("REDIS_URL is not set: Celery runs tasks eagerly, with no broker to take down")
    server = PrivateRedis(tmp_path)
    server.start()
    previous = app.conf.broker_url, app.conf.result_backend
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    _point_celery_at(server.url)
    settings.CACHES = {
        "default": {
            "BACKEND": "upr_tracker.cache.DegradingRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield server
    if server.process.poll() is None:
        server.stop()
    _point_celery_at(previous[0])
    app.conf.result_backend = previous[1]


@pytest.fixture
def worker(private_redis, tmp_path):
    """A real Celery worker against the private Redis and the test database; e-mails go to files."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": private_redis.url,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    command = [str(CELERY), "-A", "upr_tracker", "worker", "--pool", "solo", "--without-gossip"]
    command += ["--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"]
    process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL)
    yield SimpleMail(tmp_path / "mail")
    process.kill()
    process.wait()


class SimpleMail:
    """The e-mails the worker wrote with Django's file backend."""

    def __init__(self, directory: Path):
        self.directory = directory

    def sent(self, subject: str, to: str) -> bool:
        if not self.directory.exists():
            return False
        texts = [path.read_text() for path in self.directory.iterdir()]
        return any(subject in text and f"To: {to}" in text for text in texts)


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _found(client, status: str) -> set[str]:
    answer = client.get("/api/v1/recommendations/", {"status": status})
    assert answer.status_code == 200
    return {row["public_id"] for row in answer.json()["results"]}


@pytest.mark.django_db(transaction=True)
def test_a_publication_during_a_redis_outage_answers_and_its_effects_follow_once_redis_is_back(
    private_redis, worker, client, caplog
):
    recommendation = RecommendationFactory(text="Establish an independent national preventive mechanism.")
    assignment = AssignmentFactory(recommendation=recommendation)
    focal_point = MembershipFactory(institution=assignment.institution).user
    update = StatusUpdateFactory(
        recommendation=recommendation, institution=assignment.institution, state=StatusUpdate.State.APPROVED
    )
    search_index_refresh(recommendation_ids=[recommendation.pk])
    coordinator = signed_in(UserFactory(coordinator=True))
    assert _wait_for(lambda: _ping_worker())

    private_redis.stop()
    with caplog.at_level(logging.WARNING):
        answer = coordinator.post(reverse("tracking-api:status-update-publish", args=[update.pk]))
        assert answer.status_code == 200, answer.content
        assert client.get("/api/v1/recommendations/").status_code == 200  # throttle fails open
        report = coordinator.post(
            "/api/v1/reports/", {"kind": "open_data", "format": "csv"}, content_type="application/json"
        )
        assert report.status_code == 202, report.content
    assert "broker unreachable" in caplog.text and "Cache unreachable" in caplog.text
    update.refresh_from_db()
    assert update.state == StatusUpdate.State.PUBLISHED
    assert Message.objects.filter(sent_at__isnull=True).count() == 3  # refresh, e-mail, report
    assert recommendation.public_id not in _found(client, "in_progress")
    assert client.get("/healthz").json()["outbox_waiting"] == 3  # what an operator sees meanwhile

    private_redis.start()
    assert outbox.outbox_sweep() == 3  # what Celery beat does every minute
    job = ReportJob.objects.get(pk=report.json()["id"])
    assert _wait_for(lambda: not Message.objects.exists())  # every one started by the worker
    assert _wait_for(lambda: recommendation.public_id in _found(client, "in_progress"))
    assert _wait_for(lambda: worker.sent("update published", to=focal_point.email))
    assert _wait_for(lambda: ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.DONE)


def _ping_worker() -> bool:
    try:
        return bool(app.control.ping(timeout=0.5))
    except Exception:  # the broker is still starting
        return False


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit of the test's transaction when the block ends, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_message_waits_for_the_commit_and_is_acknowledged_when_its_task_runs(db, mailoutbox, commit):
    with commit():
        outbox.mail_send(subject="Hello", body="Body", to="someone@example.org")
        assert mailoutbox == []
        assert Message.objects.get().sent_at is None
    assert [m.subject for m in mailoutbox] == ["Hello"]
    assert not Message.objects.exists()  # the worker started it: nothing is owed any more


def test_a_rolled_back_change_leaves_no_message(db, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.mail_send(subject="Hello", body="Body", to="someone@example.org")
        raise RuntimeError
    assert not Message.objects.exists() and mailoutbox == []


def test_the_sweep_sends_what_the_broker_refused_and_gives_up_on_very_old_messages(
    db, mailoutbox, monkeypatch, commit
):
    from outbox.tasks import mail_send_task

    def broker_down(*args, **kwargs):
        raise redis.exceptions.ConnectionError("refused")

    monkeypatch.setattr(mail_send_task, "delay", broker_down)
    with commit():
        outbox.mail_send(subject="Later", body="Body", to="someone@example.org")
    message = Message.objects.get()
    assert (message.sent_at, message.attempts) == (None, 1)
    assert outbox.outbox_sweep() == 0  # still down
    assert Message.objects.get().attempts == 2
    monkeypatch.undo()
    assert outbox.outbox_sweep() == 1
    assert [m.subject for m in mailoutbox] == ["Later"]
    assert outbox.outbox_sweep() == 0  # acknowledged: not sent twice
    assert len(mailoutbox) == 1
    monkeypatch.setattr(mail_send_task, "delay", broker_down)
    with commit():
        outbox.mail_send(subject="Never", body="Body", to="someone@example.org")
    monkeypatch.undo()
    assert outbox.outbox_sweep(now=timezone.now() + timedelta(hours=settings.OUTBOX_GIVE_UP_HOURS + 1)) == 0
    assert not Message.objects.exists() and len(mailoutbox) == 1


def test_a_sent_message_no_worker_started_is_sent_again_after_a_while(
    db, mailoutbox, monkeypatch, settings, commit
):
    from outbox.tasks import mail_send_task

    monkeypatch.setattr(mail_send_task, "delay", lambda **kwargs: None)  # accepted, then lost
    with commit():
        outbox.mail_send(subject="Lost", body="Body", to="someone@example.org")
    monkeypatch.undo()
    assert outbox.outbox_sweep() == 0
    later = timezone.now() + timedelta(seconds=settings.OUTBOX_RESEND_AFTER_SECONDS + 1)
    assert outbox.outbox_sweep(now=later) == 1
    assert [m.subject for m in mailoutbox] == ["Lost"]


def test_the_cache_answers_as_empty_while_redis_is_down(settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "upr_tracker.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    with caplog.at_level(logging.WARNING):
        assert cache.get("key") is None
        assert cache.get("key", "fallback") == "fallback"
        assert cache.add("key", 1) is False
        cache.set("key", 1)
        with pytest.raises(ValueError):
            cache.incr("key")
    assert "Cache unreachable" in caplog.text


def test_anonymous_api_calls_and_rate_limited_posts_go_through_while_the_cache_is_down(
    db, client, settings, caplog, rf
):
    from django.contrib.auth.models import AnonymousUser

    from upr_tracker import throttling

    settings.CACHES = {
        "default": {
            "BACKEND": "upr_tracker.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    RecommendationFactory()
    with caplog.at_level(logging.WARNING):
        assert client.get("/api/v1/recommendations/").status_code == 200  # the anonymous throttle
        request = rf.post("/participation/comments/")
        request.user = AnonymousUser()
        assert throttling.wait_seconds(request, "comment") == 0  # what every participation POST asks
    assert "Cache unreachable" in caplog.text
