"""The reports that are one long table: implementation matrix, national report grid, civil society view.

Each streams its rows from ``iterator(chunk_size=…)`` with per-chunk prefetching, so memory stays flat
and the number of queries grows with the chunks, not with the rows. Cells come from ``reports.blocks``.
"""

from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from recommendations.models import Recommendation, Response
from reference.models import Theme

from .. import blocks, selectors
from ..blocks import (
    ACTIONS,
    CIVIL_SOCIETY,
    DEADLINE,
    EVIDENCE,
    FROM,
    INDICATORS,
    INSTITUTIONS,
    MECHANISM,
    NUMBER,
    RESPONSE,
    SESSION,
    STATE,
    STATUS,
    TEXT,
    THEMES,
)
from ..document import Column, Document, Table
from ..models import Kind, ReportJob
from ..progress import Progress

CHUNK = 1000
NOT_CLUSTERED = _("Not clustered")
RESPONSE_ORDER = Case(
    *(When(response=value, then=Value(n)) for n, value in enumerate(Response.values)),
    default=Value(len(Response.values)),
    output_field=IntegerField(),
)
# Reviews in the order a state lists them: by mechanism, then session (UPR) or date.
REVIEW_ORDER = ("review__mechanism__code", "review__year", "review__session__number", "review_id")


def _rows(queryset, progress: Progress, row):
    progress.start(queryset.count())
    return progress.rows(row(r) for r in queryset.iterator(chunk_size=CHUNK))


def grid(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """Every recommendation received, supported and noted, with its mechanism, session and paragraph,
    its status, the actions taken and their evidence."""
    recommendations = (
        selectors.scope_recommendations(job.scope, job.requested_by)
        .select_related("review__state", "review__mechanism", "review__session")
        .prefetch_related(*blocks.PREFETCH, selectors.published_updates())
        .annotate(response_order=RESPONSE_ORDER)
        .order_by("response_order", *REVIEW_ORDER, "paragraph", "id")
    )
    all_states = not job.scope.get("state")

    def row(recommendation):
        update = selectors.latest_update(recommendation)
        return [
            blocks.response(recommendation),
            *([recommendation.review.state.name] if all_states else []),
            blocks.mechanism(recommendation),
            blocks.session(recommendation),
            blocks.number(recommendation),
            blocks.text(recommendation),
            blocks.recommending_states(recommendation),
            update.status if update else None,
            blocks.actions_taken(update),
            blocks.evidence(update),
        ]

    columns = [
        *([STATE] if all_states else []),
        MECHANISM,
        SESSION,
        NUMBER,
        TEXT,
        FROM,
        STATUS,
        ACTIONS,
        EVIDENCE,
    ]
    table = Table("Grid", columns, _rows(recommendations, progress, row), group_title=_("Response"))
    return Document(str(Kind.GRID.label), subtitle, [table])


def matrix(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """The implementation matrix as NMRFs and OHCHR lay it out: by mechanism, session and cluster; per
    recommendation its position, themes, SDGs, who does what, what was done, measured how, by when, and
    civil society's assessment beside the government's status."""
    links = Recommendation.themes.through.objects.filter(recommendation_id=OuterRef("pk"))
    scheme_rank = Case(
        When(theme__scheme=Theme.Scheme.NATIONAL, then=Value(0)),
        When(theme__scheme=Theme.Scheme.UPR_INFO, then=Value(1)),
        default=Value(2),
    )
    cluster = links.annotate(rank=scheme_rank).order_by("rank", "theme__code").values("theme__name")[:1]
    visible = selectors.visible_recommendations(job.scope, job.requested_by)
    recommendations = (
        selectors.scope_recommendations(job.scope, job.requested_by)
        .annotate(cluster=Subquery(cluster))
        .select_related("review__state", "review__mechanism", "review__session")
        .prefetch_related(
            *blocks.PREFETCH,
            selectors.assignments(),
            selectors.indicators(job.scope, job.requested_by),
            selectors.published_updates(),
            selectors.assessments(),
            *selectors.treaty_body_links(visible),
        )
        .order_by(*REVIEW_ORDER, F("cluster").asc(nulls_last=True), "paragraph", "id")
    )
    all_states = not job.scope.get("state")

    def row(recommendation):
        update = selectors.latest_update(recommendation)
        group = " · ".join(
            (
                blocks.mechanism(recommendation),
                blocks.session(recommendation),
                recommendation.cluster or str(NOT_CLUSTERED),
            )
        )
        return [
            group,
            *([recommendation.review.state.name] if all_states else []),
            blocks.number(recommendation),
            blocks.text_and_states(recommendation),
            blocks.response(recommendation),
            blocks.themes(recommendation),
            blocks.lead_and_supporting(recommendation),
            blocks.actions_taken(update),
            blocks.indicator_lines(recommendation),
            blocks.deadline(recommendation),
            update.status if update else None,
            blocks.civil_society(recommendation),
            treaty_body_links(recommendation),
        ]

    columns = [
        *([STATE] if all_states else []),
        NUMBER,
        Column(_("Recommendation"), 45),
        RESPONSE,
        THEMES,
        INSTITUTIONS,
        ACTIONS,
        INDICATORS,
        DEADLINE,
        STATUS,
        CIVIL_SOCIETY,
        Column(_("Treaty bodies"), 24),
    ]
    table = Table(
        "Matrix",
        columns,
        _rows(recommendations, progress, row),
        group_title=_("Mechanism, session and cluster"),
    )
    return Document(str(Kind.MATRIX.label), subtitle, [table])


def treaty_body_links(recommendation) -> str:
    linked = [link.target for link in recommendation.treaty_links_out]
    linked += [link.source for link in recommendation.treaty_links_in]
    return "\n".join(
        f"{other.review.document_symbol or other.review} ¶{other.paragraph}: {other.text}".replace(" ¶:", ":")
        for other in linked
    )


def civil_society(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """The government's published status next to each verified organisation's published assessment."""
    recommendations = (
        selectors.scope_recommendations(job.scope, job.requested_by)
        .select_related("review__mechanism", "review__session")
        .prefetch_related("parts", "translations", selectors.published_updates(), selectors.assessments())
        .order_by(*REVIEW_ORDER, "paragraph", "id")
    )

    def rows(recommendation):
        update = selectors.latest_update(recommendation)
        government = [
            blocks.mechanism(recommendation),
            blocks.number(recommendation),
            blocks.text(recommendation),
            blocks.response(recommendation),
            update.status if update else None,
            blocks.actions_taken(update),
        ]
        if not recommendation.voices:
            return [[*government, "", None, gettext("No assessment published.")]]
        return [
            [*government, str(voice.organisation), voice.status, voice.rationale]
            for voice in recommendation.voices
        ]

    def all_rows():
        progress.start(recommendations.count())
        for recommendation in recommendations.iterator(chunk_size=CHUNK):
            yield from rows(recommendation)
            progress.advance()

    columns = [
        MECHANISM,
        NUMBER,
        Column(_("Recommendation"), 45),
        RESPONSE,
        Column(_("Government status"), 14, traffic_light=True),
        Column(_("Government's actions"), 35),
        Column(_("Organisation"), 20),
        Column(_("Organisation's assessment"), 14, traffic_light=True),
        Column(_("Organisation's rationale"), 35),
    ]
    return Document(str(Kind.CIVIL_SOCIETY.label), subtitle, [Table("Civil society", columns, all_rows())])
