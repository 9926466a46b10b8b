"""PDF: landscape A4, ready to print, with the report's title, the state and the date on every page.

Tables are cut into blocks of ``ROWS_PER_TABLE`` rows, each with its header: ReportLab re-measures
the rest of a table at every page break, so one long table would cost time in the square of its rows.
The blocks are made as ReportLab reaches them (``_Lazy``), so memory does not grow with the rows.
Charts are stacked bar drawings. Every text goes through ``fonts.markup``.
"""

import functools
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph

from ..document import (
    HEADER_FILL,
    STATUS_COLOURS,
    Column,
    Document,
    Heading,
    Table,
    axis_step,
    column_widths,
    status_label,
)
from . import fonts

ROWS_PER_TABLE = 100
CHART_ROWS = 20  # bars per chart: 20 fit under a page's title and heading
BAR_HEIGHT = 15
PAGE = landscape(A4)
MARGIN = 1.5 * cm
PADDING = 6  # ReportLab's cell padding, left and right
NON_BREAKING_HYPHEN = "\u2011"
# Text wraps between words, never inside one: headings, status labels and codes get columns wide
# enough for their longest word (``document.column_widths``); only a word longer than a whole cell
# (a URL) is cut, as a last resort.
BODY = ParagraphStyle("body", fontName=fonts.SANS, fontSize=8, leading=10)
WIDE_TABLE = 9  # a table of more columns (the matrix) is set a point smaller


@dataclass(frozen=True)
class CellStyles:
    """The styles of a table's cells at one font size."""

    body: ParagraphStyle
    cjk: ParagraphStyle
    header: ParagraphStyle
    whole: ParagraphStyle  # status labels and codes: never split

    @classmethod
    @functools.cache
    def at(cls, size: int) -> "CellStyles":
        body = ParagraphStyle(f"body-{size}", parent=BODY, fontSize=size, leading=size + 2)
        return cls(
            body=body,
            cjk=ParagraphStyle(f"cjk-{size}", parent=body, wordWrap="CJK"),
            header=ParagraphStyle(f"header-{size}", parent=body, fontName=fonts.BOLD, splitLongWords=0),
            whole=ParagraphStyle(f"whole-{size}", parent=body, splitLongWords=0),
        )


TEXT = ParagraphStyle("text", parent=BODY, fontSize=10, leading=13, spaceAfter=4)
HEADINGS = {
    0: ParagraphStyle("title", parent=TEXT, fontName=fonts.BOLD, fontSize=18, leading=22, spaceAfter=6),
    1: ParagraphStyle("h1", parent=TEXT, fontName=fonts.BOLD, fontSize=14, leading=18, spaceBefore=10),
    2: ParagraphStyle(
        "h2", parent=TEXT, fontName=fonts.BOLD, fontSize=12, leading=15, spaceBefore=8, keepWithNext=1
    ),
}


def _colour(hex_colour: str):
    return colors.HexColor(f"#{hex_colour}")


def _para(value, style: ParagraphStyle, cjk: ParagraphStyle | None = None) -> PdfParagraph:
    text = "" if value is None else str(value)
    if cjk is not None and fonts.has_cjk(text):
        style = cjk
    return PdfParagraph(fonts.markup(text), style)


def _tables(columns: list[Column], rows):
    """LongTables of at most ``ROWS_PER_TABLE`` rows, status cells filled with their colour."""
    size = BODY.fontSize - 1 if len(columns) > WIDE_TABLE else BODY.fontSize
    styles = CellStyles.at(size)

    def measure(word: str, bold: bool) -> float:
        return stringWidth(word, fonts.BOLD if bold else fonts.SANS, size)

    widths = column_widths(columns, PAGE[0] - 2 * MARGIN, measure, 2 * PADDING + 1)
    # A heading's hyphen does not break it ("treaty-body"): a non-breaking hyphen, drawn the same.
    header = [_para(column.title.replace("-", NON_BREAKING_HYPHEN), styles.header) for column in columns]
    lights = [i for i, column in enumerate(columns) if column.traffic_light]
    whole = [i for i, column in enumerate(columns) if column.whole]
    chunk, fills = [], []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if i in lights:
                fills.append(
                    (
                        "BACKGROUND",
                        (i, len(chunk) + 1),
                        (i, len(chunk) + 1),
                        _colour(STATUS_COLOURS.get(value or "none", "FFFFFF")),
                    )
                )
                cells.append(_para(status_label(value), styles.whole))
            elif i in whole:
                cells.append(_para(value, styles.whole))
            else:
                cells.append(_para(value, styles.body, styles.cjk))
        chunk.append(cells)
        if len(chunk) == ROWS_PER_TABLE:
            yield _table(header, chunk, widths, fills)
            chunk, fills = [], []
    if chunk:
        yield _table(header, chunk, widths, fills)


def _table(header, rows, widths, fills) -> LongTable:
    table = LongTable([header, *rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), _colour(HEADER_FILL)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *fills,
            ]
        )
    )
    return table


