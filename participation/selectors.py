"""Reads for civil-society participation: the side-by-side block, the disagreement filter, the
moderation queue, consultation tables and what a follower is told.

"Government says" is the status of the latest published status update of a recommendation;
"civil society says" is each verified organisation's current approved assessment.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from recommendations import permissions as public
from recommendations.models import Recommendation
from reference.selectors import ThemeTree
from tracking.models import StatusUpdate

from . import permissions
from .models import (
    Assessment,
    Comment,
    CommentReport,
    Consultation,
    ConsultationInput,
    Moderation,
    Organisation,
)


@dataclass
class Thread:
    comment: Comment
    replies: list["Thread"] = field(default_factory=list)


def comment_threads(comments: list[Comment]) -> list[Thread]:
    """Nest comments under their parents; a reply whose parent is not in the list is not shown."""
    threads = {c.pk: Thread(c) for c in comments}
    roots = []
    for comment in comments:
        if comment.parent_id is None:
            roots.append(threads[comment.pk])
        elif comment.parent_id in threads:
            threads[comment.parent_id].replies.append(threads[comment.pk])
    return roots


def comment_anchors(user, *, parent_id, status_update_id) -> tuple[Comment | None, StatusUpdate | None]:
    """What a new comment hangs on, from the ids a form or the API sent: the comment it replies to and the
    status update it is about (only one ``user`` may see); None for an id not given or not found."""
    parent = Comment.objects.filter(pk=parent_id).first() if parent_id else None
    update = (
        public.visible_status_updates(user).filter(pk=status_update_id).first() if status_update_id else None
    )
    return parent, update


def recommendation_voices(recommendation, user) -> dict:
    """Everything the side-by-side block and the comments on a recommendation page show. Five queries.

    ``updates`` are the published status updates, newest first (the first is the government's status),
    which comments may be about.

    A member also sees their own organisation's assessment and comments awaiting moderation, so that
    nobody wonders where their words went.
    """
    comments = list(
        permissions.published_comments(user)
        .filter(recommendation=recommendation)
        .select_related("author", "organisation", "status_update__institution")
    )
    assessments = list(
        permissions.published_assessments(user)
        .filter(recommendation=recommendation)
        .select_related("organisation")
    )
    updates = list(
        public.visible_status_updates(user)
        .filter(recommendation=recommendation)
        .select_related("institution")
    )
    membership = permissions.current_membership(user)
    pending = {"comments": [], "assessment": None}
    if membership:
        pending["comments"] = list(
            Comment.objects.filter(
                recommendation=recommendation, author=user, moderation=Moderation.PENDING
            ).order_by("created_at")
        )
        pending["assessment"] = Assessment.objects.filter(
            recommendation=recommendation, organisation=membership.organisation, moderation=Moderation.PENDING
        ).first()
    return {
        "government": updates[0] if updates else None,
        "updates": updates,
        "assessments": assessments,
        "threads": comment_threads(comments),
        "comment_count": len(comments),
        "membership": membership,
        "pending": pending,
    }


def government_status_subquery(user, via: str = "pk") -> Subquery:
    """The government's status as an annotation: ``via`` names the field holding the recommendation id."""
    latest = public.visible_status_updates(user).filter(recommendation=OuterRef(via)).values("status")[:1]
    return Subquery(latest)


def recommendations_where_assessments_disagree(recommendations: QuerySet[Recommendation], user=None):
    """Narrow ``recommendations`` to those where a published civil-society assessment differs from the
    government's published status. Recommendations without a government status are left out: there
    is nothing to disagree with. One query, usable inside the search's queryset.
    """
    user = user or AnonymousUser()
    differing = (
        permissions.published_assessments(user)
        .filter(recommendation=OuterRef("pk"))
        .exclude(status=OuterRef("government_status"))
    )
    return (
        recommendations.annotate(government_status=government_status_subquery(user))
        .filter(government_status__isnull=False)
        .filter(Exists(differing))
    )


def recommendation_ids_where_assessments_disagree(user=None) -> QuerySet:
    """Ids of the published recommendations where civil society and the government disagree.

    For a search filter::

        Recommendation.objects.filter(pk__in=recommendation_ids_where_assessments_disagree())
    """
    user = user or AnonymousUser()
    return recommendations_where_assessments_disagree(public.visible_recommendations(user), user).values("pk")


def civil_society_statuses(recommendation_ids, user) -> dict[int, list[Assessment]]:
    """recommendation id → its current published assessments, for a page of search results. One query."""
    result: dict[int, list[Assessment]] = {}
    for assessment in (
        permissions.published_assessments(user)
        .filter(recommendation_id__in=list(recommendation_ids))
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        result.setdefault(assessment.recommendation_id, []).append(assessment)
    return result


def assessment_history(organisation, recommendation, user) -> QuerySet[Assessment]:
    return permissions.published_assessments(user, history=True).filter(
        organisation=organisation, recommendation=recommendation
    )


def moderation_queue() -> dict:
    """What waits for the coordinator: organisations to verify, content to moderate, open reports."""
    return {
        "organisations": Organisation.objects.filter(verified_at__isnull=True).prefetch_related(
            "members__user"
        ),
        "comments": Comment.objects.filter(moderation=Moderation.PENDING).select_related(
            "author", "organisation", "recommendation"
        ),
        "assessments": Assessment.objects.filter(moderation=Moderation.PENDING).select_related(
            "organisation", "recommendation"
        ),
        "reports": CommentReport.objects.filter(resolved_at__isnull=True).select_related(
            "comment__author", "comment__organisation", "comment__recommendation"
        ),
    }


def consultation_rows(consultation: Consultation, *, organisation: Organisation | None = None) -> list[dict]:
    """One row per recommendation × input (all organisations', or one's), in recommendation order."""
    inputs = ConsultationInput.objects.filter(consultation=consultation).select_related("organisation")
    if organisation is not None:
        inputs = inputs.filter(organisation=organisation)
    recommendations = consultation.recommendations.select_related(
        "review__state", "review__mechanism"
    ).prefetch_related(
        Prefetch("consultation_inputs", queryset=inputs.order_by("organisation__name"), to_attr="given")
    )
    return [
        {"recommendation": r, "inputs": r.given}
        for r in recommendations.order_by("review", "paragraph", "pk")
    ]


# What followers are told


@dataclass
class FeedItem:
    kind: str  # "update", "assessment" or "comment"
    title: str
    text: str
    recommendation: Recommendation
    published: datetime
    key: str


def _target_filter(kind: str, target) -> Q:
    """Q over recommendations for a followed recommendation, state, theme (with its sub-themes, as in the
    search) or institution."""
    if kind == "theme":
        return Q(themes__in=ThemeTree.load().with_descendants(target))
    lookups = {
        "recommendation": "pk",
        "state": "review__state",
        "institution": "assignments__institution",
    }
    return Q(**{lookups[kind]: target.pk})


def followed_recommendations(kind: str, target, user) -> QuerySet[Recommendation]:
    return public.visible_recommendations(user).filter(_target_filter(kind, target)).distinct()


def feed_items(kind: str, target, user, *, since: datetime | None = None, limit: int = 50) -> list[FeedItem]:
    """Published status updates, assessments and comments on what is followed, newest first. Three queries."""
    recommendations = followed_recommendations(kind, target, user).values("pk")
    updates = public.visible_status_updates(user).filter(recommendation__in=recommendations)
    assessments = permissions.published_assessments(user, history=True).filter(
        recommendation__in=recommendations
    )
    comments = permissions.published_comments(user).filter(recommendation__in=recommendations)
    if since is not None:
        updates = updates.filter(published_at__gt=since)
        assessments = assessments.filter(published_at__gt=since)
        comments = comments.filter(updated_at__gt=since)  # approval touches updated_at
    items = [
        FeedItem(
            "update",
            f"{u.institution}: {u.get_status_display()}",
            u.narrative,
            u.recommendation,
            u.published_at,
            f"update-{u.pk}",
        )
        for u in updates.select_related("institution", "recommendation").order_by("-published_at")[:limit]
    ]
    items += [
        FeedItem(
            "assessment",
            f"{a.organisation}: {a.get_status_display()}",
            a.rationale,
            a.recommendation,
            a.published_at,
            f"assessment-{a.pk}",
        )
        for a in assessments.select_related("organisation", "recommendation").order_by("-published_at")[
            :limit
        ]
    ]
    items += [
        FeedItem(
            "comment",
            str(c.organisation or c.author),
            c.body,
            c.recommendation,
            c.created_at,
            f"comment-{c.pk}",
        )
        for c in comments.select_related("organisation", "author", "recommendation").order_by("-created_at")[
            :limit
        ]
    ]
    return sorted(items, key=lambda item: item.published, reverse=True)[:limit]
