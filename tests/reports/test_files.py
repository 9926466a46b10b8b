"""Each report, opened with the library that reads its format, says what it should: cells, headings, rows."""

import csv
import io
import json
import unicodedata

import docx
import openpyxl
import pypdf

from participation.models import Assessment
from recommendations.importers import native, parse_files
from recommendations.models import Recommendation
from reports.models import Kind, ReportJob

from .conftest import BUSINESS, MULTILINGUAL, SECRET, job_bytes, request_report

KENYA = {"state": "KEN", "mechanism": "UPR", "cycle": "2"}


def _rows(sheet, header_row=3):
    rows = list(sheet.iter_rows(values_only=True))
    return rows[header_row - 1], rows[header_row:]


def test_grid_xlsx_has_a_styled_filterable_sheet_with_each_recommendation(world):
    job = request_report(world.coordinator, Kind.GRID, "xlsx", **KENYA)
    sheet = openpyxl.load_workbook(job_bytes(job))["Grid"]
    assert sheet["A1"].value == "National report grid"
    assert sheet["A2"].value.startswith("Kenya · UPR · Cycle 2")
    header, rows = _rows(sheet)
    assert header == (
        "Response",
        "Mechanism",
        "Session or document",
        "No.",
        "Recommendation",
        "Recommended by",
        "Status",
        "Actions taken",
        "Evidence",
    )
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:I5"
    assert sheet["E4"].alignment.wrap_text
    supported = rows[0]
    assert supported[:7] == (
        "Supported",
        "UPR",
        "Session 21 (2015)",
        "142.1",
        BUSINESS,
        "Norway",
        "In progress",
    )
    assert "validated with stakeholders" in supported[7] and "Ministry of Justice" in supported[7]
    assert supported[8] == "Draft NAP: https://example.org/nap-draft"
    assert sheet["G4"].fill.fgColor.rgb.endswith("FCE8B2")  # orange: some progress
    noted = rows[1]
    assert noted[3:7] == ("142.2", MULTILINGUAL, "Egypt, France", "Not started")
    assert sheet["G5"].fill.fgColor.rgb.endswith("F4C7C3")  # red
    assert SECRET not in str(rows)


def test_the_grid_of_a_state_reviewed_by_several_mechanisms_names_each_rows_mechanism_and_paragraph(world):
    job = request_report(world.coordinator, Kind.GRID, "xlsx", state="KEN")
    header, rows = _rows(openpyxl.load_workbook(job_bytes(job))["Grid"])
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(c["Mechanism"], c["Session or document"], c["No."]) for c in cells] == [
        ("CEDAW", f"CEDAW/C/KEN/CO/8 ({world.treaty.review.year})", "25"),
        ("UPR", "Session 21 (2015)", "142.1"),
        ("UPR", "Session 21 (2015)", "142.2"),
    ]
    assert all(c["Mechanism"] and c["No."] for c in cells)


def test_grid_docx_is_landscape_with_a_heading_and_a_table_per_response(world):
    job = request_report(world.coordinator, Kind.GRID, "docx", **KENYA)
    document = docx.Document(job_bytes(job))
    section = document.sections[0]
    assert section.page_width > section.page_height
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Supported", "Noted"]
    assert document.paragraphs[0].text == "National report grid"
    supported, noted = document.tables
    assert [cell.text for cell in supported.rows[0].cells][:4] == [
        "Mechanism",
        "Session or document",
        "No.",
        "Recommendation",
    ]
    assert [cell.text for cell in supported.rows[1].cells][2:6] == [
        "142.1",
        BUSINESS,
        "Norway",
        "In progress",
    ]
    assert noted.rows[1].cells[3].text == MULTILINGUAL
    assert 'w:fill="F4C7C3"' in noted.rows[1].cells[5]._tc.xml


def test_grid_pdf_prints_the_state_the_date_and_every_script(world):
    job = request_report(world.coordinator, Kind.GRID, "pdf", **KENYA)
    reader = pypdf.PdfReader(job_bytes(job))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "National report grid" in flat
    assert "Kenya" in flat and str(job.created_at.year) in flat
    assert "142.1" in flat and "Guiding Principles on Business" in flat
    for words in ("Garantir l'égalité des femmes", "права человека", "保障人权"):
        assert words in flat
    # Arabic is drawn shaped (presentation forms); read back, they normalise to the letters written.
    assert "حقوق الإنسان" in unicodedata.normalize("NFKC", text).replace("\xa0", " ")
    assert "Рабочая группа создана." in flat
    assert SECRET not in text


