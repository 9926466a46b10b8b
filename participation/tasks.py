from celery import shared_task
from django.contrib.auth import get_user_model

from . import services


@shared_task
def follow_digest_task(user_id: int | None = None) -> int:
    """Send the e-mail digest to one follower, or, without ``user_id``, fan out one task per follower.

    Run daily by Celery beat (``CELERY_BEAT_SCHEDULE``); one task per person keeps a failing address
    from stopping everyone else's digest.
    """
    User = get_user_model()
    if user_id is None:
        ids = list(
            User.objects.filter(follows__isnull=False, is_active=True).distinct().values_list("pk", flat=True)
        )
        for pk in ids:
            follow_digest_task.delay(pk)
        return len(ids)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return services.follow_digest_send(user=user) if user else 0
