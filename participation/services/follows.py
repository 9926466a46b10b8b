"""Following what is published, and the e-mail digest."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import (
    Follow,
)
from participation.selectors import feed_items
from upr_tracker.errors import ApplicationError

from .common import absolute_url, require


def follow_toggle(*, user, target) -> bool:
    """Follow ``target`` (a recommendation, state, theme or institution), or stop; True when now following."""
    require(user.is_authenticated, _("Sign in to follow."))
    field = target._meta.model_name
    if field not in Follow.TARGETS:
        raise ApplicationError(_("This cannot be followed."))
    deleted, _rows = Follow.objects.filter(user=user, **{field: target}).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, **{field: target})
    except IntegrityError:  # a double click created it already
        pass
    return True


def follow_digest_send(*, user, now=None) -> int:
    """E-mail ``user`` what was published on what they follow since the last digest; how many items.

    Each follow remembers when it was last reported on, so a new follow starts from when it was made.
    """
    now = now or timezone.now()
    follows = list(
        Follow.objects.filter(user=user).select_related("recommendation", "state", "theme", "institution")
    )
    items = {}
    for followed in follows:
        since = followed.last_sent_at or followed.created_at
        for item in feed_items(followed.target_kind, followed.target, user, since=since):
            items[item.key] = item
    if items and user.email:
        lines = [
            f"- {item.recommendation.public_id} {item.title}\n  "
            + absolute_url(reverse("recommendations:detail", args=[item.recommendation.public_id]))
            for item in sorted(items.values(), key=lambda item: item.published, reverse=True)
        ]
        send_mail(
            _("New on the recommendations you follow"),
            _("Published since your last digest:") + "\n\n" + "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    Follow.objects.filter(pk__in=[f.pk for f in follows]).update(last_sent_at=now)
    return len(items)
