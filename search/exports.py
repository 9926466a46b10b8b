"""Downloading a search's whole result set in the tracker's native format (CSV or XLSX), any size.

The rows come from ``recommendations.importers.native.export_rows``, so a download imports again as it is
(``import_recommendations FILE --format native``). CSV streams as it is written; XLSX cannot (a workbook
is a zip with its index at the end), so it is written to a temporary file in openpyxl's write-only mode
and then streamed from there. Memory stays flat either way: rows are read 2,000 at a time. A workbook is
built before the first byte goes out, so it is limited to ``XLSX_MAX_ROWS``; larger sets come as CSV
(or as the open-data report, built in the background).

The portal uses it too: ``return export_response(params=params, file_format="csv", user=request.user)``.
"""

import tempfile
from collections.abc import Iterator

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models.expressions import RawSQL
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.importers import csv_chunks, native, write_xlsx
from recommendations.permissions import visible_recommendations
from upr_tracker.errors import ApplicationError

from .selectors import SearchParams, recommendation_search_ids

FORMATS = ("csv", "xlsx")
CHUNK = 2000
XLSX_MAX_ROWS = 100_000


def export_rows(ids: list[int], user) -> Iterator[list[str]]:
    """The native header, then the rows of ``ids`` in that order, 2,000 per round of queries."""
    yield list(native.COLUMNS)
    visible = visible_recommendations(user)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        in_order = RawSQL("array_position(%s::bigint[], recommendations_recommendation.id)", [chunk])
        rows = native.export_rows(visible.filter(pk__in=chunk).order_by(in_order), chunk_size=CHUNK)
        next(rows)  # its header
        yield from rows


def export_response(*, params: SearchParams, file_format: str, user):
    """A download of every recommendation matching ``params``; raises ``InvalidSearch`` before streaming."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    ids = recommendation_search_ids(params=params)
    if file_format == "xlsx" and len(ids) > XLSX_MAX_ROWS:
        raise ApplicationError(
            _(
                "%(count)s recommendations are too many for a workbook (at most %(limit)s): narrow the "
                "search, or download CSV."
            )
            % {"count": intcomma(len(ids)), "limit": intcomma(XLSX_MAX_ROWS)},
            code="too_large",
        )
    filename = f"recommendations-{timezone.localdate().isoformat()}.{file_format}"
    rows = export_rows(ids, user)
    if file_format == "csv":
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    workbook = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_xlsx(rows, workbook)
    workbook.seek(0)
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