def test_grid_csv_has_one_row_per_recommendation(world):
    job = request_report(world.coordinator, Kind.GRID, "csv", **KENYA)
    rows = list(csv.reader(io.StringIO(job_bytes(job).read().decode("utf-8-sig"))))
    assert rows[0][:5] == ["Response", "Mechanism", "Session or document", "No.", "Recommendation"]
    assert rows[1][:7] == [
        "Supported",
        "UPR",
        "Session 21 (2015)",
        "142.1",
        BUSINESS,
        "Norway",
        "In progress",
    ]
    assert rows[2][4] == MULTILINGUAL
    assert len(rows) == 3


def test_matrix_groups_by_mechanism_session_and_cluster_with_who_does_what_and_civil_society(world):
    job = request_report(world.coordinator, Kind.MATRIX, "xlsx", state="KEN", mechanism="UPR")
    sheet = openpyxl.load_workbook(job_bytes(job))["Matrix"]
    header, rows = _rows(sheet)
    assert header[0] == "Mechanism, session and cluster" and "State" not in header
    by_number = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    business = by_number["142.1"]
    assert business["Mechanism, session and cluster"] == (
        "UPR · Session 21 (2015) · Economic, Social and Cultural Rights"
    )
    assert business["Recommendation"] == f"{BUSINESS}\n(Norway)"
    assert business["Position"] == "Supported"
    assert business["Themes and SDG targets"].startswith("Economic, Social and Cultural Rights")
    assert business["Institutions"] == "Lead: Ministry of Justice (MoJ)\nSupporting: Ministry of Health (MoH)"
    assert business["Indicators"] == (
        "National action plan adopted: baseline 0 (2020); target 1 by 2027-12-31; latest 0.5 (2025-06-01)"
    )
    assert business["Deadline"] == "2027-06-30"
    assert business["Actions taken"].startswith("A draft national action plan was validated")
    assert business["Status"] == "In progress"
    assert business["Civil society's assessment"] == (
        "Kenya Human Rights Commission: Not started – No consultation has reached the counties."
    )
    assert business["Treaty bodies"] == (
        "CEDAW/C/KEN/CO/8 ¶25: Adopt a comprehensive anti-discrimination law."
    )
    assert by_number["142.2"]["Mechanism, session and cluster"].endswith("Group Rights")


def test_an_all_states_matrix_has_a_state_column(world):
    job = request_report(world.coordinator, Kind.MATRIX, "xlsx", mechanism="UPR")
    header, rows = _rows(openpyxl.load_workbook(job_bytes(job))["Matrix"])
    assert header[1] == "State"
    assert {row[1] for row in rows} == {"Kenya"}


def test_matrix_docx_has_a_heading_per_mechanism_session_and_cluster(world):
    job = request_report(world.coordinator, Kind.MATRIX, "docx", state="KEN", mechanism="UPR")
    document = docx.Document(job_bytes(job))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        "UPR · Session 21 (2015) · Economic, Social and Cultural Rights",
        "UPR · Session 21 (2015) · Group Rights",
    ]
    assert document.tables[0].rows[1].cells[1].text == f"{BUSINESS}\n(Norway)"


def test_midterm_summary_counts_by_theme_institution_response_and_lists_overdue_items(world):
    job = request_report(world.coordinator, Kind.MIDTERM, "xlsx", state="KEN", mechanism="UPR")
    workbook = openpyxl.load_workbook(job_bytes(job))
    assert workbook.sheetnames == ["Summary", "By theme", "By institution", "By response", "Overdue"]
    header, rows = _rows(workbook["By response"])
    assert header == (
        "Response",
        "Not started",
        "In progress",
        "Partially implemented",
        "Fully implemented",
        "No status reported",
        "Total",
    )
    assert rows == [("Noted", 1, 0, 0, 0, 0, 1), ("Supported", 0, 1, 0, 0, 0, 1)]
    assert workbook["By response"]._charts
    _, institutions = _rows(workbook["By institution"])
    assert ("Ministry of Health", 1, 0, 0, 0, 0, 1) in institutions
    _, overdue = _rows(workbook["Overdue"])
    assert [(row[0], row[2], row[5]) for row in overdue] == [("142.2", "Ministry of Health (MoH)", 10)]


