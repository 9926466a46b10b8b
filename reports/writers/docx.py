"""DOCX: a landscape document the ministry edits, with a heading and a table per group.

Tables have a fixed layout and column widths that add up to the page's width between the margins,
every column wide enough for its heading's words (``document.column_widths``); the header gives the
title, scope and date, the footer "Page n of N".

Body rows are built as WordprocessingML directly: python-docx's ``add_row`` and ``cells`` walk the
whole table on every call, which makes a 10,000-row grid take minutes instead of seconds. The header
row repeats on every page; status cells are shaded with their traffic-light colour. Charts become a
table of counts with a bar of coloured blocks, which stays editable.
"""

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..document import (
    HEADER_FILL,
    STATUS_COLOURS,
    Column,
    Document,
    Heading,
    Table,
    clean_text,
    column_widths,
    status_label,
)

PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 29.7, 21, 2  # landscape A4
PAGE_WIDTH_TWIPS = Cm(PAGE_WIDTH_CM - 2 * MARGIN_CM).twips  # what is left between the margins: 25.7 cm
CELL_PADDING_TWIPS = 2 * 108 + 20  # Word's default cell margins, left and right, and a little air
FONT, FONT_SIZE = "Arial", 9
BAR_BLOCKS = 16  # the longest bar, in blocks of BAR_POINTS: it fits its column on one line
BAR_POINTS = 7
BAR = "\u2588"


def _text_element(tag: str, text: str):
    element = OxmlElement(tag)
    element.text = text
    element.set(qn("xml:space"), "preserve")
    return element


def _paragraph(text: str, *, bold: bool = False, runs=None):
    """A ``w:p`` of ``text`` (lines kept) or of ``runs`` [(text, colour)]."""
    paragraph = OxmlElement("w:p")
    for chunk, colour in runs or [(text, None)]:
        for index, line in enumerate(clean_text(chunk).split("\n")):
            run = OxmlElement("w:r")
            if bold or colour:
                properties = OxmlElement("w:rPr")
                if bold:
                    properties.append(OxmlElement("w:b"))
                if colour:
                    colour_element = OxmlElement("w:color")
                    colour_element.set(qn("w:val"), colour)
                    properties.append(colour_element)
                    size = OxmlElement("w:sz")
                    size.set(qn("w:val"), str(2 * BAR_POINTS))
                    properties.append(size)
                run.append(properties)
            if index:
                run.append(OxmlElement("w:br"))
            run.append(_text_element("w:t", line))
            paragraph.append(run)
    return paragraph


def _cell(width: int, content, fill: str = ""):
    cell = OxmlElement("w:tc")
    properties = OxmlElement("w:tcPr")
    cell_width = OxmlElement("w:tcW")
    cell_width.set(qn("w:w"), str(width))
    cell_width.set(qn("w:type"), "dxa")
    properties.append(cell_width)
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), fill)
        properties.append(shading)
    cell.append(properties)
    cell.append(content)
    return cell


def _word_twips(word: str, bold: bool) -> float:
    """A word's width at ``FONT_SIZE`` in Arial (Liberation Sans in LibreOffice, the same metrics),
    generously: a little over half an em a letter."""
    return len(word) * FONT_SIZE * (0.64 if bold else 0.58) * 20


def _fixed_layout(tbl, widths: list[int]) -> None:
    """The table as wide as its columns, laid out as given: Word and LibreOffice then agree."""
    properties = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(width)
    properties.append(layout)


class _TableWriter:
    def __init__(self, word: WordDocument, columns: list[Column]):
        self.columns = columns
        widths = column_widths(columns, PAGE_WIDTH_TWIPS, _word_twips, CELL_PADDING_TWIPS)
        self.widths = [int(width) for width in widths]
        table = word.add_table(rows=0, cols=len(columns))
        table.style = "Table Grid"
        for grid_column, width in zip(table._tbl.tblGrid.iterchildren(), self.widths, strict=True):
            grid_column.set(qn("w:w"), str(width))
        _fixed_layout(table._tbl, self.widths)
        self.tbl = table._tbl
        header = self._row([_cell(w, _paragraph(c.title, bold=True), HEADER_FILL) for c, w in self._pairs()])
        row_properties = OxmlElement("w:trPr")
        row_properties.append(OxmlElement("w:tblHeader"))
        header.insert(0, row_properties)

    def _pairs(self):
        return zip(self.columns, self.widths, strict=True)

    def _row(self, cells):
        row = OxmlElement("w:tr")
        row.extend(cells)
        self.tbl.append(row)
        return row

    def add(self, values) -> None:
        cells = []
        for value, (column, width) in zip(values, self._pairs(), strict=True):
            if column.traffic_light:
                cells.append(
                    _cell(width, _paragraph(status_label(value)), STATUS_COLOURS.get(value or "none", ""))
                )
            elif isinstance(value, list):  # coloured runs: a chart's bar
                cells.append(_cell(width, _paragraph("", runs=value)))
            else:
                cells.append(_cell(width, _paragraph(clean_text(value))))
        self._row(cells)


def _chart_rows(table: Table, rows: list) -> list:
    """Each row with a last cell holding its bar: blocks coloured like the series, longest bar full."""
    series = [(i, column) for i, column in enumerate(table.columns) if column.colour]
    longest = max((sum(row[i] or 0 for i, _ in series) for row in rows), default=0) or 1
    return [
        [*row, [(BAR * round(BAR_BLOCKS * (row[i] or 0) / longest), column.colour) for i, column in series]]
        for row in rows
    ]


def _write_table(word: WordDocument, table: Table) -> None:
    if table.has_chart:
        rows = list(table.rows)
        writer = _TableWriter(word, [*table.columns, Column("Chart", 30)])
        for row in _chart_rows(table, rows):
            writer.add(row)
        legend = word.add_paragraph()  # which colour is which status
        for column in table.columns:
            if column.colour:
                legend.add_run(BAR).font.color.rgb = RGBColor.from_string(column.colour)
                legend.add_run(f" {clean_text(column.title)}   ")
        return
    if not table.group_title:
        writer = _TableWriter(word, table.columns)
        for row in table.rows:
            writer.add(row)
        return
    group = object()
    for first, *values in table.rows:
        if first != group:
            group = first
            word.add_heading(clean_text(first), level=2)
            writer = _TableWriter(word, table.columns)
        writer.add(values)


def _set_font(style) -> None:
    """``FONT`` for the style, instead of the template's theme fonts (which would take precedence)."""
    style.font.name = FONT
    fonts = style.element.rPr.rFonts
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice fill in when they lay the page out (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    run.append(_text_element("w:t", "1"))
    field.append(run)
    paragraph._p.append(field)


def _page_furniture(section, document: Document) -> None:
    """The title and the scope with its date in the header, "Page n of N" in the footer, on every page."""
    header = section.header.paragraphs[0]
    header.text = clean_text(f"{document.title} – {document.subtitle}")
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def write(document: Document, path) -> None:
    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        _set_font(word.styles[name])
    word.styles["Normal"].font.size = Pt(FONT_SIZE)
    word.add_heading(clean_text(document.title), level=0)
    subtitle = word.add_paragraph(clean_text(document.subtitle))
    subtitle.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    _page_furniture(section, document)
    for block in document.blocks:
        if isinstance(block, Table):
            _write_table(word, block)
        elif isinstance(block, Heading):
            word.add_heading(clean_text(block.text), level=block.level)
        else:
            paragraph = word.add_paragraph()
            if block.label:
                paragraph.add_run(clean_text(block.label) + ": ").bold = True
            paragraph.add_run(clean_text(block.text))
    word.save(path)
