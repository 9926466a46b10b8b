"""How the documents are laid out: what fits the page, what repeats on every page, what never breaks."""

import docx
import openpyxl
import pypdf
from docx.oxml.ns import qn
from docx.shared import Length

from recommendations.models import Translation
from reports.models import Kind, ReportJob
from reports.writers import pdf
from tests.conftest import signed_in
from tests.factories import RecommendationFactory, StatusUpdateFactory, ThemeFactory

from .conftest import job_bytes, request_report


def _pdf_text(job) -> str:
    """The PDF's text, spaces and line ends as single spaces, non-breaking hyphens read as hyphens."""
    pages = pypdf.PdfReader(job_bytes(job)).pages
    return " ".join(" ".join(page.extract_text().replace("\u2011", "-").split()) for page in pages)


def test_a_midterm_pdf_of_forty_themes_splits_its_chart_over_pages(world):
    themes = [ThemeFactory(code=f"t{n:02}", name=f"Theme number {n:02}") for n in range(42)]
    for n, theme in enumerate(themes):
        RecommendationFactory.create_batch(1 + n % 3, review=world.business.review, themes=[theme])
    job = request_report(world.coordinator, Kind.MIDTERM, "pdf", state="KEN")
    reader = pypdf.PdfReader(job_bytes(job))
    text = _pdf_text(job)
    for theme in themes:
        assert text.count(theme.name) >= 2  # a bar label in the chart and a row of the table
    assert len(reader.pages) >= 3


def test_docx_tables_fit_between_the_margins_with_a_fixed_layout_and_a_repeated_header(world):
    for kind in (Kind.GRID, Kind.MATRIX, Kind.CIVIL_SOCIETY, Kind.MIDTERM):
        job = request_report(world.coordinator, kind, "docx", state="KEN")
        document = docx.Document(job_bytes(job))
        section = document.sections[0]
        between_margins = Length(section.page_width - section.left_margin - section.right_margin).twips
        assert section.page_width > section.page_height
        for table in document.tables:
            widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren()]
            assert between_margins * 0.95 <= sum(widths) <= between_margins, (kind, widths)
            assert min(widths) >= 567, (kind, widths)  # no column narrower than a centimetre
            assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
            header = table.rows[0]._tr
            assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        footer = section.footer._element.xml
        assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
        assert section.header.paragraphs[0].text.startswith(str(kind.label))


def test_pdf_text_holds_every_status_and_column_heading_unbroken(world):
    statuses = ["Not started", "In progress", "Partially implemented", "Fully implemented"]
    for n, status in enumerate(["not_started", "in_progress", "partially", "fully"]):
        recommendation = RecommendationFactory(review=world.business.review, paragraph=f"150.{n}")
        StatusUpdateFactory(
            recommendation=recommendation, institution=world.justice, published=True, status=status
        )
    RecommendationFactory(review=world.business.review, paragraph="150.9")  # no status reported
    for kind in (Kind.GRID, Kind.MATRIX, Kind.CIVIL_SOCIETY):
        job = request_report(world.coordinator, kind, "pdf", state="KEN")
        text = _pdf_text(job)
        for words in [*statuses, "No status reported", *_headings(world, kind)]:
            assert words in text, (kind, words)
        assert "150.9" in text


def _headings(world, kind) -> list[str]:
    job = request_report(world.coordinator, kind, "xlsx", state="KEN")
    sheet = openpyxl.load_workbook(job_bytes(job)).worksheets[-1]
    headings = [cell.value for cell in sheet[3]]
    group = {Kind.GRID: "Response", Kind.MATRIX: "Mechanism, session and cluster"}.get(kind)
    return [heading for heading in headings if heading != group]  # a group is a heading, not a column


def test_xlsx_sheets_are_frozen_filtered_and_print_landscape_on_one_page_width(world):
    job = request_report(world.coordinator, Kind.GRID, "xlsx", state="KEN")
    workbook = openpyxl.load_workbook(job_bytes(job))
    sheet = workbook["Grid"]
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:")
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert all(sheet.column_dimensions[letter].width >= 7 for letter in "ABCDEFGHI")


def test_a_report_is_written_in_the_language_asked_for_with_translated_texts(world):
    Translation.objects.create(
        recommendation=world.business, language="fr", text="Élaborer un plan d'action national."
    )
    job = request_report(world.coordinator, Kind.GRID, "xlsx", state="KEN", language="fr")
    assert job.scope["language"] == "fr"
    sheet = openpyxl.load_workbook(job_bytes(job)).worksheets[-1]
    assert sheet["A1"].value == "Tableau du rapport national"
    header = [cell.value for cell in sheet[3]]
    assert "Recommandation" in header and "Mesures prises" in header
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    business = next(row for row in rows if row[3] == "142.1")
    assert "Élaborer un plan d'action national." in business
    assert "En cours" in business  # the status, in French
    # Asked in Spanish on the page, written in Spanish.
    client = signed_in(world.coordinator)
    client.post("/i18n/setlang/", {"language": "es"})
    client.post("/reports/", {"kind": "midterm", "format": "xlsx", "state": "KEN", "published_only": "on"})
    job = ReportJob.objects.latest("id")
    assert job.scope["language"] == "es"
    assert openpyxl.load_workbook(job_bytes(job))["Summary"]["A1"].value == "Resumen de mitad de período"


def test_a_pdf_is_laid_out_from_its_rows_as_they_come_not_from_all_of_them():
    pulled = []

    def flowables():
        for n in range(1000):
            pulled.append(n)
            yield n

    lazy = pdf._Lazy(flowables())
    assert len(lazy) == pdf._Lazy.LOOKAHEAD and len(pulled) == pdf._Lazy.LOOKAHEAD
    assert lazy[:3] == [0, 1, 2] and lazy[0] == 0  # what ReportLab's keepWithNext and build look at
    del lazy[0]
    assert len(pulled) <= pdf._Lazy.LOOKAHEAD + 1
    assert list(lazy) == list(range(1, 1000))  # all of them, in order, when really asked