def test_midterm_summary_pdf_has_its_sections(world):
    job = request_report(world.coordinator, Kind.MIDTERM, "pdf", state="KEN")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(job_bytes(job)).pages)
    for heading in ("Implementation status by theme", "by lead institution", "by response", "Overdue items"):
        assert heading in text


def test_one_year_update_tells_each_chosen_recommendation(world):
    picked = f"{world.business.public_id} {world.multilingual.public_id}"
    job = request_report(world.coordinator, Kind.ONE_YEAR, "docx", recommendations=picked)
    document = docx.Document(job_bytes(job))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. 142.1 – UPR, Kenya (2015)", "2. 142.2 – UPR, Kenya (2015)", "Overview"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Actions taken: A draft national action plan was validated with stakeholders." in text
    assert "Challenges: Funding for county consultations." in text
    assert "Implementation status: Not started" in text


def test_civil_society_view_puts_assessments_beside_the_government_status(world):
    job = request_report(world.coordinator, Kind.CIVIL_SOCIETY, "xlsx", state="KEN", mechanism="UPR")
    header, rows = _rows(openpyxl.load_workbook(job_bytes(job))["Civil society"])
    business = dict(zip(header, rows[0], strict=True))
    assert business["Government status"] == "In progress"
    assert business["Organisation"] == "Kenya Human Rights Commission"
    assert business["Organisation's assessment"] == "Not started"
    assert business["Organisation's rationale"] == "No consultation has reached the counties."
    assert dict(zip(header, rows[1], strict=True))["Organisation's rationale"] == "No assessment published."


def test_open_data_dump_is_the_native_template_of_everything_public(world):
    published = Recommendation.objects.published().order_by("pk")
    expected = [list(native.COLUMNS), *list(native.export_rows(published))[1:]]
    job = request_report(world.focal_justice, Kind.OPEN_DATA, "csv")
    rows = list(csv.reader(io.StringIO(job_bytes(job).read().decode("utf-8-sig"))))
    assert rows == expected
    assert SECRET not in str(rows)

    job = request_report(world.focal_justice, Kind.OPEN_DATA, "json")
    objects = json.loads(job_bytes(job).read())
    assert objects == [dict(zip(expected[0], row, strict=True)) for row in expected[1:]]

    job = request_report(world.focal_justice, Kind.OPEN_DATA, "xlsx")
    sheet = openpyxl.load_workbook(job_bytes(job)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        [cell if cell != "" else None for cell in row] for row in expected
    ]


def test_no_csv_cell_runs_as_a_formula_and_the_dump_imports_back_as_written(world):
    formula = '=HYPERLINK("http://example.org/x","click")'
    Recommendation.objects.filter(pk=world.business.pk).update(text=formula)
    Assessment.objects.update(rationale="+cmd|' /C calc'!A0")

    def csv_rows(kind, **scope):
        job = request_report(world.coordinator, kind, "csv", **scope)
        return list(csv.reader(io.StringIO(job_bytes(job).read().decode("utf-8-sig"))))

    [business] = [row for row in csv_rows(Kind.CIVIL_SOCIETY, state="KEN") if row[1] == "142.1"]
    assert [business[2], business[8]] == ["'" + formula, "'+cmd|' /C calc'!A0"]
    matrix = csv_rows(Kind.MATRIX, state="KEN")
    assert f"'{formula}\n(Norway)" in [row[2] for row in matrix if len(row) > 2]
    dump = csv_rows(Kind.OPEN_DATA)
    text = native.COLUMNS.index("text")
    assert "'" + formula in [row[text] for row in dump]
    assert not [row for row in dump[1:] if any(cell[:1] in "=+-@" for cell in row if cell)]
    dump_job = ReportJob.objects.filter(kind=Kind.OPEN_DATA).latest("id")
    parsed = parse_files([("dump.csv", job_bytes(dump_job).read())], format="native")
    assert not parsed.errors and formula in [row.text for row in parsed.rows]
    job = request_report(world.focal_justice, Kind.OPEN_DATA, "json")
    assert formula in [item["text"] for item in json.loads(job_bytes(job).read())]  # JSON: as written
