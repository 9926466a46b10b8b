"""Reads behind the reports: the scope's recommendations, and who may see which job.

What a report may contain follows the site's rules: a public-scope report (``published_only``) reads
through ``recommendations.permissions`` like any anonymous visitor; otherwise it contains what its
requester may see (``upr_tracker.access``). Statuses are always the published ones: a report states
what the government has published, never a draft.
"""

from django.db.models import Prefetch, Q, QuerySet

from indicators.models import Indicator
from institutions.models import Assignment
from participation.permissions import published_assessments
from recommendations import permissions as public
from recommendations.models import Recommendation, RecommendationLink
from recommendations.selectors import with_current_status
from reference.models import Mechanism
from tracking.models import StatusUpdate
from upr_tracker import access

from .models import ReportJob
from .scope import NO_STATUS


def jobs_visible_to(user) -> QuerySet[ReportJob]:
    """Jobs whose status and file ``user`` may see: their own, or every job for a coordinator."""
    if not user.is_authenticated:
        return ReportJob.objects.none()
    if access.is_coordinator(user):
        return ReportJob.objects.all()
    return ReportJob.objects.filter(requested_by=user)


def visible_recommendations(scope: dict, user) -> QuerySet[Recommendation]:
    """Everything published for a public-scope report; else what its requester may see."""
    if scope.get("published_only", True):
        return public.visible_recommendations(None)
    return access.recommendations_visible_to(user)


def scope_recommendations(scope: dict, user) -> QuerySet[Recommendation]:
    """The recommendations a report with ``scope``, requested by ``user``, covers; with ``current_status``."""
    recommendations = visible_recommendations(scope, user)
    filters = {
        "state": "review__state__iso3",
        "mechanism": "review__mechanism__code",
        "cycle": "review__session__cycle__number",
        "theme": "themes",
        "institution": "assignments__institution",
        "response": "response",
        "recommendations": "public_id__in",
    }
    recommendations = recommendations.filter(
        **{lookup: scope[key] for key, lookup in filters.items() if scope.get(key) not in (None, "", [])}
    )
    recommendations = with_current_status(recommendations, None)
    status = scope.get("status")
    if status == NO_STATUS:
        recommendations = recommendations.filter(current_status__isnull=True)
    elif status:
        recommendations = recommendations.filter(current_status=status)
    return recommendations


def published_updates() -> Prefetch:
    """Each recommendation's published status updates, newest first, as ``published_updates``."""
    updates = (
        public.visible_status_updates(None)
        .select_related("institution")
        .prefetch_related("links", "evidence")
    )
    return Prefetch("status_updates", queryset=updates, to_attr="published_updates")


def assessments() -> Prefetch:
    """Verified organisations' published assessments, by organisation, as ``voices``."""
    published = published_assessments(None).select_related("organisation").order_by("organisation__name")
    return Prefetch("assessments", queryset=published, to_attr="voices")


def assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("institution").order_by("role", "institution__name"),
    )


def indicators(scope: dict, user) -> Prefetch:
    """Indicators with their values, newest first, as the scope may show them."""
    if scope.get("published_only", True):
        values = public.visible_indicator_values(None)
    else:
        values = access.indicator_values_visible_to(user)
    return Prefetch(
        "indicators",
        queryset=Indicator.objects.order_by("title", "id").prefetch_related(
            Prefetch("values", queryset=values.order_by("-date"), to_attr="latest_first")
        ),
    )


def treaty_body_links(visible: QuerySet[Recommendation]) -> list[Prefetch]:
    """Links both ways to treaty-body recommendations in ``visible``, as ``treaty_links_out``/``_in``."""
    links = RecommendationLink.objects.select_related("source__review", "target__review").order_by("id")
    treaty = Mechanism.Kind.TREATY_BODY
    return [
        Prefetch(
            "links_out",
            queryset=links.filter(target__review__mechanism__kind=treaty, target__in=visible),
            to_attr="treaty_links_out",
        ),
        Prefetch(
            "links_in",
            queryset=links.filter(source__review__mechanism__kind=treaty, source__in=visible),
            to_attr="treaty_links_in",
        ),
    ]


def latest_update(recommendation) -> StatusUpdate | None:
    updates = recommendation.published_updates
    return updates[0] if updates else None


def overdue_assignments(recommendations: QuerySet[Recommendation], today) -> QuerySet[Assignment]:
    """Assignments on ``recommendations`` past their deadline and not reported as fully implemented."""
    overdue = Assignment.objects.filter(
        recommendation__in=recommendations.values("pk"), deadline__lt=today
    ).select_related("institution", "recommendation__review__state", "recommendation__review__mechanism")
    overdue = with_current_status(overdue, None, via="recommendation_id")
    return overdue.filter(Q(current_status__isnull=True) | ~Q(current_status="fully")).order_by(
        "deadline", "recommendation__paragraph", "id"
    )
