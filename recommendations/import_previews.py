"""Files uploaded to the admin's import page, kept between the preview and the confirmation.

The files of one upload are stored together (an uncompressed zip, names kept) under a random token
(``MEDIA_ROOT/imports/<token>``) that only the session which previewed it knows, so that confirming
imports exactly what was previewed and no path ever comes from the browser. Confirming or cancelling
deletes the file; a preview never answered is deleted by Celery beat (``import_previews_expire_task``)
once it is ``KEEP_FOR`` old.
"""

import datetime as dt
import io
import secrets
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

DIRECTORY = "imports"
# Longer than a session lasts (SESSION_COOKIE_AGE, eight hours by default): a preview is never deleted
# while the session that made it could still confirm it.
KEEP_FOR = dt.timedelta(days=1)


def _name(token: str) -> str:
    return f"{DIRECTORY}/{token}"


def import_preview_save(files: list[tuple[str, bytes]]) -> str:
    """Store the ``(name, content)`` files of an upload for its confirmation; returns the token to
    confirm or cancel them with. One stored file per upload: nothing is left behind half-saved."""
    token = secrets.token_hex(16)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for index, (name, data) in enumerate(files):
            archive.writestr(f"{index:03d}/{name}", data)
    default_storage.save(_name(token), ContentFile(buffer.getvalue()))
    return token


def import_preview_read(token: str) -> list[tuple[str, bytes]] | None:
    """The files stored under ``token``, left in storage (a column mapping is tried on them several
    times); None if they are gone (expired)."""
    try:
        with default_storage.open(_name(token), "rb") as file:
            data = file.read()
    except (FileNotFoundError, ValueError):
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename.split("/", 1)[1], archive.read(info)) for info in archive.infolist()]


def import_preview_take(token: str) -> list[tuple[str, bytes]] | None:
    """The files stored under ``token``, deleted from storage; None if they are gone (expired)."""
    files = import_preview_read(token)
    if files is not None:
        default_storage.delete(_name(token))
    return files


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
