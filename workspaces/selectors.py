"""What each role's workspace shows, read from the apps that own it (this app sits above them all).

The coordinator's overview is a list of blocks (``COORDINATOR_BLOCKS``): each is a function of the
request returning its template and context, or None to stay out of sight. Another app adds a block by
appending one function; every block costs a few queries and nothing else.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from assistance.models import Suggestion
from participation.models import (
    Assessment,
    Comment,
    CommentReport,
    Consultation,
    ConsultationInput,
    Follow,
    Moderation,
    Organisation,
)
from participation.permissions import current_membership
from plans.selectors import coverage as plan_coverage
from recommendations.models import ImportRecord
from tracking.models import StatusUpdate
from tracking.selectors import institution_summary
from upr_tracker import access
from upr_tracker.own_state import own_state

LIST_LENGTH = 10


@dataclass
class Block:
    template: str
    context: dict


def waiting_for_publication(request) -> Block:
    """Approved updates, oldest first: what the public is still waiting for (of the own state's
    recommendations, with ``TRACKER_STATE``; plan progress reports too)."""
    updates = StatusUpdate.objects.filter(state=StatusUpdate.State.APPROVED).select_related(
        "recommendation__review__state", "institution"
    )
    state = own_state()
    if state is not None:
        updates = updates.filter(Q(recommendation__review__state=state) | Q(recommendation__isnull=True))
    return Block(
        "workspaces/blocks/publication.html",
        {"updates": updates.order_by("updated_at")[:LIST_LENGTH], "count": updates.count()},
    )


def overdue_by_institution(request) -> Block:
    """Institutions with reporting overdue, most overdue first."""
    rows = [row for row in institution_summary() if row["overdue"]]
    return Block("workspaces/blocks/overdue.html", {"rows": rows[:LIST_LENGTH], "count": len(rows)})


def queues(request) -> Block:
    """The moderation queue and the suggestion queue, as counts linking to them."""
    pending = Moderation.PENDING
    return Block(
        "workspaces/blocks/queues.html",
        {
            "organisations": Organisation.objects.filter(verified_at__isnull=True).count(),
            "comments": Comment.objects.filter(moderation=pending).count(),
            "assessments": Assessment.objects.filter(moderation=pending).count(),
            "reports": CommentReport.objects.filter(resolved_at__isnull=True).count(),
            "suggestions": Suggestion.objects.pending().values("recommendation").distinct().count(),
        },
    )


def recent_imports(request) -> Block:
    """The confirmed imports, newest first: when, by whom, which files, what they did."""
    records = ImportRecord.objects.select_related("by").order_by("-at", "-id")[:LIST_LENGTH]
    return Block("workspaces/blocks/imports.html", {"records": records})


def plan_coverage_block(request) -> Block:
    """Issue 18's coverage: how many of the (own state's) recommendations an adopted plan addresses."""
    return Block(
        "workspaces/blocks/coverage.html", {"coverage": plan_coverage(request.user, state=own_state())}
    )


COORDINATOR_BLOCKS = [
    waiting_for_publication,
    overdue_by_institution,
    plan_coverage_block,
    queues,
    recent_imports,
]


def coordinator_blocks(request) -> list[Block]:
    return [block for block in (make(request) for make in COORDINATOR_BLOCKS) if block is not None]


def validation_queue(user) -> list[StatusUpdate]:
    """Submitted updates of the institutions this person validates, oldest first, each with
    ``previous``: the recommendation's current published update (None if nothing is published yet).

    Two queries: the updates with their recommendation, then the previous published ones.
    """
    updates = list(
        StatusUpdate.objects.filter(
            state=StatusUpdate.State.SUBMITTED, institution__in=access.institution_ids(user, ["validator"])
        )
        .select_related("recommendation__review__state", "recommendation__review__mechanism", "institution")
        .order_by("updated_at", "id")
    )
    latest = StatusUpdate.objects.filter(
        recommendation=OuterRef("recommendation"), state=StatusUpdate.State.PUBLISHED
    ).order_by("-published_at", "-id")
    previous_ids = (
        StatusUpdate.objects.filter(pk__in=[u.pk for u in updates])
        .annotate(previous=Subquery(latest.values("pk")[:1]))
        .values_list("pk", "previous")
    )
    previous_of = dict(previous_ids)
    published = StatusUpdate.objects.select_related("institution").in_bulk(
        [pk for pk in previous_of.values() if pk]
    )
    for update in updates:
        update.previous = published.get(previous_of.get(update.pk))
    return updates


def civil_society_workspace(user) -> dict:
    """Open consultations, the organisation's drafts (consultation input not yet given, assessments
    waiting for moderation), and what the person follows."""
    membership = current_membership(user)
    organisation = membership.organisation if membership else None
    now = timezone.now()
    open_consultations = Consultation.objects.filter(deadline__gt=now, closed_at__isnull=True).annotate(
        size=Count("recommendations", distinct=True)
    )
    context = {"organisation": organisation, "consultations": list(open_consultations.order_by("deadline"))}
    if organisation is not None:
        context["pending_assessments"] = Assessment.objects.filter(
            organisation=organisation, moderation=Moderation.PENDING
        ).select_related("recommendation")[:LIST_LENGTH]
        context["pending_comments"] = Comment.objects.filter(
            organisation=organisation, moderation=Moderation.PENDING
        ).select_related("recommendation")[:LIST_LENGTH]
        answered = dict(
            ConsultationInput.objects.filter(organisation=organisation)
            .values("consultation")
            .annotate(n=Count("id"))
            .values_list("consultation", "n")
        )
        for consultation in context["consultations"]:
            consultation.answered = answered.get(consultation.pk, 0)
    context["follows"] = (
        Follow.objects.filter(user=user)
        .select_related("recommendation", "state", "theme", "institution")
        .order_by("-created_at")[:LIST_LENGTH]
    )
    return context
