"""Files uploaded to the admin's import page, kept between the preview and the confirmation.

Each file is stored under a random token (``MEDIA_ROOT/imports/<token>``) that only the session which
previewed it knows, so that confirming imports exactly what was previewed and no path ever comes from the
browser. Confirming or cancelling deletes the file; a preview never answered is deleted by Celery beat
(``import_previews_expire_task``) once it is ``KEEP_FOR`` old.
"""

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

DIRECTORY = "imports"
# Longer than a session lasts (SESSION_COOKIE_AGE, eight hours by default): a preview is never deleted
# while the session that made it could still confirm it.
KEEP_FOR = dt.timedelta(days=1)


def _name(token: str) -> str:
    return f"{DIRECTORY}/{token}"


def import_preview_save(data: bytes) -> str:
    """Store an uploaded file for its confirmation; returns the token to confirm or cancel it with."""
    token = secrets.token_hex(16)
    default_storage.save(_name(token), ContentFile(data))
    return token


def import_preview_take(token: str) -> bytes | None:
    """The file stored under ``token``, deleted from storage; None if it is gone (expired)."""
    name = _name(token)
    try:
        with default_storage.open(name, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return None
    default_storage.delete(name)
    return data


def import_preview_discard(token: str) -> None:
    default_storage.delete(_name(token))


def import_previews_delete_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the previews stored more than ``KEEP_FOR`` ago; returns how many."""
    if not default_storage.exists(DIRECTORY):
        return 0
    cutoff = (now or timezone.now()) - KEEP_FOR
    _directories, files = default_storage.listdir(DIRECTORY)
    expired = [name for name in files if default_storage.get_modified_time(_name(name)) < cutoff]
    for name in expired:
        default_storage.delete(_name(name))
    return len(expired)
