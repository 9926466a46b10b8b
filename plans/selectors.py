"""Reads about plans: coverage of a scope, what is due, and what a plan's page shows.

Coverage answers the coordinator's first question, "which supported recommendations have no action
yet?": for a scope (a review, a cycle, a theme with its sub-themes, an institution), how many
recommendations an action of an adopted plan addresses, which it does not, and which actions are late.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.models import Recommendation, Response
from reference.selectors import ThemeTree
from tracking.models import StatusUpdate
from upr_tracker import access

from .models import Action, BudgetSource, Plan, not_done_q
from .permissions import PUBLIC_PLAN_STATES, actions_visible_to, addressing_actions

DUE_SOON_DAYS = 30
RESPONSE_ORDER = [Response.SUPPORTED, Response.PENDING, Response.NOTED, ""]


def addressed_q() -> Q:
    """Recommendations addressed by at least one action of an adopted plan (one EXISTS subquery)."""
    return Q(
        Exists(
            Action.recommendations.through.objects.filter(
                recommendation=OuterRef("pk"), action__in=addressing_actions()
            )
        )
    )


@dataclass
class CoverageRow:
    response: str
    label: str
    total: int
    addressed: int

    @property
    def not_addressed(self) -> int:
        return self.total - self.addressed

    @property
    def share(self) -> int:
        return round(100 * self.addressed / self.total) if self.total else 0


@dataclass
class Coverage:
    rows: list[CoverageRow]
    not_addressed: QuerySet  # recommendations in the scope no adopted plan addresses, supported first
    late_actions: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def addressed(self) -> int:
        return sum(row.addressed for row in self.rows)

    @property
    def share(self) -> int:
        return round(100 * self.addressed / self.total) if self.total else 0


def scope_recommendations(
    user, *, state=None, review=None, cycle=None, theme=None, institution=None
) -> QuerySet[Recommendation]:
    """The recommendations ``user`` may see in a scope; criteria given together must all hold. ``state``
    is the state under review (the NMRF's own, ``TRACKER_STATE``)."""
    rows = access.recommendations_visible_to(user)
    if state is not None:
        rows = rows.filter(review__state=state)
    if review is not None:
        rows = rows.filter(review=review)
    if cycle is not None:
        rows = rows.filter(review__session__cycle=cycle)
    if theme is not None:
        rows = rows.filter(themes__in=ThemeTree.load().with_descendants(theme))
    if institution is not None:
        rows = rows.filter(assignments__institution=institution)
    return rows.distinct() if theme is not None or institution is not None else rows


def coverage(user, *, today: date | None = None, **scope) -> Coverage:
    """Addressed and not addressed recommendations of a scope per response (supported first), and the late
    actions among those addressing them (or, for an institution, those it leads). Three queries."""
    recommendations = scope_recommendations(user, **scope).annotate(
        addressed=Case(When(addressed_q(), then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    counts = defaultdict(lambda: [0, 0])
    for response, addressed in recommendations.values_list("response", "addressed"):
        counts[response][0] += 1
        counts[response][1] += addressed
    labels = dict(Response.choices) | {"": _("No response recorded")}
    rows = [
        CoverageRow(response, str(labels.get(response, response)), *counts[response])
        for response in RESPONSE_ORDER
        if response in counts
    ]
    rank = Case(
        *[When(response=value, then=Value(i)) for i, value in enumerate(RESPONSE_ORDER)],
        default=Value(len(RESPONSE_ORDER)),
        output_field=IntegerField(),
    )
    not_addressed = (
        scope_recommendations(user, **scope)
        .exclude(addressed_q())
        .select_related("review__state", "review__mechanism")
        .annotate(rank=rank)
        .order_by("rank", "review__year", "paragraph", "id")
    )
    actions = addressing_actions()
    if scope.get("institution") is not None:
        actions = actions.filter(lead_institution=scope["institution"])
    if any(scope.get(k) is not None for k in ("state", "review", "cycle", "theme")):
        actions = actions.filter(recommendations__in=scope_recommendations(user, **scope).values("pk"))
    late = list(
        actions.distinct().late(today).select_related("plan", "lead_institution").order_by("end_date", "id")
    )
    return Coverage(rows=rows, not_addressed=not_addressed, late_actions=late)


def actions_due_for_institution(institution_ids, *, today: date | None = None, days: int = DUE_SOON_DAYS):
    """Actions the institutions lead in adopted plans that are due: ended without a "fully" published
    progress report, or ending within ``days``. Soonest first, each with ``current_status``.

    For reminders and for the focal points' reporting workbook; one query.
    """
    today = today or timezone.localdate()
    return (
        addressing_actions()
        .filter(lead_institution__in=institution_ids, end_date__lte=today + timedelta(days=days))
        .with_progress()
        .filter(not_done_q())
        .select_related("plan", "lead_institution")
        .order_by("end_date", "id")
    )


def actions_for_recommendation(user, recommendation) -> list[Action]:
    """The actions of visible plans that address a recommendation, with their current status."""
    return list(
        actions_visible_to(user)
        .filter(recommendations=recommendation)
        .with_progress()
        .select_related("plan", "lead_institution")
        .order_by("plan__period_start", "start_date", "id")
    )


# The timeline is drawn in a viewBox of this width; bars are placed in proportion to the plan's period.
TIMELINE_WIDTH, TIMELINE_ROW = 1000, 28


@dataclass
class TimelineBar:
    action: Action
    depth: int
    x: float
    width: float
    y: int
    late: bool

    @property
    def label_x(self) -> float:
        """Labels start at the bar, or end at it when the bar lies in the right part of the period."""
        return round(self.x + self.width, 1) if self.label_end else self.x

    @property
    def label_end(self) -> bool:
        return self.x > TIMELINE_WIDTH * 0.55


@dataclass
class Timeline:
    bars: list[TimelineBar]
    years: list[tuple[int, float]]  # (year, x) of each 1 January inside the period
    height: int
    today_x: float | None
    width: int = TIMELINE_WIDTH


def _tree(actions: list[Action]) -> list[tuple[Action, int]]:
    """Actions in reading order, each sub-action under its parent, with its depth."""
    children = defaultdict(list)
    ids = {a.pk for a in actions}
    for a in actions:
        children[a.parent_id if a.parent_id in ids else None].append(a)
    ordered, stack = [], [(a, 0) for a in reversed(children[None])]
    while stack:
        action, depth = stack.pop()
        ordered.append((action, depth))
        stack.extend((child, depth + 1) for child in reversed(children[action.pk]))
    return ordered


def timeline(plan: Plan, actions: list[Action], today: date | None = None) -> Timeline:
    """Where each action's bar goes on the plan's period; the template draws it as SVG."""
    today = today or timezone.localdate()
    span = max((plan.period_end - plan.period_start).days, 1)

    def x(day: date) -> float:
        return round(TIMELINE_WIDTH * (day - plan.period_start).days / span, 1)

    bars = []
    for row, (action, depth) in enumerate(_tree(actions)):
        start, end = x(action.start_date), x(action.end_date)
        bars.append(
            TimelineBar(
                action, depth, start, max(end - start, 3), 30 + row * TIMELINE_ROW, action.is_late(today)
            )
        )
    years = [
        (year, x(date(year, 1, 1)))
        for year in range(plan.period_start.year + 1, plan.period_end.year + 1)
        if date(year, 1, 1) <= plan.period_end
    ]
    inside = plan.period_start <= today <= plan.period_end
    return Timeline(bars, years, 40 + len(bars) * TIMELINE_ROW, x(today) if inside else None)


def plan_actions(plan: Plan, user) -> list[Action]:
    """A plan's actions for its page: links prefetched, each with its current (published) status and
    its latest published progress report as ``latest_progress``. A constant number of queries."""
    published = StatusUpdate.objects.filter(state=StatusUpdate.State.PUBLISHED).order_by(
        "-published_at", "-id"
    )
    return list(
        plan.actions.with_progress()
        .select_related("lead_institution", "parent")
        .prefetch_related(
            "supporting_institutions",
            "clusters",
            "sdg_targets",
            "indicators",
            Prefetch(
                "recommendations",
                queryset=access.recommendations_visible_to(user)
                .select_related("review__state")
                .order_by("paragraph", "id"),
            ),
            Prefetch("progress", queryset=published, to_attr="published_progress"),
        )
    )


def budget_breakdown(actions: list[Action]) -> dict[str, list[tuple[str, str, Decimal]]]:
    """Budget sums by national cluster, lead institution and source of funds, per currency.

    An action answering several clusters counts in each of them, so that column's sum can exceed the
    plan's total; sub-actions are counted on their own (a plan states money at one level).
    """
    by = {
        "cluster": defaultdict(Decimal),
        "institution": defaultdict(Decimal),
        "source": defaultdict(Decimal),
    }
    sources = dict(BudgetSource.choices)
    for action in actions:
        if action.budget_amount is None:
            continue
        currency = action.budget_currency
        for cluster in action.clusters.all() or [None]:
            by["cluster"][(cluster.name if cluster else _("No cluster"), currency)] += action.budget_amount
        by["institution"][(str(action.lead_institution), currency)] += action.budget_amount
        by["source"][(str(sources.get(action.budget_source, _("Not stated"))), currency)] += (
            action.budget_amount
        )
    return {
        name: sorted(
            ((label, currency, total) for (label, currency), total in sums.items()),
            key=lambda r: (-r[2], r[0]),
        )
        for name, sums in by.items()
    }


def budget_totals(actions: list[Action]) -> list[tuple[str, Decimal]]:
    totals = defaultdict(Decimal)
    for action in actions:
        if action.budget_amount is not None:
            totals[action.budget_currency] += action.budget_amount
    return sorted(totals.items())


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(state__in=PUBLIC_PLAN_STATES)
