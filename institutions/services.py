"""The coordinator's organisation of the work: who leads and supports what, by when, and in which groups."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from reference.models import Theme
from search.services import search_index_refresh_later
from tracking.audit import audit_record, create_recorded, edit_recorded
from upr_tracker import access
from upr_tracker.errors import ApplicationError, Forbidden

from .models import Assignment, WorkingGroup

ASSIGNMENT_FIELDS = ["recommendation", "institution", "role", "deadline", "frequency"]


def _require_coordinator(by):
    if not access.can_manage_assignments(by):
        raise Forbidden(_("Only the coordinator assigns recommendations."))


def _create(**fields) -> Assignment:
    return create_recorded(
        Assignment, action="institutions.assignment.created", tracked=ASSIGNMENT_FIELDS, **fields
    )


@transaction.atomic
def assignment_create(
    *,
    recommendation,
    institution,
    by,
    role: str = Assignment.Role.LEAD,
    deadline: date | None = None,
    frequency: str = Assignment.Frequency.ONCE,
) -> Assignment:
    """Make ``institution`` lead or support ``recommendation``; one lead per recommendation."""
    _require_coordinator(by)
    assignment = _create(
        recommendation=recommendation,
        institution=institution,
        role=role,
        by=by,
        deadline=deadline,
        frequency=frequency,
    )
    search_index_refresh_later([recommendation.pk])
    return assignment


@transaction.atomic
def assignment_edit(*, assignment: Assignment, by, **fields) -> Assignment:
    """Change role, deadline or schedule of an assignment."""
    _require_coordinator(by)
    return edit_recorded(
        Assignment,
        pk=assignment.pk,
        by=by,
        action="institutions.assignment.edited",
        tracked=ASSIGNMENT_FIELDS,
        **fields,
    )


@transaction.atomic
def assignment_bulk_assign(
    *,
    recommendations,
    institution,
    by,
    role: str = Assignment.Role.LEAD,
    deadline: date | None = None,
    frequency: str = Assignment.Frequency.ONCE,
) -> tuple[int, int]:
    """Assign ``institution`` to every recommendation given (e.g. a search result).

    Recommendations it is already assigned to, or that already have another lead when ``role`` is lead,
    are left as they are. Returns (assigned, skipped).
    """
    _require_coordinator(by)
    recommendation_ids = list(recommendations.values_list("pk", flat=True))
    taken = set(
        Assignment.objects.filter(
            recommendation_id__in=recommendation_ids, institution=institution
        ).values_list("recommendation_id", flat=True)
    )
    if role == Assignment.Role.LEAD:
        taken |= set(
            Assignment.objects.filter(
                recommendation_id__in=recommendation_ids, role=Assignment.Role.LEAD
            ).values_list("recommendation_id", flat=True)
        )
    assigned = [pk for pk in recommendation_ids if pk not in taken]
    for recommendation_id in assigned:
        _create(
            recommendation=Assignment.recommendation.field.related_model(pk=recommendation_id),
            institution=institution,
            role=role,
            by=by,
            deadline=deadline,
            frequency=frequency,
        )
    search_index_refresh_later(assigned)
    return len(assigned), len(recommendation_ids) - len(assigned)


@transaction.atomic
def cluster_add_recommendations(*, cluster: Theme, recommendations, by) -> int:
    """Group recommendations into a national cluster."""
    _require_coordinator(by)
    if cluster.scheme != Theme.Scheme.NATIONAL:
        raise ApplicationError(_("Only national clusters are grouped here."))
    added = dict(recommendations.exclude(themes=cluster).values_list("pk", "public_id"))
    cluster.recommendations.add(*added)
    if added:
        audit_record(
            action="reference.cluster.grouped",
            actor=by,
            obj=cluster,
            changes={"added": [None, list(added.values())]},
        )
        search_index_refresh_later(added)
    return len(added)


@transaction.atomic
def working_group_add_recommendations(*, group: WorkingGroup, recommendations, by) -> int:
    """Give a thematic working group recommendations to follow."""
    _require_coordinator(by)
    ids = list(recommendations.exclude(working_groups=group).values_list("public_id", flat=True))
    group.recommendations.add(*recommendations.exclude(working_groups=group))
    if ids:
        audit_record(
            action="institutions.working_group.recommendations_added",
            actor=by,
            obj=group,
            changes={"added": [None, ids]},
        )
    return len(ids)
