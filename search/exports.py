"""Downloading a search's whole result set, as CSV or XLSX, in one of two layouts.

- **readable** (the default): what a journalist reads, state and theme names, mechanism, session and
  year, response, the current implementation status, civil society's assessment and the
  recommendation's address, beside the codes;
- **template** (``layout=template``): the tracker's native import template, which imports again as it is
  (``import_recommendations FILE --format native``), from ``recommendations.importers.native``.

CSV streams as it is written, every text defused (``upr_tracker.cells``). A workbook cannot stream (a
zip with its index at the end): up to ``XLSX_INLINE_MAX_ROWS`` it is written to a temporary file in
openpyxl's write-only mode and sent; above, it becomes a background report job of the ``search`` kind
(``reports``), answered with 202 and the job's status URL, for people signed in. Memory stays flat
either way: rows are read ``CHUNK`` at a time.

The portal uses it too: ``return export_response(params=params, file_format="csv", user=request.user)``.
"""

import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.permissions import published_assessments
from recommendations.importers import csv_chunks, native
from recommendations.models import Response
from recommendations.permissions import visible_recommendations
from recommendations.selectors import NO_STATUS, STATUS_LABELS, with_current_status
from reports.document import Column, Document, Table
from reports.writers import WRITERS
from upr_tracker.cells import formula_defuse
from upr_tracker.errors import ApplicationError

from .selectors import SearchParams, recommendation_search_ids

FORMATS = ("csv", "xlsx")
READABLE, TEMPLATE = "readable", "template"
LAYOUTS = (READABLE, TEMPLATE)
CHUNK = 2000
XLSX_INLINE_MAX_ROWS = 5_000  # above, a workbook is built by a report job
XLSX_MAX_ROWS = 1_000_000  # a worksheet holds 1,048,576 rows
# (heading, width in characters) of the readable layout, in order.
READABLE_COLUMNS = (
    ("Identifier", 15),
    ("Address", 40),
    ("State under review", 18),
    ("State code", 7),
    ("Mechanism", 22),
    ("Mechanism code", 9),
    ("Session", 8),
    ("Year", 6),
    ("Document", 18),
    ("Paragraph", 9),
    ("Recommendation", 60),
    ("Recommending states", 24),
    ("Response", 11),
    ("Implementation status", 14),
    ("Civil society's assessment", 30),
    ("Themes", 30),
    ("Affected persons", 22),
    ("SDG targets", 14),
)
RESPONSE_LABELS = dict(Response.choices)


def _in_order(user, chunk: list[int]):
    in_order = RawSQL("array_position(%s::bigint[], recommendations_recommendation.id)", [chunk])
    return visible_recommendations(user).filter(pk__in=chunk).order_by(in_order)


def template_rows(ids: list[int], user) -> Iterator[list[str]]:
    """The native header, then the rows of ``ids`` in that order, ``CHUNK`` per round of queries."""
    yield list(native.COLUMNS)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = native.export_rows(_in_order(user, chunk), chunk_size=CHUNK)
        next(rows)  # its header
        yield from rows


def _names(items) -> str:
    return "; ".join(str(item) for item in items)


