"""Reads behind the portal pages: each returns everything its template needs, in a fixed number of queries.

Every read starts from ``permissions.visible_recommendations`` (and its siblings), so no page can show
what is not published. "Implementation status" of a recommendation is the status of its latest
published status update; recommendations without one count as "no status reported".
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from institutions.models import Assignment, Institution
from reference.models import SdgTarget, State, Theme
from reference.selectors import ThemeTree
from tracking.models import ImplementationStatus

from .models import ActionCategory, Recommendation, RecommendationLink, Response
from .permissions import (
    visible_evidence,
    visible_indicator_values,
    visible_recommendations,
    visible_status_updates,
)

NO_STATUS = "none"
STATUS_LABELS = {**dict(ImplementationStatus.choices), NO_STATUS: _("No status reported")}
RESPONSE_LABELS = {**dict(Response.choices), "": _("No response recorded")}
# Order in which status and response segments are stacked and listed.
STATUS_ORDER = [*ImplementationStatus.values, NO_STATUS]
RESPONSE_ORDER = [Response.SUPPORTED, Response.NOTED, Response.PENDING, ""]
STATUS_COLUMNS = [(key, STATUS_LABELS[key]) for key in STATUS_ORDER]
COUNT_COLUMNS = [("count", _("Recommendations"))]
RESPONSE_COLUMNS = [(key or NO_STATUS, RESPONSE_LABELS[key]) for key in RESPONSE_ORDER]


def with_current_status(recommendations: QuerySet, user, *, via: str = "pk") -> QuerySet:
    """Annotate ``current_status``: the status of the latest published update (one subquery, no join).

    ``via`` names the field holding the recommendation's id, for querysets of other models
    (``recommendation_id`` on assignments).
    """
    latest = visible_status_updates(user).filter(recommendation=OuterRef(via)).values("status")[:1]
    return recommendations.annotate(current_status=Subquery(latest))


@dataclass
class Segment:
    key: str
    label: str
    count: int
    params: dict
    share: float = 0.0  # percent of the chart's longest bar
    start: float = 0.0  # percent of the longest bar where this segment begins (the bar is drawn in SVG)


@dataclass
class Bar:
    label: str
    params: dict
    segments: list[Segment]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)


@dataclass
class Chart:
    """A bar chart and the table it is read as: rows are bars, columns are segments.

    ``params`` on the chart, each bar and each segment are the search query string that lists the
    recommendations counted there.
    """

    columns: list[tuple[str, str]]
    bars: list[Bar]
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if len(self.columns) > 1 and self.bars:
            # A column nobody falls into (no "pending" in a cycle long closed) only widens the table.
            kept = [i for i in range(len(self.columns)) if any(bar.segments[i].count for bar in self.bars)]
            self.columns = [self.columns[i] for i in kept]
            for bar in self.bars:
                bar.segments = [bar.segments[i] for i in kept]
        longest = max((bar.total for bar in self.bars), default=0)
        for bar in self.bars:
            start = 0.0
            for segment in bar.segments:
                segment.share = round(100 * segment.count / longest, 2) if longest else 0
                segment.start = round(start, 2)
                start += segment.share

    @property
    def stacked(self) -> bool:
        return len(self.columns) > 1


def _segments(counts: dict, order: list, labels: dict, param: str, base: dict) -> list[Segment]:
    return [
        Segment(
            key=key or NO_STATUS,
            label=str(labels[key]),
            count=counts.get(key, 0),
            params={**base, param: key or NO_STATUS},
        )
        for key in order
    ]


def _distribution(counts: dict, order: list, labels: dict, param: str, base: dict) -> Chart:
    """One bar per value of ``param`` (a response, a status), coloured by the value."""
    bars = []
    for key in order:
        params = {**base, param: key or NO_STATUS}
        bars.append(
            Bar(str(labels[key]), params, [Segment(key or NO_STATUS, "", counts.get(key, 0), params)])
        )
    return Chart(columns=COUNT_COLUMNS, bars=bars, params=base)


def _count_chart(rows, param: str, base: dict | None = None) -> Chart:
    """One single-colour bar per ``(label, value, count)`` row, each the search with ``param`` = value."""
    base = base or {}
    bars = []
    for label, value, count in rows:
        params = {**base, param: value}
        bars.append(Bar(str(label), params, [Segment("count", "", count, params)]))
    return Chart(columns=COUNT_COLUMNS, bars=bars, params=base)


def _status_counts(recommendations: QuerySet, user, *group_by: str) -> list[dict]:
    """Counts per current status (and per ``group_by``), one query."""
    rows = with_current_status(recommendations, user).values(*group_by, "current_status")
    return [
        {**row, "current_status": row["current_status"] or NO_STATUS}
        for row in rows.annotate(n=Count("id", distinct=True)).order_by()
    ]


def headline_figures(user) -> dict:
    """The numbers at the top of the home page. Two queries."""
    published = visible_recommendations(user)
    by_response = dict(published.values_list("response").annotate(n=Count("id")).order_by())
    return {
        "total": sum(by_response.values()),
        "supported": by_response.get(Response.SUPPORTED, 0),
        "noted": by_response.get(Response.NOTED, 0),
        "pending": by_response.get(Response.PENDING, 0),
        "states_reviewed": published.values("review__state").distinct().count(),
    }


def status_by_theme_chart(user, *, limit: int = 8) -> Chart:
    """Implementation status of the recommendations in the ``limit`` most frequent themes. Two queries."""
    rows = _status_counts(visible_recommendations(user).filter(themes__isnull=False), user, "themes")
    per_theme: dict[int, dict[str, int]] = {}
    for row in rows:
        per_theme.setdefault(row["themes"], {})[row["current_status"]] = row["n"]
    top = sorted(per_theme, key=lambda pk: -sum(per_theme[pk].values()))[:limit]
    names = dict(Theme.objects.filter(pk__in=top).values_list("pk", "name"))
    bars = [
        Bar(
            label=names[pk],
            params={"theme": pk},
            segments=_segments(per_theme[pk], STATUS_ORDER, STATUS_LABELS, "status", {"theme": pk}),
        )
        for pk in top
    ]
    return Chart(columns=STATUS_COLUMNS, bars=bars)


def response_by_cycle_chart(user) -> Chart:
    """Responses to UPR recommendations, per cycle. One query."""
    rows = (
        visible_recommendations(user)
        .filter(review__session__isnull=False)
        .values_list("review__session__cycle__number", "response")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_cycle: dict[int, dict[str, int]] = {}
    for cycle, response, n in rows:
        per_cycle.setdefault(cycle, {})[response] = n
    bars = [
        Bar(
            label=str(_("Cycle %(number)s") % {"number": cycle}),
            params={"cycle": cycle},
            segments=_segments(
                per_cycle[cycle], RESPONSE_ORDER, RESPONSE_LABELS, "response", {"cycle": cycle}
            ),
        )
        for cycle in sorted(per_cycle)
    ]
    return Chart(columns=RESPONSE_COLUMNS, bars=bars)


def category_chart(user) -> Chart:
    """How specific the recommendations are, on UPR Info's five-point scale. One query."""
    counts = dict(
        visible_recommendations(user)
        .filter(action_category__isnull=False)
        .values_list("action_category")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [(label, value, counts.get(value, 0)) for value, label in ActionCategory.choices]
    return _count_chart(rows, "action_category")


def top_recommending_states_chart(user, *, limit: int = 10, received_by: State | None = None) -> Chart:
    """The states that made the most recommendations (to ``received_by`` when given). One query."""
    recommendations = visible_recommendations(user)
    base = {}
    if received_by is not None:
        recommendations = recommendations.filter(review__state=received_by)
        base = {"state_under_review": received_by.iso3}
    rows = (
        recommendations.filter(recommending_states__isnull=False)
        .values_list("recommending_states__iso3", "recommending_states__name")
        .annotate(n=Count("id"))
        .order_by("-n", "recommending_states__name")[:limit]
    )
    return _count_chart([(name, iso3, n) for iso3, name, n in rows], "recommending_state", base)


def received_map(user) -> dict:
    """The world map of the home page: each state shaded by the published recommendations it received,
    linked to its page. One query."""
    from django.urls import reverse

    from .world_map import world_map

    rows = (
        visible_recommendations(user)
        .values_list("review__state__iso3", "review__state__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {iso3: n for iso3, _name, n in rows}
    names = {iso3: name for iso3, name, _n in rows}
    return world_map(counts, names=names, href=lambda iso3: reverse("recommendations:state", args=[iso3]))


def recommenders_map(user, state: State) -> dict:
    """The world map of a state's page: who made the recommendations it received, each linked to the
    search for them; the state itself outlined. One query."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from .world_map import world_map

    rows = (
        visible_recommendations(user)
        .filter(review__state=state, recommending_states__isnull=False)
        .values_list("recommending_states__iso3", "recommending_states__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    search = reverse("recommendations:search")

    def href(iso3):
        return f"{search}?{urlencode({'state_under_review': state.iso3, 'recommending_state': iso3})}"

    counts = {iso3: n for iso3, _name, n in rows}
    return world_map(counts, names={iso3: name for iso3, name, _n in rows}, href=href, highlight=state.iso3)


def dashboard(user) -> dict:
    """Everything on the home page. Eight queries, whatever the amount of data."""
    return {
        "world": received_map(user),
        "figures": headline_figures(user),
        "status_by_theme": status_by_theme_chart(user),
        "response_by_cycle": response_by_cycle_chart(user),
        "categories": category_chart(user),
        "recommending_states": top_recommending_states_chart(user),
    }


def recommendation_page_queryset(user) -> QuerySet[Recommendation]:
    """Visible recommendations with everything the recommendation page shows, prefetched.

    Fetching one costs a fixed number of queries (one per relation), however many themes, reports,
    indicators or comments it has.
    """
    visible = visible_recommendations(user)
    links = RecommendationLink.objects.select_related(
        "source__review__state",
        "source__review__mechanism",
        "target__review__state",
        "target__review__mechanism",
    ).order_by("kind", "-score", "id")
    return visible.select_related(
        "review__state", "review__mechanism", "review__session__cycle"
    ).prefetch_related(
        "recommending_states",
        "parts",
        "themes",
        "affected_groups",
        "sdg_goals",
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
        "translations",
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("institution").order_by("role", "institution__name"),
        ),
        Prefetch(
            "status_updates",
            queryset=visible_status_updates(user)
            .select_related("institution")
            .prefetch_related(
                "links",
                Prefetch("evidence", queryset=visible_evidence(user), to_attr="public_evidence"),
            ),
            to_attr="published_updates",
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("responsible_institution")
            .prefetch_related(
                Prefetch(
                    "values",
                    queryset=visible_indicator_values(user).order_by("-date"),
                    to_attr="latest_first",
                )
            )
            .order_by("title"),
        ),
        Prefetch("links_out", queryset=links.filter(target__in=visible), to_attr="visible_links_out"),
        Prefetch("links_in", queryset=links.filter(source__in=visible), to_attr="visible_links_in"),
    )


def text_in_language(recommendation: Recommendation, language: str):
    """The prefetched translation of the text into ``language``, or None when it is in that language."""
    if recommendation.language.split("-")[0] == language.split("-")[0]:
        return None
    return next((t for t in recommendation.translations.all() if t.language == language), None)


@dataclass(frozen=True)
class Linked:
    """Another recommendation linked to the one shown: how (in words), and how similar (0–1, or None)."""

    label: str
    recommendation: Recommendation
    score: float | None


def linked_recommendations(recommendation: Recommendation) -> list[Linked]:
    """The visible recommendations linked to this one, both ways, most similar first. No query."""
    links = [
        Linked(link.get_kind_display(), link.target, link.score) for link in recommendation.visible_links_out
    ]
    for link in recommendation.visible_links_in:
        label = (
            _("Repeated in a later review")
            if link.kind == RecommendationLink.Kind.REPEATED
            else link.get_kind_display()
        )
        links.append(Linked(label, link.source, link.score))
    return sorted(links, key=lambda linked: -(linked.score or 0))


def same_themes_elsewhere(recommendation: Recommendation, user, *, limit: int = 5) -> list[Recommendation]:
    """Recommendations to the same state on the same themes, from other reviews. One query.

    They point to earlier or parallel commitments (another cycle, a treaty body) even where nobody has
    linked them by hand.
    """
    theme_ids = [theme.pk for theme in recommendation.themes.all()]
    if not theme_ids:
        return []
    through = Recommendation.themes.through.objects.filter(theme_id__in=theme_ids)
    return list(
        visible_recommendations(user)
        .filter(review__state_id=recommendation.review.state_id, pk__in=through.values("recommendation_id"))
        .exclude(review_id=recommendation.review_id)
        .select_related("review__mechanism", "review__session")
        .order_by("-review__year", "paragraph", "id")[:limit]
    )


def states_with_recommendations(user) -> list[State]:
    """States that received at least one visible recommendation, with ``received`` counts. One query."""
    received = Count(
        "reviews__recommendations", filter=Q(reviews__recommendations__in=visible_recommendations(user))
    )
    return list(State.objects.annotate(received=received).filter(received__gt=0).order_by("name"))


def state_summary(state: State, user) -> dict:
    """What ``state`` received: per mechanism and cycle, response and status mix. Three queries."""
    received = visible_recommendations(user).filter(review__state=state)
    by_review = list(
        received.values(
            "review__mechanism__code",
            "review__mechanism__name",
            "review__mechanism__ordering",
            "review__session__cycle__number",
        )
        .annotate(
            total=Count("id"),
            supported=Count("id", filter=Q(response=Response.SUPPORTED)),
            noted=Count("id", filter=Q(response=Response.NOTED)),
            pending=Count("id", filter=Q(response=Response.PENDING)),
            first_year=Min("review__year"),
            last_year=Max("review__year"),
        )
        .order_by("review__mechanism__ordering", "review__mechanism__code", "review__session__cycle__number")
    )
    base = {"state_under_review": state.iso3}
    responses = {key: sum(row[key] for row in by_review) for key in ("supported", "noted", "pending")}
    responses[""] = sum(row["total"] for row in by_review) - sum(responses.values())
    statuses = {row["current_status"]: row["n"] for row in _status_counts(received, user)}
    responses_chart = _distribution(responses, RESPONSE_ORDER, RESPONSE_LABELS, "response", base)
    statuses_chart = _distribution(statuses, STATUS_ORDER, STATUS_LABELS, "status", base)
    return {
        "total": sum(row["total"] for row in by_review),
        "by_review": by_review,
        "responses": responses_chart,
        "statuses": statuses_chart,
        "recommending_states": top_recommending_states_chart(user, received_by=state),
        "world": recommenders_map(user, state),
    }


def theme_summary(theme: Theme, user) -> dict:
    """What was recommended on ``theme``: the total and the count per mechanism, then each sub-theme with its
    own count. Sub-themes at any depth count, as in the search's ``theme`` filter. Three queries (two
    without sub-themes).

    The theme tree (``ThemeTree``) also gives the ancestors for the breadcrumbs.
    """
    tree = ThemeTree.load()
    tagged = Recommendation.themes.through.objects.filter(theme_id__in=tree.with_descendants(theme))
    on_theme = visible_recommendations(user).filter(pk__in=tagged.values("recommendation_id"))
    per_mechanism = (
        on_theme.values_list("review__mechanism__name", "review__mechanism__code")
        .annotate(n=Count("id"))
        .order_by("review__mechanism__ordering", "review__mechanism__code")
    )
    by_mechanism = _count_chart(per_mechanism, "mechanism", {"theme": theme.pk})
    sub_themes = tree.children(theme)
    counts = (
        on_theme.aggregate(
            **{
                str(child.pk): Count("id", distinct=True, filter=Q(themes__in=tree.with_descendants(child)))
                for child in sub_themes
            }
        )
        if sub_themes
        else {}
    )
    return {
        "ancestors": tree.ancestors(theme),
        "total": sum(bar.total for bar in by_mechanism.bars),
        "by_mechanism": by_mechanism,
        "sub_themes": [(child, counts[str(child.pk)]) for child in sub_themes],
    }


def institutions_with_assignments(user) -> list[Institution]:
    """Active institutions with the number of visible recommendations they lead and support. One query."""
    visible = Q(assignments__recommendation__in=visible_recommendations(user))
    return list(
        Institution.objects.filter(is_active=True)
        .annotate(
            leads=Count("assignments", filter=visible & Q(assignments__role=Assignment.Role.LEAD)),
            supports=Count("assignments", filter=visible & Q(assignments__role=Assignment.Role.SUPPORTING)),
        )
        .order_by("name")
    )


def institution_assignments(institution: Institution, user) -> QuerySet[Assignment]:
    """The institution's assignments on visible recommendations, ready for listing (paginate it)."""
    return (
        with_current_status(
            institution.assignments.filter(recommendation__in=visible_recommendations(user)),
            user,
            via="recommendation_id",
        )
        .select_related(
            "recommendation__review__state",
            "recommendation__review__mechanism",
            "recommendation__review__session",
        )
        .order_by("role", "-recommendation__review__year", "recommendation__paragraph", "recommendation_id")
    )


def institution_summary(institution: Institution, user) -> Chart:
    """Status mix of what the institution leads and supports: one bar per role. One query."""
    rows = _status_counts(
        Recommendation.objects.filter(pk__in=visible_recommendations(user).values("pk")).filter(
            assignments__institution=institution
        ),
        user,
        "assignments__role",
    )
    per_role: dict[str, dict[str, int]] = {}
    for row in rows:
        per_role.setdefault(row["assignments__role"], {})[row["current_status"]] = row["n"]
    base = {"institution": institution.pk}
    bars = [
        Bar(
            label,
            base,
            _segments(per_role.get(role, {}), STATUS_ORDER, STATUS_LABELS, "status", base),
        )
        for role, label in Assignment.Role.choices
    ]
    return Chart(columns=STATUS_COLUMNS, bars=bars, params=base)
