"""Writing plans and actions. Every change goes through here: access checked, validated, audited.

Progress on actions is not written here: it is a status update (``tracking.services.status_update_create``
with ``action=``), so it follows the one reporting workflow. What a plan changes for the public (which
recommendations are addressed) reaches the search index once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from search.services import search_index_refresh_later
from tracking.audit import audit_record, create_recorded, edit_recorded
from upr_tracker import access
from upr_tracker.errors import ApplicationError, Forbidden

from .models import Action, Plan

PLAN_FIELDS = ["title", "kind", "description", "period_start", "period_end", "document_url"]
ACTION_FIELDS = [
    "parent",
    "code",
    "title",
    "description",
    "lead_institution",
    "start_date",
    "end_date",
    "expected_output",
    "budget_amount",
    "budget_currency",
    "budget_source",
]
ACTION_LINKS = ["recommendations", "supporting_institutions", "clusters", "sdg_targets", "indicators"]


def require_planner(by) -> None:
    """Refuses anyone but the coordinator (the importer asks it too, before reading a file)."""
    if not access.can_manage_plans(by):
        raise Forbidden(_("Only the NMRF coordinator manages plans."))


def _refresh_if_public(plan: Plan, recommendation_ids: Iterable[int]) -> None:
    """A change to what an adopted plan addresses changes the search's "addressed" facet."""
    if plan.state == Plan.State.ADOPTED:
        search_index_refresh_later(recommendation_ids)


def _plan_recommendation_ids(plan: Plan) -> list[int]:
    return list(
        Action.recommendations.through.objects.filter(action__plan=plan).values_list(
            "recommendation_id", flat=True
        )
    )


@transaction.atomic
def plan_create(*, by, title: str, period_start: date, period_end: date, **fields) -> Plan:
    """A new draft plan."""
    require_planner(by)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    return create_recorded(
        Plan,
        by=by,
        action="plans.plan.created",
        tracked=PLAN_FIELDS + ["state"],
        title=title,
        period_start=period_start,
        period_end=period_end,
        **fields,
    )


@transaction.atomic
def plan_edit(*, plan: Plan, by, **fields) -> Plan:
    """Change a plan's title, kind, period or document; its actions must still fit its period."""
    require_planner(by)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    edited = edit_recorded(Plan, pk=plan.pk, by=by, action="plans.plan.edited", tracked=PLAN_FIELDS, **fields)
    outside = edited.actions.exclude(start_date__gte=edited.period_start, end_date__lte=edited.period_end)
    if outside.exists():
        raise ApplicationError(
            _("Actions would fall outside the new period: %(actions)s.")
            % {"actions": ", ".join(a.label for a in outside[:5])}
        )
    return edited


def _change_state(plan: Plan, by, *, allowed_from: Plan.State, to: Plan.State, **fields) -> Plan:
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.state != allowed_from:
        raise ApplicationError(
            _("This plan is %(state)s: it cannot become %(to)s.")
            % {"state": current.get_state_display().lower(), "to": to.label.lower()}
        )
    edited = edit_recorded(
        Plan,
        pk=plan.pk,
        by=by,
        action=f"plans.plan.{to.value}",
        tracked=["state", "adopted_on"],
        state=to,
        **fields,
    )
    search_index_refresh_later(_plan_recommendation_ids(edited))
    return edited


@transaction.atomic
def plan_adopt(*, plan: Plan, by, adopted_on: date | None = None) -> Plan:
    """A draft becomes the adopted plan: public from now on, and its actions count as addressing their
    recommendations. It needs at least one action."""
    require_planner(by)
    if not plan.actions.exists():
        raise ApplicationError(_("A plan needs at least one action to be adopted."))
    return _change_state(
        plan,
        by,
        allowed_from=Plan.State.DRAFT,
        to=Plan.State.ADOPTED,
        adopted_on=adopted_on or timezone.localdate(),
    )


