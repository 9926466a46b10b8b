"""Helpers every participation service shares."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from upr_tracker import outbox
from upr_tracker.errors import ApplicationError, Forbidden

User = get_user_model()


def save_validated(obj):
    """Validate and save, turning a validation error into the application's error type."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    obj.save()
    return obj


def require(allowed: bool, message: str | None = None):
    if not allowed:
        raise Forbidden(message) if message else Forbidden()


def send_on_commit(subject: str, body: str, to: str) -> None:
    """Sent by the worker once committed, through the outbox: a mail or broker outage loses nothing."""
    outbox.mail_send(subject=subject, body=body, to=to)


def absolute_url(path: str) -> str:
    """Links in e-mails start with ``SITE_URL``, never with the Host header of the request that sent them."""
    return settings.SITE_URL.rstrip("/") + path
