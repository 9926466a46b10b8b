"""The reports that are one long table: implementation matrix, national report grid, civil society view.

Each streams its rows from ``iterator(chunk_size=…)`` with per-chunk prefetching, so memory stays flat
and the number of queries grows with the chunks, not with the rows.
"""

from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When

from participation.permissions import published_assessments
from recommendations.models import Recommendation, Response
from reference.models import Theme

from .. import selectors
from ..document import Column, Document, Table
from ..models import Kind, ReportJob
from ..progress import Progress

CHUNK = 1000
NOT_CLUSTERED = "Not clustered"
RESPONSE_LABELS = {**dict(Response.choices), "": "No response recorded"}
RESPONSE_ORDER = Case(
    *(When(response=value, then=Value(n)) for n, value in enumerate(Response.values)),
    default=Value(len(Response.values)),
    output_field=IntegerField(),
)
NUMBER = Column("No.", 9, whole=True)
TEXT = Column("Recommendation", 60)
FROM = Column("Recommended by", 22)
RESPONSE = Column("Response", 12)
STATUS = Column("Status", 14, traffic_light=True)


def number(recommendation) -> str:
    """The paragraph number the state knows it by, or the tracker's identifier when there is none."""
    return recommendation.paragraph or recommendation.public_id


def recommending_states(recommendation) -> str:
    return ", ".join(state.name for state in recommendation.recommending_states.all())


def response(recommendation) -> str:
    return str(RESPONSE_LABELS.get(recommendation.response, recommendation.response))


def institutions(recommendation, role: str) -> str:
    return ", ".join(str(a.institution) for a in recommendation.assignments.all() if a.role == role)


def amount(value, unit: str = "") -> str:
    if value is None:
        return "–"
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return f"{text} {unit}".strip()


def indicator_lines(recommendation) -> str:
    """Each SMART indicator: baseline, target, latest value."""
    lines = []
    for indicator in recommendation.indicators.all():
        latest = indicator.latest_first[0] if indicator.latest_first else None
        baseline = amount(indicator.baseline_value, indicator.unit)
        if indicator.baseline_year:
            baseline += f" ({indicator.baseline_year})"
        target = amount(indicator.target_value, indicator.unit)
        if indicator.target_date:
            target += f" by {indicator.target_date.isoformat()}"
        current = f"{amount(latest.value, indicator.unit)} ({latest.date.isoformat()})" if latest else "–"
        lines.append(f"{indicator.title}: baseline {baseline}; target {target}; latest {current}")
    return "\n".join(lines)


def timeline(recommendation) -> str:
    lines = [
        f"{a.get_role_display()} ({a.institution.acronym or a.institution}): due {a.deadline.isoformat()}"
        for a in recommendation.assignments.all()
        if a.deadline
    ]
    lines += [
        f"Indicator target: {indicator.target_date.isoformat()}"
        for indicator in recommendation.indicators.all()
        if indicator.target_date
    ]
    return "\n".join(lines)


def treaty_body_links(recommendation) -> str:
    linked = [link.target for link in recommendation.treaty_links_out]
    linked += [link.source for link in recommendation.treaty_links_in]
    return "\n".join(
        f"{other.review.document_symbol or other.review} ¶{other.paragraph}: {other.text}".replace(" ¶:", ":")
        for other in linked
    )


def actions_taken(update) -> str:
    if update is None:
        return "No published update yet."
    when = update.published_at.date().isoformat() if update.published_at else ""
    return f"{update.narrative}\n({update.institution}, {when})".strip()


def evidence(update) -> str:
    if update is None:
        return ""
    lines = [f"{link.title}: {link.url}" if link.title else link.url for link in update.links.all()]
    lines += [item.original_name for item in update.evidence.all()]
    return "\n".join(lines)


def current_status(recommendation) -> str | None:
    update = selectors.latest_update(recommendation)
    return update.status if update else None


def _rows(queryset, progress: Progress, row):
    progress.start(queryset.count())
    return progress.rows(row(r) for r in queryset.iterator(chunk_size=CHUNK))


def grid(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """Every recommendation received, supported and noted, with its status, actions and evidence."""
    recommendations = (
        selectors.scope_recommendations(job.scope, job.requested_by)
        .select_related("review__state", "review__mechanism")
        .prefetch_related("recommending_states", selectors.published_updates())
        .annotate(response_order=RESPONSE_ORDER)
        .order_by("response_order", "review__year", "review_id", "paragraph", "id")
    )

    def row(recommendation):
        update = selectors.latest_update(recommendation)
        return [
            response(recommendation),
            number(recommendation),
            recommendation.text,
            recommending_states(recommendation),
            update.status if update else None,
            actions_taken(update),
            evidence(update),
        ]

    columns = [NUMBER, TEXT, FROM, STATUS, Column("Actions taken", 45), Column("Evidence", 30)]
    table = Table("Grid", columns, _rows(recommendations, progress, row), group_title="Response")
    return Document(str(Kind.GRID.label), subtitle, [table])


def matrix(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """Kenya's 2016 matrix: by cluster, who does what, measured how, by when."""
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
        .select_related("review__state")
        .prefetch_related(
            "recommending_states",
            selectors.assignments(),
            selectors.indicators(job.scope, job.requested_by),
            selectors.published_updates(),
            *selectors.treaty_body_links(visible),
        )
        .order_by(F("cluster").asc(nulls_last=True), "review__year", "review_id", "paragraph", "id")
    )

    def row(recommendation):
        return [
            recommendation.cluster or NOT_CLUSTERED,
            number(recommendation),
            recommendation.text,
            recommending_states(recommendation),
            response(recommendation),
            institutions(recommendation, "lead"),
            institutions(recommendation, "supporting"),
            indicator_lines(recommendation),
            timeline(recommendation),
            treaty_body_links(recommendation),
            current_status(recommendation),
        ]

    columns = [
        NUMBER,
        Column("Recommendation", 45),
        Column("Recommended by", 18),
        RESPONSE,
        Column("Lead institution", 20),
        Column("Supporting institutions", 20),
        Column("SMART indicators (baseline, target, latest)", 35),
        Column("Timeline", 20),
        Column("Related treaty-body recommendations", 30),
        STATUS,
    ]
    table = Table("Matrix", columns, _rows(recommendations, progress, row), group_title="Cluster")
    return Document(str(Kind.MATRIX.label), subtitle, [table])


def civil_society(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """The government's published status next to each verified organisation's published assessment."""
    assessments = published_assessments(None).select_related("organisation").order_by("organisation__name")
    recommendations = (
        selectors.scope_recommendations(job.scope, job.requested_by)
        .select_related("review")
        .prefetch_related(
            selectors.published_updates(), Prefetch("assessments", queryset=assessments, to_attr="voices")
        )
        .order_by("review__year", "review_id", "paragraph", "id")
    )

    def rows(recommendation):
        update = selectors.latest_update(recommendation)
        government = [
            number(recommendation),
            recommendation.text,
            response(recommendation),
            update.status if update else None,
            actions_taken(update),
        ]
        if not recommendation.voices:
            return [[*government, "", None, "No assessment published."]]
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
        NUMBER,
        Column("Recommendation", 45),
        RESPONSE,
        Column("Government status", 14, traffic_light=True),
        Column("Government's actions", 35),
        Column("Organisation", 20),
        Column("Organisation's assessment", 14, traffic_light=True),
        Column("Organisation's rationale", 35),
    ]
    return Document(str(Kind.CIVIL_SOCIETY.label), subtitle, [Table("Civil society", columns, all_rows())])
