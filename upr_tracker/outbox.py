"""The outbox: what a committed change must cause in the background survives a broker outage.

A service calls ``send("search.tasks.search_index_refresh_task", recommendation_ids=[...])`` inside its
transaction. That writes a row (``outbox.models.Message``) in the same transaction, so the change and the
promise of its side effects commit or roll back together, and hands the task to Celery once the
transaction has committed. If the broker cannot be reached then, the request still answers: the row waits,
and ``outbox_sweep`` (Celery beat, every ``OUTBOX_SWEEP_SECONDS``) sends it again.

A message is acknowledged, and its row deleted, when a worker starts its task (Celery's
``task_prerun``): the table holds only what is still owed. From then on the task is Celery's: tasks are
acknowledged late, so a task whose worker dies is handed out again by the broker. A message the broker
accepted but no worker started within ``OUTBOX_RESEND_AFTER_SECONDS`` (the broker lost it) is sent again
too. Running a task acknowledges every message with the same task and arguments: they would all do the
same thing (refresh the same rows, send the same e-mail).
Every task sent through the outbox must therefore be safe to run twice.

Without ``REDIS_URL`` tasks run eagerly, and a message is acknowledged as it is sent.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# What a task's ``delay()`` raises when the broker (or the result backend, the same Redis) is down.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError)


def send(task: str, *args, **kwargs) -> None:
    """Record the task ``task`` (its dotted name) with its arguments and send it once committed.

    Arguments must be JSON values (ids, strings), as for any Celery task. Outside an atomic block the row
    commits at once and the task is sent straight away.
    """
    from outbox.models import Message

    message = Message.objects.create(task=task, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(message))


def mail_send(*, subject: str, body: str, to: str | list[str]) -> None:
    """A plain e-mail sent by the worker once the transaction has committed, through the outbox."""
    send(
        "outbox.tasks.mail_send_task",
        subject=subject,
        body=body,
        recipients=[to] if isinstance(to, str) else to,
    )


def dispatch(message) -> bool:
    """Hand one message to Celery; False (with a log line) when the broker cannot be reached."""
    from outbox.models import Message

    task = import_string(message.task)
    try:
        task.delay(*message.args, **message.kwargs)
    except BROKER_ERRORS as error:
        logger.warning(
            "Outbox: broker unreachable, message %s (%s) waits: %s", message.pk, message.task, error
        )
        Message.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
        return False
    Message.objects.filter(pk=message.pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    return True


def acknowledge(sender=None, task_id=None, task=None, args=None, kwargs=None, **extra) -> None:
    """``task_prerun`` receiver: a worker started ``task``; its messages are delivered and deleted.

    One indexed DELETE per task run (the messages still owed are few).
    """
    from outbox.models import Message

    Message.objects.filter(task=task.name, args=list(args or ()), kwargs=kwargs or {}).delete()


def outbox_sweep(*, now=None) -> int:
    """Send again every message no worker has started.

    A message never accepted by the broker goes again at once; one the broker accepted, once
    ``OUTBOX_RESEND_AFTER_SECONDS`` have passed without a worker starting it. Messages older than
    ``OUTBOX_GIVE_UP_HOURS`` are no longer sent (each is logged as an error once). Concurrent sweeps skip
    each other's rows. Returns how many were handed to the broker.
    """
    from outbox.models import Message

    now = now or timezone.now()
    give_up = now - timedelta(hours=settings.OUTBOX_GIVE_UP_HOURS)
    resend = now - timedelta(seconds=settings.OUTBOX_RESEND_AFTER_SECONDS)
    pending = Message.objects.all()
    for message in pending.filter(created_at__lt=give_up):
        logger.error("Outbox: giving up on message %s (%s), never started by a worker", message.pk, message)
    pending.filter(created_at__lt=give_up).delete()
    sent = 0
    with transaction.atomic():
        due = pending.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=resend)).order_by("pk")
        for message in due.select_for_update(skip_locked=True):
            if not dispatch(message):
                break  # the broker is down: the next sweep tries again
            sent += 1
    return sent
