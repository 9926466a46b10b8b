"""Word documents and UHRI exports made up in the shapes OHCHR publishes, to test the family, not one file.

Each builder takes the rows it should hold, so a test's expectations come from the same data.
"""

import io

import docx
from openpyxl import Workbook

UHRI_COLUMNS = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Type",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Session",
    "UPR Reccomending States",
    "UPR Position",
    "OHCHR Annotation Id",
    "Regions Concerned",
]


def matrix_docx(
    rows: list[dict],
    *,
    header: list[str],
    page_header: str = "",
    title: str = "",
    theme_rows: bool = True,
) -> bytes:
    """A matrix: a page header and/or title paragraph, one table with ``header``; each row dict maps a
    header to its cell text, and a row ``{"theme": label}`` becomes a theme row merged across the table
    (or, with ``theme_rows=False``, a "Theme:" first cell only)."""
    document = docx.Document()
    if page_header:
        document.sections[0].header.paragraphs[0].text = page_header
    if title:
        document.add_paragraph(title)
    table = document.add_table(rows=1, cols=len(header))
    for cell, name in zip(table.rows[0].cells, header, strict=True):
        cell.text = name
    for row in rows:
        cells = table.add_row().cells
        if "theme" in row:
            if theme_rows:
                merged = cells[0].merge(cells[-1])
                merged.text = f"Theme: {row['theme']}"
            else:
                cells[0].text = f"Theme: {row['theme']}"
            continue
        for cell, name in zip(cells, header, strict=True):
            cell.text = row.get(name, "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def uhri_rows_xlsx(rows: list[dict]) -> bytes:
    """A UHRI export as its XLSX download: the columns in its order, dates as Excel serial numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(UHRI_COLUMNS)
    for row in rows:
        sheet.append([row.get(column, "") for column in UHRI_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def uhri_rows_csv(rows: list[dict]) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, UHRI_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
