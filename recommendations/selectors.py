"""Reads of recommendations that are more than a filter."""

from django.db.models import Count

from reference.models import Mechanism

from .models import Recommendation, Response


def headline_figures() -> dict:
    """Counts the home page shows, over published recommendations only. Three queries."""
    published = Recommendation.objects.published()
    by_response = dict(published.values_list("response").annotate(n=Count("id")).order_by())
    by_mechanism = (
        Mechanism.objects.filter(reviews__recommendations__is_published=True)
        .annotate(n=Count("reviews__recommendations"))
        .order_by("-n")
        .values_list("code", "name", "n")
    )
    return {
        "total": sum(by_response.values()),
        "supported": by_response.get(Response.SUPPORTED, 0),
        "noted": by_response.get(Response.NOTED, 0),
        "pending": by_response.get(Response.PENDING, 0),
        "states_reviewed": published.values("review__state").distinct().count(),
        "by_mechanism": list(by_mechanism),
    }