def readable_rows(ids: list[int], user) -> Iterator[list]:
    """The readable header, then a row per recommendation of ``ids`` in that order.

    Nine queries per ``CHUNK`` rows: the recommendations with their current status, then their
    recommending states, themes, affected groups, SDG targets and published assessments.
    """
    yield [title for title, _width in READABLE_COLUMNS]
    site = settings.SITE_URL.rstrip("/")
    assessments = published_assessments(None).select_related("organisation").order_by("organisation__name")
    for start in range(0, len(ids), CHUNK):
        recommendations = (
            with_current_status(_in_order(user, ids[start : start + CHUNK]), None)
            .select_related("review__state", "review__mechanism", "review__session")
            .prefetch_related(
                "recommending_states",
                "themes",
                "affected_groups",
                "sdg_targets",
                Prefetch("assessments", queryset=assessments, to_attr="voices"),
            )
        )
        for r in recommendations:
            review = r.review
            yield [
                r.public_id,
                site + reverse("recommendations:detail", args=[r.public_id]),
                review.state.name,
                review.state.iso3,
                review.mechanism.name,
                review.mechanism.code,
                review.session.number if review.session else "",
                review.year,
                review.document_symbol,
                r.paragraph,
                r.text,
                _names(state.name for state in r.recommending_states.all()),
                str(RESPONSE_LABELS.get(r.response, r.response)),
                str(STATUS_LABELS[r.current_status or NO_STATUS]),
                _names(f"{v.organisation}: {STATUS_LABELS[v.status]}" for v in r.voices),
                _names(theme.name for theme in r.themes.all()),
                _names(group.name for group in r.affected_groups.all()),
                _names(target.code for target in r.sdg_targets.all()),
            ]


def export_rows(ids: list[int], user, layout: str = READABLE) -> Iterator[list]:
    return (template_rows if layout == TEMPLATE else readable_rows)(ids, user)


def export_table(ids: list[int], user, layout: str = READABLE) -> Table:
    """The rows as a report table, for the reports' XLSX writer (frozen header, filters, widths)."""
    rows = export_rows(ids, user, layout)
    widths = dict(READABLE_COLUMNS)
    columns = [Column(title, widths.get(title, 40 if title == "text" else 14)) for title in next(rows)]
    return Table(_("Recommendations"), columns, rows)


def write_workbook(table: Table, path, subtitle: str = "") -> None:
    """A workbook of ``table`` whose first row is the header, as importers and filters expect."""
    document = Document(_("Search results"), subtitle, [table], data_file=True)
    WRITERS["xlsx"](document, path)


def filename(file_format: str, layout: str) -> str:
    name = "recommendations-import-template" if layout == TEMPLATE else "recommendations"
    return f"{name}-{timezone.localdate().isoformat()}.{file_format}"


def export_response(*, params: SearchParams, file_format: str, user, layout: str = READABLE):
    """A download of every recommendation matching ``params``; raises ``InvalidSearch`` before streaming.

    A large workbook is not built here: it is requested as a report job (``ApplicationError`` for
    someone not signed in), and the job is returned for the caller to answer 202 with its address.
    """
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    if layout not in LAYOUTS:
        message = _("Choose the layout %(layouts)s.") % {"layouts": " or ".join(LAYOUTS)}
        raise ApplicationError(message, extra={"fields": {"layout": [message]}})
    ids = recommendation_search_ids(params=params)
    if file_format == "csv":
        rows = ([formula_defuse(value) for value in row] for row in export_rows(ids, user, layout))
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename(file_format, layout)}"'
        return response
    if len(ids) > XLSX_MAX_ROWS:
        raise ApplicationError(
            _(
                "%(count)s recommendations are too many for a workbook (at most %(limit)s): narrow the "
                "search, or download CSV."
            )
            % {"count": intcomma(len(ids)), "limit": intcomma(XLSX_MAX_ROWS)},
            code="too_large",
        )
    if len(ids) > XLSX_INLINE_MAX_ROWS:
        return export_job_request(params=params, layout=layout, user=user, count=len(ids))
    workbook = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_workbook(export_table(ids, user, layout), workbook.name)
    workbook.seek(0)
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=filename(file_format, layout),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_job_request(*, params: SearchParams, layout: str, user, count: int):
    """The report job that builds this search's workbook in the background."""
    from reports.models import Kind
    from reports.services import report_job_request

    if not user.is_authenticated:
        raise ApplicationError(
            _(
                "%(count)s recommendations make a workbook that is prepared in the background: sign in to "
                "request it, or download CSV."
            )
            % {"count": intcomma(count)},
            code="sign_in_required",
            status=403,
        )
    scope = {"search": params.urlencode(), "layout": layout}
    return report_job_request(kind=Kind.SEARCH, fmt="xlsx", scope=scope, by=user)
