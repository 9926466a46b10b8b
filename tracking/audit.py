"""The record of every change: services call ``audit_record`` inside their transaction.

Values are stored as JSON-friendly strings (dates, decimals) or ids (foreign keys), so an entry
reads the same years later whatever became of the rows it names.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from upr_tracker.clientip import current_client_ip
from upr_tracker.errors import clean

from .models import AuditEntry


def _plain(value):
    if isinstance(value, date | datetime | Decimal):
        return str(value)
    return value


def snapshot(obj, fields) -> dict:
    """The current values of ``fields`` on ``obj``; foreign keys by id."""
    return {name: _plain(getattr(obj, obj._meta.get_field(name).attname)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """field → [old, new] for each field whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(*, action: str, actor, obj, changes: dict | None = None, comment: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes=changes or {},
        comment=comment,
        ip_address=current_client_ip.get(),
    )


def history_for(obj):
    """The entries about ``obj``, newest first, with their actors."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")


def create_recorded(model, *, by, action: str, tracked: list[str], **fields):
    """Create a row as ``by``, validated, with an audit entry of its fields. Call inside a transaction."""
    obj = model(created_by=by, updated_by=by, **fields)
    clean(obj)
    obj.save()
    audit_record(action=action, actor=by, obj=obj, changes=diff({}, snapshot(obj, tracked)))
    return obj


def edit_recorded(model, *, pk, by, action: str, tracked: list[str], **fields):
    """Lock a row, change ``fields`` as ``by``, validate, save, and record old → new. Inside a transaction."""
    obj = model.objects.select_for_update().get(pk=pk)
    before = snapshot(obj, tracked)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.updated_by = by
    clean(obj)
    obj.save()
    audit_record(action=action, actor=by, obj=obj, changes=diff(before, snapshot(obj, tracked)))
    return obj
