"""Reads of the assistance: the coordinators' queue, and what the portal and search ask about links."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from recommendations.models import Recommendation, RecommendationLink
from reference.models import Theme

from .models import Kind, SuggesterModel, Suggestion

QUEUE_PAGE_SIZE = 20
# Themes first, then the category, then SDG targets: the order in which people read a recommendation.
KIND_ORDER = Case(
    When(kind=Kind.THEME, then=Value(0)), When(kind=Kind.CATEGORY, then=Value(1)), default=Value(2)
)


@dataclass
class QueueFilter:
    kind: str = ""
    scheme: str = ""
    min_confidence: float | None = None

    def pending(self) -> QuerySet[Suggestion]:
        """The pending suggestions this filter selects."""
        suggestions = Suggestion.objects.pending()
        if self.kind:
            suggestions = suggestions.filter(kind=self.kind)
        if self.scheme:
            suggestions = suggestions.filter(kind=Kind.THEME, theme__scheme=self.scheme)
        if self.min_confidence is not None:
            suggestions = suggestions.filter(confidence__gte=self.min_confidence)
        return suggestions


def queue_page(queue_filter: QueueFilter, page_number) -> Page:
    """A page of recommendations with pending suggestions, each with ``pending_suggestions`` (its pending
    suggestions the filter selects, most confident first) and its current tags prefetched. Seven
    queries, whatever the page holds."""
    pending = queue_filter.pending()
    recommendations = (
        Recommendation.objects.filter(Exists(pending.filter(recommendation=OuterRef("pk"))))
        .select_related("review__state", "review__mechanism", "review__session")
        .prefetch_related(
            "themes",
            "sdg_targets",
            Prefetch(
                "suggestions",
                queryset=pending.select_related("theme", "sdg_target", "suggester").order_by(
                    KIND_ORDER, "-confidence"
                ),
                to_attr="pending_suggestions",
            ),
        )
        .order_by("review__state__name", "review__year", "paragraph", "id")
    )
    return Paginator(recommendations, QUEUE_PAGE_SIZE).get_page(page_number)


def queue_counts() -> list[tuple[str, int]]:
    """(kind label, pending suggestions) for every kind. One query."""
    rows = dict(Suggestion.objects.pending().values_list("kind").annotate(n=Count("id")).order_by())
    return [(label, rows.get(kind, 0)) for kind, label in Kind.choices]


def add_alternatives(page: Page) -> None:
    """Give each theme suggestion on ``page`` the themes of its scheme (``alternatives``), for the
    correction form. One query."""
    suggestions = [s for r in page for s in r.pending_suggestions if s.kind == Kind.THEME]
    themes: dict[str, list[Theme]] = {s.theme.scheme: [] for s in suggestions}
    for theme in Theme.objects.filter(scheme__in=themes).order_by("name"):
        themes[theme.scheme].append(theme)
    for suggestion in suggestions:
        suggestion.alternatives = themes[suggestion.theme.scheme]


def latest_models() -> list[SuggesterModel]:
    """The model in use of each kind, with its evaluation figures. One query."""
    return list(SuggesterModel.objects.in_use().values())


def repeated_from_earlier_cycle(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Those of ``recommendations`` that repeat one made to the same state in an earlier cycle: the
    search's "repeated" filter."""
    return recommendations.filter(
        Exists(
            RecommendationLink.objects.filter(source=OuterRef("pk"), kind=RecommendationLink.Kind.REPEATED)
        )
    )


def above(queue_filter: QueueFilter, threshold: float) -> QuerySet[Suggestion]:
    """The pending suggestions of the filter at or above ``threshold``: what "accept all" accepts."""
    return queue_filter.pending().filter(Q(confidence__gte=threshold))
