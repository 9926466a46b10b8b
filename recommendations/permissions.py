"""What a visitor may see: the one place that decides it, for pages, API, exports and search alike.

Publicly visible means *published*: a published recommendation, the published status updates on it,
the indicators measuring it (or a national cluster), their values that came with no report or with a
published one, and approved comments on it (never on a report that is not published). Everyone,
signed in or not, sees the same: coordinators preview unpublished work in the administration, not on
the public portal. The functions take the user so that a caller never has to know this, and a later
rule for signed-in people changes this module only.
"""

from django.db.models import Q, QuerySet

from indicators.models import Indicator, IndicatorValue
from participation.models import Comment
from tracking.models import Evidence, StatusUpdate

from .models import Recommendation


def visible_recommendations(user) -> QuerySet[Recommendation]:
    """The recommendations ``user`` may see: published ones."""
    return Recommendation.objects.published()


def visible_status_updates(user) -> QuerySet[StatusUpdate]:
    """Status updates ``user`` may see: published ones, newest first."""
    return StatusUpdate.objects.filter(state=StatusUpdate.State.PUBLISHED).order_by("-published_at", "-id")


def visible_indicators(user) -> QuerySet[Indicator]:
    """Indicators of a published recommendation, and every national cluster's indicators."""
    return Indicator.objects.filter(
        Q(recommendation__in=visible_recommendations(user).values("pk")) | Q(recommendation__isnull=True)
    )


def visible_evidence(user) -> QuerySet[Evidence]:
    """Evidence files of published status updates, except those marked confidential."""
    return Evidence.objects.filter(status_update__state=StatusUpdate.State.PUBLISHED, confidential=False)


def visible_indicator_values(user) -> QuerySet[IndicatorValue]:
    """Values of visible indicators, entered on their own or reported in a published status update."""
    return IndicatorValue.objects.filter(
        Q(status_update__isnull=True) | Q(status_update__state=StatusUpdate.State.PUBLISHED),
        indicator__in=visible_indicators(user).values("pk"),
    )


def visible_comments(user) -> QuerySet[Comment]:
    """Approved comments, on the recommendation itself or on a published status update."""
    return Comment.objects.filter(moderation=Comment.Moderation.APPROVED).filter(
        Q(status_update__isnull=True) | Q(status_update__state=StatusUpdate.State.PUBLISHED)
    )
