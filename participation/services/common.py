"""Helpers every participation service shares."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

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
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]))


def absolute_url(path: str) -> str:
    """Links in e-mails start with ``SITE_URL``, never with the Host header of the request that sent them."""
    return settings.SITE_URL.rstrip("/") + path
