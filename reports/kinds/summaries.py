"""The short reports: the mid-term summary (counts, charts, overdue items) and the one-year update."""

from collections.abc import Callable

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from institutions.models import Assignment
from recommendations.selectors import NO_STATUS, STATUS_LABELS, STATUS_ORDER

from .. import selectors
from ..blocks import (
    NUMBER,
    PREFETCH,
    RESPONSE_LABELS,
    STATUS,
    TEXT,
    actions_taken,
    civil_society,
    deadline,
    evidence,
    indicator_lines,
    institutions,
    mechanism,
    number,
    recommending_states,
    response,
    sdg_targets,
    session,
    text,
    themes,
)
from ..document import CHART_COLOURS, Column, Document, Heading, Paragraph, Table, status_label
from ..models import Kind, ReportJob
from ..progress import Progress

NO_LEAD = _("No lead institution")
NO_THEME = _("No theme")
STATUS_COLUMNS = [Column(STATUS_LABELS[key], 12, colour=CHART_COLOURS[key]) for key in STATUS_ORDER]


def _counts(recommendations, field: str, label: Callable[[object], str]) -> dict[str, dict[str, int]]:
    """label → status → recommendations, the label computed from ``field``'s value; one query."""
    counts: dict[str, dict[str, int]] = {}
    rows = recommendations.values(field, "current_status").annotate(n=Count("id", distinct=True)).order_by()
    for row in rows:
        per_status = counts.setdefault(label(row[field]), {})
        status = row["current_status"] or NO_STATUS
        per_status[status] = per_status.get(status, 0) + row["n"]
    return counts


def _count_table(name: str, first: str, counts: dict[str, dict[str, int]]) -> Table:
    """One row per label, largest first, a column per status and the total; drawn as a chart too."""
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    rows = [
        [label, *(per_status.get(key, 0) for key in STATUS_ORDER), sum(per_status.values())]
        for label, per_status in ordered
    ]
    return Table(name, [Column(first, 30), *STATUS_COLUMNS, Column(_("Total"), 9)], rows)


def midterm(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """Status counts by theme, lead institution and response, with charts; then the overdue items."""
    recommendations = selectors.scope_recommendations(job.scope, job.requested_by)
    progress.start(4)
    today = timezone.localdate()
    by_theme = _count_table(
        "By theme", "Theme", _counts(recommendations, "themes__name", lambda v: v or str(NO_THEME))
    )
    progress.advance()
    leads = recommendations.filter(assignments__role=Assignment.Role.LEAD)
    without_lead = recommendations.exclude(assignments__role=Assignment.Role.LEAD)
    per_institution = _counts(leads, "assignments__institution__name", str)
    per_institution.update(_counts(without_lead, "response", lambda v: str(NO_LEAD)))
    by_institution = _count_table("By institution", "Lead institution", per_institution)
    progress.advance()
    per_response = _counts(recommendations, "response", lambda v: str(RESPONSE_LABELS.get(v, v)))
    by_response = _count_table("By response", "Response", per_response)
    progress.advance()
    overdue = [
        [
            number(assignment.recommendation),
            assignment.recommendation.text,
            str(assignment.institution),
            assignment.get_role_display(),
            assignment.deadline.isoformat(),
            (today - assignment.deadline).days,
            assignment.current_status,
        ]
        for assignment in selectors.overdue_assignments(recommendations, today)
    ]
    progress.advance()
    overdue_columns = [
        NUMBER,
        TEXT,
        Column(_("Institution"), 22),
        Column(_("Role"), 10),
        Column(_("Deadline"), 11),
        Column(_("Days overdue"), 9),
        STATUS,
    ]
    total = sum(row[-1] for row in by_response.rows)
    return Document(
        str(Kind.MIDTERM.label),
        subtitle,
        [
            Paragraph(
                gettext("%(total)s recommendations in scope; %(overdue)s overdue reports.")
                % {"total": total, "overdue": len(overdue)},
                _("In brief"),
            ),
            Heading(_("Implementation status by theme")),
            by_theme,
            Heading(_("Implementation status by lead institution")),
            by_institution,
            Heading(_("Implementation status by response")),
            by_response,
            Heading(_("Overdue items")),
            Table("Overdue", overdue_columns, overdue) if overdue else Paragraph(_("No report is overdue.")),
        ],
    )


def one_year(job: ReportJob, progress: Progress, subtitle: str) -> Document:
    """A short narrative on each of the (up to five) recommendations the coordinator picked."""
    wanted = job.scope.get("recommendations", [])
    found = {
        r.public_id: r
        for r in selectors.scope_recommendations(job.scope, job.requested_by)
        .select_related("review__state", "review__mechanism", "review__session")
        .prefetch_related(
            *PREFETCH,
            selectors.assessments(),
            selectors.assignments(),
            selectors.indicators(job.scope, job.requested_by),
            selectors.published_updates(),
        )
    }
    chosen = [found[public_id] for public_id in wanted if public_id in found]
    progress.start(len(chosen))
    blocks = []
    overview = []
    for position, recommendation in enumerate(chosen, start=1):
        update = selectors.latest_update(recommendation)
        status = update.status if update else None
        blocks += [
            Heading(
                f"{position}. {number(recommendation)} – {mechanism(recommendation)}, "
                f"{recommendation.review.state} ({recommendation.review.year})"
            ),
            Paragraph(text(recommendation)),
            Paragraph(recommending_states(recommendation) or "–", _("Recommended by")),
            Paragraph(session(recommendation), _("Session or document")),
            Paragraph(response(recommendation).replace("\n", "; "), _("Response")),
            Paragraph(themes(recommendation).replace("\n", "; ") or "–", _("Themes")),
            Paragraph(sdg_targets(recommendation) or "–", _("SDG targets")),
            Paragraph(institutions(recommendation, "lead") or "–", _("Lead institution")),
            Paragraph(institutions(recommendation, "supporting") or "–", _("Supporting institutions")),
            Paragraph(deadline(recommendation) or "–", _("Deadline")),
            Paragraph(status_label(status), _("Implementation status")),
            Paragraph(actions_taken(update), _("Actions taken")),
        ]
        if update and update.challenges:
            blocks.append(Paragraph(update.challenges, _("Challenges")))
        if lines := indicator_lines(recommendation):
            blocks.append(Paragraph(lines, _("Indicators")))
        if links := evidence(update):
            blocks.append(Paragraph(links, _("Evidence")))
        if voices := civil_society(recommendation):
            blocks.append(Paragraph(voices, _("Civil society's assessment")))
        overview.append(
            [number(recommendation), text(recommendation), status, institutions(recommendation, "lead")]
        )
        progress.advance()
    missing = [public_id for public_id in wanted if public_id not in found]
    if missing:
        blocks.append(Paragraph(", ".join(missing), _("Not included (not visible in this scope)")))
    overview_columns = [NUMBER, TEXT, STATUS, Column(_("Lead institution"), 25)]
    blocks += [Heading(_("Overview")), Table("Overview", overview_columns, overview)]
    return Document(str(Kind.ONE_YEAR.label), subtitle, blocks)
