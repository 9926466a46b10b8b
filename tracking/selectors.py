"""Reads for the people doing the work: my recommendations, what waits for me, what is due."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from institutions.models import Assignment
from recommendations.models import Recommendation
from upr_tracker import access

from .models import StatusUpdate

DUE_SOON_DAYS = 14
NO_REPORT = "none"


def my_recommendations(user, *, q: str = "", status: str = "", institution: int | None = None, overdue=False):
    """The recommendations assigned to the user's institutions or groups, soonest deadline (overdue) first.

    Each row carries ``next_deadline`` (of the user's institutions), and ``latest_status`` and
    ``latest_state`` from the newest status update the user may see on it.
    """
    mine = access.institution_ids(user)
    latest = (
        access.status_updates_visible_to(user).filter(recommendation=OuterRef("pk")).order_by("-created_at")
    )
    rows = (
        access.recommendations_assigned_to(user)
        .select_related("review__state", "review__mechanism")
        .annotate(
            next_deadline=Min("assignments__deadline", filter=Q(assignments__institution__in=mine)),
            latest_status=Subquery(latest.values("status")[:1]),
            latest_state=Subquery(latest.values("state")[:1]),
        )
    )
    if q:
        rows = rows.filter(Q(text__icontains=q) | Q(public_id__iexact=q) | Q(paragraph=q))
    if status == NO_REPORT:
        rows = rows.filter(latest_status__isnull=True)
    elif status:
        rows = rows.filter(latest_status=status)
    if institution:
        rows = rows.filter(assignments__institution=institution)
    if overdue:
        rows = rows.filter(next_deadline__lt=timezone.localdate())
    return rows.order_by(F("next_deadline").asc(nulls_last=True), "id")


def status_counts(rows: QuerySet) -> dict[str, int]:
    """latest status → number of recommendations, with ``none`` for those never reported on."""
    counts = rows.order_by().values("latest_status").annotate(n=Count("id", distinct=True))
    return {row["latest_status"] or NO_REPORT: row["n"] for row in counts}


def assignments_for(user) -> QuerySet[Assignment]:
    """The coordinator's view is every assignment; everyone else sees their institutions'."""
    rows = Assignment.objects.select_related("recommendation", "institution").exclude(deadline=None)
    if access.is_coordinator(user):
        return rows
    return rows.filter(institution__in=access.institution_ids(user))


def overdue(user, *, today: date | None = None) -> QuerySet[Assignment]:
    today = today or timezone.localdate()
    return assignments_for(user).filter(deadline__lt=today).order_by("deadline", "id")


def due_soon(user, *, today: date | None = None, days: int = DUE_SOON_DAYS) -> QuerySet[Assignment]:
    today = today or timezone.localdate()
    return (
        assignments_for(user)
        .filter(deadline__gte=today, deadline__lte=today + timedelta(days=days))
        .order_by("deadline", "id")
    )


def awaiting_me(user) -> QuerySet[StatusUpdate]:
    """Updates waiting for this person's next step: drafts and returned ones to finish (focal points),
    submitted ones to approve (validators), approved ones to publish (the coordinator)."""
    State = StatusUpdate.State
    condition = Q(
        institution__in=access.institution_ids(user, access.REPORTING_ROLES),
        state__in=[State.DRAFT, State.RETURNED],
    ) | Q(institution__in=access.institution_ids(user, ["validator"]), state=State.SUBMITTED)
    if access.is_coordinator(user):
        condition |= Q(state=State.APPROVED)
    return (
        StatusUpdate.objects.filter(condition)
        .select_related("recommendation", "action", "institution")
        .order_by("updated_at")
    )


def recommendation_for_tracking(user, public_id: str) -> Recommendation | None:
    return access.recommendations_visible_to(user).filter(public_id=public_id).first()


def institution_summary(today: date | None = None) -> list[dict]:
    """Per institution: assignments, overdue ones, updates awaiting validation or publication."""
    from institutions.models import Institution

    today = today or timezone.localdate()
    State = StatusUpdate.State
    return list(
        Institution.objects.filter(assignments__isnull=False)
        .annotate(
            assigned=Count("assignments", distinct=True),
            overdue=Count("assignments", filter=Q(assignments__deadline__lt=today), distinct=True),
            submitted=Count("status_updates", filter=Q(status_updates__state=State.SUBMITTED), distinct=True),
            approved=Count("status_updates", filter=Q(status_updates__state=State.APPROVED), distinct=True),
            published=Count("status_updates", filter=Q(status_updates__state=State.PUBLISHED), distinct=True),
        )
        .order_by("-overdue", "name")
        .values("id", "name", "assigned", "overdue", "submitted", "approved", "published")
    )
