"""Validators every form shares."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UNDECODABLE = _(
    "This text holds characters that could not be read (it was not sent as UTF-8). Paste it again from "
    "its source, or save it as UTF-8 first."
)


def refuse_undecodable(value) -> None:
    """Refuse text that reached Django as bytes that are not UTF-8.

    Django decodes form data with replacement, so invalid bytes arrive as U+FFFD (``�``): saved, that is
    mojibake nobody can repair. No one types that character on purpose.
    """
    if isinstance(value, str) and "\ufffd" in value:
        raise ValidationError(UNDECODABLE, code="undecodable")
