from celery import shared_task
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from . import services
from .models import Follow


@shared_task
def follow_digest_task(user_id: int | None = None, email: str = "") -> int:
    """Send the e-mail digest to one follower, a person (``user_id``) or a confirmed e-mail address
    (``email``), or, with neither, fan out one task per follower; how many were sent for, or items.

    Run daily by Celery beat (``CELERY_BEAT_SCHEDULE``); one task per follower keeps a failing address
    from stopping everyone else's digest. The daily run also forgets unconfirmed follows whose link
    has expired.
    """
    User = get_user_model()
    if email:
        return services.follow_digest_send(email=email)
    if user_id is None:
        services.follow_pending_expire()
        people = dict(
            User.objects.filter(follows__isnull=False, is_active=True)
            .annotate(address=Lower("email"))
            .values_list("pk", "address")
            .distinct()
        )
        ids = list(people)
        # An address whose owner also follows signed in gets their one digest (``follow_digest_send``).
        addresses = sorted(
            set(Follow.objects.confirmed().exclude(email="").values_list("email", flat=True))
            - set(people.values())
        )
        for pk in ids:
            follow_digest_task.delay(pk)
        for address in addresses:
            follow_digest_task.delay(email=address)
        return len(ids) + len(addresses)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return services.follow_digest_send(user=user) if user else 0