@transaction.atomic
def plan_close(*, plan: Plan, by) -> Plan:
    """An adopted plan ends: it stays public, its actions no longer count for coverage."""
    require_planner(by)
    return _change_state(plan, by, allowed_from=Plan.State.ADOPTED, to=Plan.State.CLOSED)


def _set_links(action: Action, by, links: dict[str, Iterable]) -> dict:
    """Replace the many-to-many links given; returns field → [old ids, new ids] for the audit entry."""
    changes = {}
    for name, values in links.items():
        manager = getattr(action, name)
        before = sorted(manager.values_list("pk", flat=True))
        manager.set(list(values))
        after = sorted(manager.values_list("pk", flat=True))
        if before != after:
            changes[name] = [before, after]
    return changes


def _split(fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - set(ACTION_FIELDS) - set(ACTION_LINKS)
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    return (
        {k: v for k, v in fields.items() if k in ACTION_FIELDS},
        {k: v for k, v in fields.items() if k in ACTION_LINKS},
    )


@transaction.atomic
def action_create(
    *, plan: Plan, by, title: str, lead_institution, start_date: date, end_date: date, **fields
):
    """A new action (or, with ``parent``, a sub-action) of a plan, with the recommendations it answers."""
    require_planner(by)
    if plan.state == Plan.State.CLOSED:
        raise ApplicationError(_("A closed plan takes no new actions."))
    values, links = _split(fields)
    action = create_recorded(
        Action,
        by=by,
        action="plans.action.created",
        tracked=ACTION_FIELDS,
        plan=plan,
        title=title,
        lead_institution=lead_institution,
        start_date=start_date,
        end_date=end_date,
        **values,
    )
    changes = _set_links(action, by, links)
    if changes:
        audit_record(action="plans.action.linked", actor=by, obj=action, changes=changes)
    _refresh_if_public(plan, action.recommendations.values_list("pk", flat=True))
    return action


@transaction.atomic
def action_edit(*, action: Action, by, **fields) -> Action:
    """Change an action; its sub-actions must still fit inside its dates."""
    require_planner(by)
    values, links = _split(fields)
    before = set(action.recommendations.values_list("pk", flat=True))
    edited = edit_recorded(
        Action, pk=action.pk, by=by, action="plans.action.edited", tracked=ACTION_FIELDS, **values
    )
    outside = edited.children.exclude(start_date__gte=edited.start_date, end_date__lte=edited.end_date)
    if outside.exists():
        raise ApplicationError(
            _("Sub-actions would fall outside the new dates: %(actions)s.")
            % {"actions": ", ".join(a.label for a in outside[:5])}
        )
    changes = _set_links(edited, by, links)
    if changes:
        audit_record(action="plans.action.linked", actor=by, obj=edited, changes=changes)
    after = set(edited.recommendations.values_list("pk", flat=True))
    _refresh_if_public(edited.plan, before ^ after)
    return edited


@transaction.atomic
def action_add_recommendations(*, action: Action, recommendations: Iterable, by) -> int:
    """Add recommendations to what an action answers (from a search selection); returns how many were new."""
    require_planner(by)
    existing = set(action.recommendations.values_list("pk", flat=True))
    new = [r.pk for r in recommendations if r.pk not in existing]
    if not new:
        return 0
    action.recommendations.add(*new)
    audit_record(
        action="plans.action.linked",
        actor=by,
        obj=action,
        changes={"recommendations": [sorted(existing), sorted(existing | set(new))]},
    )
    _refresh_if_public(action.plan, new)
    return len(new)


@transaction.atomic
def action_delete(*, action: Action, by) -> None:
    """Remove an action of a draft plan (an adopted plan's actions stay on record; edit them instead)."""
    require_planner(by)
    if action.plan.state != Plan.State.DRAFT:
        raise ApplicationError(_("Only a draft plan's actions can be removed."))
    if action.progress.exists():
        raise ApplicationError(_("This action has progress reports: it cannot be removed."))
    audit_record(
        action="plans.action.deleted", actor=by, obj=action.plan, changes={"action": [action.label, None]}
    )
    action.delete()
