"""Writes on SMART indicators and their values, each checked, validated and put on record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tracking.audit import audit_record, create_recorded, diff, edit_recorded, snapshot
from upr_tracker import access
from upr_tracker.errors import ApplicationError, Forbidden, clean

from .models import Indicator, IndicatorValue

INDICATOR_FIELDS = [
    "recommendation",
    "cluster",
    "title",
    "definition",
    "unit",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_date",
    "data_source",
    "frequency",
    "responsible_institution",
    "disaggregation",
    "sdg_indicator_code",
]
VALUE_FIELDS = ["date", "value", "source", "note", "status_update"]


@transaction.atomic
def indicator_create(*, by, title: str, **fields) -> Indicator:
    """A SMART indicator for one recommendation or one national cluster (exactly one of the two)."""
    if not access.can_manage_indicators(by):
        raise Forbidden(_("Only the coordinator defines indicators."))
    return create_recorded(
        Indicator,
        by=by,
        action="indicators.indicator.created",
        tracked=INDICATOR_FIELDS,
        title=title,
        **fields,
    )


@transaction.atomic
def indicator_edit(*, indicator: Indicator, by, **fields) -> Indicator:
    if not access.can_manage_indicators(by):
        raise Forbidden(_("Only the coordinator changes indicators."))
    return edit_recorded(
        Indicator,
        pk=indicator.pk,
        by=by,
        action="indicators.indicator.edited",
        tracked=INDICATOR_FIELDS,
        **fields,
    )


@transaction.atomic
def indicator_value_record(
    *,
    indicator: Indicator,
    by,
    date: date,
    value: Decimal,
    source: str = "",
    note: str = "",
    status_update=None,
) -> IndicatorValue:
    """Record a value on a date; within the same draft report a second value for that date replaces the first.

    Any other value already recorded for that date is never overwritten: the person is told so.
    """
    if not access.can_record_indicator_value(by, indicator):
        raise Forbidden(_("You cannot record values for this indicator."))
    if status_update is not None and not access.can_edit_update(by, status_update):
        raise Forbidden(_("Values can be added only to a draft or returned update, by its focal points."))
    if status_update is not None and status_update.action_id:
        if not status_update.action.indicators.filter(pk=indicator.pk).exists():
            raise ApplicationError(_("This indicator does not measure this action."))
    elif status_update is not None and indicator.recommendation_id not in (
        None,
        status_update.recommendation_id,
    ):
        raise ApplicationError(_("This indicator measures another recommendation."))
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, date=date).first()
    if existing and (status_update is None or existing.status_update_id != status_update.pk):
        raise ApplicationError(
            _("%(indicator)s already has a value for %(date)s.") % {"indicator": indicator, "date": date}
        )
    row = existing or IndicatorValue(indicator=indicator, date=date, created_by=by)
    before = snapshot(row, VALUE_FIELDS) if existing else {}
    row.value, row.source, row.note, row.status_update = value, source, note, status_update
    row.updated_by = by
    clean(row)
    row.save()
    audit_record(
        action="indicators.value.changed" if existing else "indicators.value.recorded",
        actor=by,
        obj=row,
        changes=diff(before, snapshot(row, VALUE_FIELDS)),
    )
    return row
