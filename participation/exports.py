"""A consultation's inputs as CSV or XLSX: one row per organisation's input on a recommendation.

Cells come from what organisations typed, so a leading ``= + - @`` is defused with an apostrophe:
spreadsheet programs would otherwise run it as a formula.
"""

import csv
import io

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from upr_tracker.cells import formula_defuse

from .selectors import consultation_rows

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value) -> str:
    return formula_defuse(str(value))


def consultation_table(consultation) -> tuple[list[str], list[list[str]]]:
    header = [
        _("Recommendation"),
        _("State"),
        _("Paragraph"),
        _("Text"),
        _("Organisation"),
        _("Input"),
        _("Updated"),
    ]
    rows = []
    for row in consultation_rows(consultation):
        recommendation = row["recommendation"]
        for given in row["inputs"]:
            rows.append(
                [
                    _cell(value)
                    for value in (
                        recommendation.public_id,
                        recommendation.review.state,
                        recommendation.paragraph,
                        recommendation.text,
                        given.organisation,
                        given.body,
                        given.updated_at.isoformat(timespec="minutes"),
                    )
                ]
            )
    return header, rows


def consultation_response(consultation, fmt: str) -> HttpResponse:
    header, rows = consultation_table(consultation)
    filename = f"consultation-{consultation.pk}-{slugify(consultation.title)[:40]}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Inputs"))
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
