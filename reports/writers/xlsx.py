"""XLSX: one sheet per table, styled for reading and filtering, written in openpyxl's write-only mode.

Write-only mode streams rows to a temporary file, so a sheet of a million rows costs no more memory
than one of ten. Each table's sheet starts with the report's title and subtitle, then a bold, filled,
frozen header with filters; text wraps; status cells are filled with their traffic-light colour.
Sheets print landscape, fitted to the page's width, the header row repeated.
Headings and paragraphs go to a first sheet, "Summary". Every text is stored as text: a
recommendation that starts with "=" must not become a formula.
"""

from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..document import (
    HEADER_FILL,
    STATUS_COLOURS,
    Column,
    Document,
    Heading,
    Table,
    axis_step,
    clean_text,
    status_label,
)

HEADER_ROW = 3  # title, subtitle, then the header
LINE_POINTS, MAX_ROW_POINTS = 15, 409  # a line of 11-point text; the tallest row Excel allows
MAX_SHEET_TITLE = 31
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_STYLE = {"font": BOLD, "alignment": WRAP, "fill": PatternFill("solid", fgColor=HEADER_FILL)}
STATUS_FILLS = {key: PatternFill("solid", fgColor=colour) for key, colour in STATUS_COLOURS.items()}


def _cell(sheet, value, *, like: Cell | None = None, **style) -> Cell:
    """A cell of ``value`` styled with ``style``, or like the cell ``like``.

    Copying a styled cell's style costs nothing; setting a style looks it up in the workbook's style
    table, a third of the time of a large sheet when done cell by cell.
    """
    if isinstance(value, int | float):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        cell = WriteOnlyCell(sheet, value=clean_text(value))
        cell.data_type = "s"
    if like is not None:
        cell._style = copy(like._style)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _sheet_title(name: str, used: set[str]) -> str:
    title = "".join(c for c in name if c not in "[]:*?/\\")[:MAX_SHEET_TITLE] or "Sheet"
    base, n = title, 2
    while title in used:
        suffix = f" {n}"
        title, n = base[: MAX_SHEET_TITLE - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _write_table(workbook: Workbook, table: Table, document: Document, used: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_title(table.name, used))
    columns = ([Column(table.group_title, 24)] if table.group_title else []) + table.columns
    lights = [column.traffic_light for column in columns]
    for index, column in enumerate(columns, start=1):
        # Codes get a little air: a cell's width in characters is that of its digits.
        sheet.column_dimensions[get_column_letter(index)].width = column.width + (2 if column.whole else 0)
    header_row = 1 if document.data_file else HEADER_ROW
    sheet.freeze_panes = f"A{header_row + 1}"
    _print_setup(sheet, header_row)
    if not document.data_file:
        sheet.append([_cell(sheet, document.title, font=TITLE)])
        sheet.append([_cell(sheet, document.subtitle)])
    widths = [column.width for column in columns]
    _fit_height(sheet, header_row, [f"{column.title}\n" for column in columns], widths)  # bold: a line more
    sheet.append([_cell(sheet, column.title, **HEADER_STYLE) for column in columns])
    wrapped = _cell(sheet, "", alignment=WRAP)
    lit = {key: _cell(sheet, "", alignment=WRAP, fill=fill) for key, fill in STATUS_FILLS.items()}
    count = 0
    for row in table.rows:
        _fit_height(sheet, header_row + count + 1, row, widths)
        sheet.append(
            [
                _cell(sheet, status_label(value), like=lit.get(value or "none", wrapped))
                if light
                else _cell(sheet, value, like=wrapped)
                for value, light in zip(row, lights, strict=True)
            ]
        )
        sheet.row_dimensions.pop(header_row + count + 1, None)  # written: memory stays flat
        count += 1
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    if table.has_chart and count:
        _add_chart(sheet, table, count)


def _fit_height(sheet, row_number: int, values, widths: list[int]) -> None:
    """A row tall enough for its wrapped text: spreadsheet programs do not grow a row written with
    wrapped cells by themselves (LibreOffice draws the lines over the next rows)."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if isinstance(value, str) and value:
            lines = max(lines, sum(-(-len(line) // max(width - 1, 1)) or 1 for line in value.split("\n")))
    if lines > 1:
        sheet.row_dimensions[row_number].height = min(LINE_POINTS * lines + 2, MAX_ROW_POINTS)


def _print_setup(sheet, header_row: int) -> None:
    """Printed landscape on A4, as wide as one page, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _add_chart(sheet, table: Table, count: int) -> None:
    """A stacked bar chart of the coloured columns, one bar per row, beside the table."""
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = table.name
    chart.height, chart.width = max(7.5, 0.6 * count + 3), 18
    first, last = HEADER_ROW, HEADER_ROW + count
    for index, column in enumerate(table.columns, start=1):
        if column.colour:
            chart.add_data(
                Reference(sheet, min_col=index, min_row=first, max_row=last), titles_from_data=True
            )
            chart.series[-1].graphicalProperties.solidFill = column.colour
    chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=last))
    colours = [i for i, column in enumerate(table.columns) if column.colour]
    longest = max((sum(row[i] or 0 for i in colours) for row in table.rows), default=0) or 1
    chart.x_axis.scaling.orientation = "maxMin"  # bars top to bottom, in the table's order
    chart.y_axis.scaling.min, chart.y_axis.majorUnit = 0, axis_step(longest)
    chart.y_axis.number_format = "0"
    chart.y_axis.title = "Recommendations"
    chart.x_axis.delete = chart.y_axis.delete = False
    sheet.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}{HEADER_ROW}")


def write(document: Document, path) -> None:
    workbook = Workbook(write_only=True)
    summary = None
    used: set[str] = set()
    for block in document.blocks:
        if isinstance(block, Table):
            _write_table(workbook, block, document, used)
            continue
        if summary is None:
            summary = workbook.create_sheet(_sheet_title("Summary", used), 0)
            summary.column_dimensions["A"].width = 120
            summary.append([_cell(summary, document.title, font=TITLE)])
            summary.append([_cell(summary, document.subtitle)])
        if isinstance(block, Heading):
            summary.append([])
            summary.append([_cell(summary, block.text, font=BOLD)])
        else:
            text = f"{block.label}: {block.text}" if block.label else block.text
            summary.append([_cell(summary, text, alignment=WRAP)])
    if not workbook.worksheets:
        workbook.create_sheet("Report").append([document.title])
    workbook.save(path)