def _charts(table: Table, rows: list):
    """Stacked bar charts of ``rows``, ``CHART_ROWS`` bars each, so that none is taller than a page.

    Every part has its axes, its labels and the legend, and the same scale, so bars compare across parts.
    """
    series = [(i, column) for i, column in enumerate(table.columns) if column.colour]
    longest = max((sum(row[i] or 0 for i, _ in series) for row in rows), default=0) or 1
    for start in range(0, len(rows), CHART_ROWS):
        yield _chart(table, rows[start : start + CHART_ROWS], series, longest)


def _chart(table: Table, rows: list, series: list, longest: int) -> Drawing:
    height = BAR_HEIGHT * len(rows)
    drawing = Drawing(PAGE[0] - 2 * MARGIN, height + 50)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 230, 30, drawing.width - 430, height
    chart.data = [[row[i] or 0 for row in rows] for i, _ in series]
    chart.categoryAxis.categoryNames = [_shorten(str(row[0]), 48) for row in rows]
    chart.categoryAxis.labels.fontName = fonts.SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = longest
    chart.valueAxis.labels.fontName = fonts.SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueStep = axis_step(longest)
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.lightgrey
    for n, (_, column) in enumerate(series):
        chart.bars[n].fillColor = _colour(column.colour)
        chart.bars[n].strokeColor = colors.white
    axis_title = String(chart.x + chart.width / 2, 6, "Recommendations", fontName=fonts.SANS, fontSize=7)
    axis_title.textAnchor = "middle"
    legend = Legend()
    legend.x, legend.y = drawing.width - 180, chart.y + height
    legend.fontName, legend.fontSize, legend.alignment = fonts.SANS, 7, "right"
    legend.colorNamePairs = [(_colour(column.colour), column.title) for _, column in series]
    drawing.add(chart)
    drawing.add(axis_title)
    drawing.add(legend)
    return drawing


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _flowables(document: Document):
    yield PdfParagraph(fonts.markup(document.title), HEADINGS[0])
    yield PdfParagraph(fonts.markup(document.subtitle), TEXT)
    for block in document.blocks:
        if isinstance(block, Heading):
            yield PdfParagraph(fonts.markup(block.text), HEADINGS[min(block.level, 2)])
        elif not isinstance(block, Table):
            label = f"<b>{fonts.markup(block.label)}:</b> " if block.label else ""
            yield PdfParagraph(label + fonts.markup(block.text), TEXT)
        elif block.has_chart:
            rows = list(block.rows)
            yield from _charts(block, rows)
            yield from _tables(block.columns, rows)
            yield Spacer(1, 8)
        elif not block.group_title:
            yield from _tables(block.columns, block.rows)
        else:
            yield from _grouped(block)


def _grouped(table: Table):
    """A heading and its own tables per group; rows arrive sorted by group."""
    group, rows = object(), []
    for first, *values in table.rows:
        if first != group and rows:
            yield from _tables(table.columns, rows)
            rows = []
        if first != group:
            group = first
            yield PdfParagraph(fonts.markup(first), HEADINGS[2])
        rows.append(values)
    yield from _tables(table.columns, rows)


def write(document: Document, path) -> None:
    fonts.register_fonts()
    footer = f"{document.title} – {document.subtitle}"

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont(fonts.SANS, 7)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, str(doc.page))
        canvas.restoreState()

    pdf = SimpleDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=document.title,
        subject=document.subtitle,
    )
    pdf.build(_Lazy(_flowables(document)), onFirstPage=decorate, onLaterPages=decorate)


class _Lazy(list):
    """The flowables, drawn from their generator as ReportLab lays them out, ``LOOKAHEAD`` ahead.

    ReportLab's ``build`` takes a list and only ever looks at its first items (``len``, ``[0]``,
    ``del [0]``, inserting split parts in front; ``keepWithNext`` looks a few further), so a list that
    fills itself as it empties lets a grid of 10,000 rows be laid out without ever holding all its
    paragraphs: memory no longer grows with the rows, and progress counts rows as they are drawn.
    """

    LOOKAHEAD = 20

    def __init__(self, items):
        super().__init__()
        self._items = iter(items)

    def _fill(self, size: int | None) -> None:
        while self._items is not None and (size is None or list.__len__(self) < size):
            try:
                self.append(next(self._items))
            except StopIteration:
                self._items = None

    def __len__(self) -> int:
        self._fill(self.LOOKAHEAD)
        return list.__len__(self)

    def __getitem__(self, index):
        if isinstance(index, int) and index >= 0:
            self._fill(max(self.LOOKAHEAD, index + 1))
        elif (
            isinstance(index, slice)
            and (index.start or 0) >= 0
            and index.stop is not None
            and index.stop >= 0
        ):
            self._fill(max(self.LOOKAHEAD, index.stop))  # ``flowables[:i]`` (keepWithNext)
        else:
            self._fill(None)  # counted from the end: everything
        return list.__getitem__(self, index)

    def __iter__(self):
        self._fill(None)
        return list.__iter__(self)
