"""``/healthz``: whether the web process can reach its database and its Celery broker."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # any failure is reported, never raised: the probe must answer
        return f"error: {error.__class__.__name__}"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "eager (no broker configured)"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        return "ok"
    except redis.RedisError as error:
        return f"error: {error.__class__.__name__}"


def _outbox_waiting() -> int | None:
    """Background tasks committed changes still owe (``upr_tracker.outbox``); None if unreadable."""
    from outbox.models import Message

    try:
        return Message.objects.count()
    except Exception:  # the database state above already says why
        return None


def healthz(request):
    database = _database_state()
    broker = _broker_state()
    healthy = database == "ok" and not broker.startswith("error")
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": database,
            "broker": broker,
            "outbox_waiting": _outbox_waiting() if database == "ok" else None,
        },
        status=200 if healthy else 503,
    )
