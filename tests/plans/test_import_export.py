"""Importing a plan from a spreadsheet (all or nothing, preview) and exporting it as a matrix."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from openpyxl import Workbook, load_workbook

from plans.models import Action, Plan
from tests.conftest import signed_in

HEADER = ["Plan", "Plan period", "No.", "Part of", "Action", "Lead institution", "Supporting", "Start", "End",
          "Budget", "Currency", "Source", "Recommendations", "SDG targets"]  # fmt: skip


def workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("plan.xlsx", data.getvalue())


def rows(planned):
    rec = planned.recommendation
    symbol = f"{rec.review.document_symbol} {rec.paragraph}" if rec.review.document_symbol else rec.public_id
    return [
        ["National plan 2025–2027", "2025-01-01 – 2027-12-31", "1", "", "Adopt the law",
         "Ministry of Justice", "MoH", "2025-01-01", "2026-12-31", "250,000", "KES", "National budget",
         symbol, "5.2; 16.3"],
        ["", "", "1.1", "1", "Consult civil society", "MoJ", "", "01/03/2025", "30/06/2025",
         "", "", "", "", ""],
    ]  # fmt: skip


def test_a_good_file_is_previewed_then_imported_whole(planned):
    coordinator = signed_in(planned.coordinator)
    response = coordinator.post("/plans/import/", {"file": workbook(rows(planned)), "kind": "upr"})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.ok and not Plan.objects.filter(title="National plan 2025–2027").exists()
    response = coordinator.post("/plans/import/", {"confirm": "1", "token": preview.token})
    plan = Plan.objects.get(title="National plan 2025–2027")
    assert response.status_code == 302 and plan.state == "draft"
    law, consult = plan.actions.order_by("code")
    assert list(law.recommendations.all()) == [planned.recommendation]
    assert law.budget_amount == 250000 and law.budget_source == "national"
    assert list(law.supporting_institutions.all()) == [planned.health]
    assert sorted(law.sdg_targets.values_list("code", flat=True)) == ["16.3", "5.2"]
    assert consult.parent == law and consult.lead_institution == planned.justice


def test_a_bad_row_names_the_row_and_imports_nothing(planned):
    bad = rows(planned)
    bad[1][5] = "Ministry of Magic"
    bad[1][8] = "30/06/2027"  # after its parent's end, too
    response = signed_in(planned.coordinator).post("/plans/import/", {"file": workbook(bad), "kind": "upr"})
    assert response.status_code == 400
    preview = response.context["preview"]
    assert not preview.ok and not preview.token
    assert [r.number for r in preview.rows if r.problems] == [3]
    assert "Ministry of Magic" in response.content.decode()
    assert not Plan.objects.filter(title="National plan 2025–2027").exists()


def test_a_rule_only_the_model_knows_is_found_in_the_preview(planned):
    bad = rows(planned)
    bad[1][8] = "2027-06-30"  # the sub-action ends after its parent
    response = signed_in(planned.coordinator).post("/plans/import/", {"file": workbook(bad), "kind": "upr"})
    assert response.status_code == 400
    assert "Row 3" in " ".join(response.context["preview"].problems)
    assert not Plan.objects.filter(title="National plan 2025–2027").exists()
    assert not Action.objects.filter(title="Consult civil society").exists()


def test_a_tampered_token_is_refused(planned):
    response = signed_in(planned.coordinator).post("/plans/import/", {"confirm": "1", "token": "x:y"})
    assert response.status_code == 400


def test_the_matrix_exports_as_xlsx_and_docx(planned, client):
    xlsx = client.get(f"/plans/{planned.plan.pk}/matrix.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = [str(c) for row in book.worksheets[-1].iter_rows(values_only=True) for c in row if c]
    assert any(planned.action.title in c for c in cells)
    assert any(planned.recommendation.public_id in c for c in cells)
    assert any("120000 KES" in c for c in cells)
    docx = client.get(f"/plans/{planned.plan.pk}/matrix.docx")
    word = WordDocument(io.BytesIO(b"".join(docx.streaming_content)))
    text = " ".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert planned.action.title in text and "Ministry of Justice" in text
    assert client.get(f"/plans/{planned.draft.pk}/matrix.xlsx").status_code == 404
