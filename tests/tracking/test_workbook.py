"""The reporting workbook round trip: download as each role, fill in with openpyxl as a person would,
upload, read the preview, confirm as drafts, submit, and validate in bulk.

The personas are those of ``conftest.world``: the Ministry of Justice leads the published
recommendation, Health supports it and leads an unpublished one.
"""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from institutions.models import Assignment
from plans.models import Plan
from tests.conftest import signed_in
from tests.factories import AssignmentFactory, IndicatorFactory, RecommendationFactory, StatusUpdateFactory
from tests.plans.conftest import make_action, make_plan
from tracking.models import AuditEntry, StatusUpdate, WorkbookUpload
from tracking.services import (
    status_update_approve,
    status_update_create,
    status_update_edit,
    status_update_publish,
    status_update_return,
    status_update_submit,
)
from tracking.workbook.writer import COLUMNS, FIELD_COLUMN, FIRST_INDICATOR, KEY_HEADER

from .conftest import api_client

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, **query) -> bytes:
    response = client.get("/tracking/workbook/download/", query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    return response.content


def report_sheet(workbook):
    return next(s for s in workbook.worksheets if s.cell(1, 1).value == KEY_HEADER)


def references(content: bytes) -> list[str]:
    sheet = report_sheet(load_workbook(io.BytesIO(content)))
    return [row[FIELD_COLUMN["reference"]] for row in sheet.iter_rows(min_row=2, values_only=True)]


class Filler:
    """A workbook open in "a spreadsheet program": find a row by its recommendation, type into cells."""

    def __init__(self, content: bytes):
        self.workbook = load_workbook(io.BytesIO(content))
        self.sheet = report_sheet(self.workbook)

    def row_of(self, public_id) -> int:
        for number in range(2, self.sheet.max_row + 1):
            if self.sheet.cell(number, FIELD_COLUMN["reference"] + 1).value == public_id:
                return number
        raise LookupError(public_id)

    def fill(self, public_id, **cells):
        number = self.row_of(public_id)
        for name, value in cells.items():
            if name.startswith("value"):
                column = FIRST_INDICATOR + 2 * (int(name[5:]) - 1) + 2
            else:
                column = FIELD_COLUMN[name] + 1
            self.sheet.cell(number, column).value = value
        return self

    def copy_row_from(self, other: "Filler", public_id):
        """Paste a row of a colleague's workbook below the last row, as one merges two files."""
        source = other.row_of(public_id)
        target = self.sheet.max_row + 1
        for column in range(1, other.sheet.max_column + 1):
            self.sheet.cell(target, column).value = other.sheet.cell(source, column).value
        return self

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def upload(client, content: bytes, name="report.xlsx"):
    return client.post("/tracking/workbook/upload/", {"file": SimpleUploadedFile(name, content, XLSX)})


def preview_rows(upload_row) -> dict[str, dict]:
    return {row["recommendation"] or f"row {row['row']}": row for row in upload_row.summary["rows"]}


@pytest.fixture
def justice_work(world):
    """Five more recommendations led by Justice, one with a draft, one with a draft someone will edit."""
    extra = []
    for n in range(5):
        recommendation = RecommendationFactory(text=f"Justice recommendation {n}.")
        AssignmentFactory(recommendation=recommendation, institution=world.justice)
        extra.append(recommendation)
    draft = StatusUpdateFactory(
        recommendation=extra[1],
        institution=world.justice,
        narrative="First draft.",
        created_by=world.focal_justice,
    )
    edited = StatusUpdateFactory(
        recommendation=extra[4], institution=world.justice, narrative="Second draft."
    )
    IndicatorFactory(recommendation=extra[3], responsible_institution=world.justice, title="Trained judges")
    published = StatusUpdateFactory(
        recommendation=world.recommendation, institution=world.justice, published=True, narrative="Old news."
    )
    return {"extra": extra, "draft": draft, "edited": edited, "published": published}


def test_each_role_downloads_only_what_it_may_see(world):
    assigned_to_health = {world.recommendation.public_id, world.unpublished.public_id}
    assert references(download(signed_in(world.focal_justice))) == [world.recommendation.public_id]
    assert set(references(download(signed_in(world.focal_health)))) == assigned_to_health
    assert references(download(signed_in(world.validator_justice))) == [world.recommendation.public_id]
    everything = references(download(signed_in(world.coordinator)))
    assert sorted(everything) == sorted([world.recommendation.public_id, *assigned_to_health])
    assert set(references(download(signed_in(world.coordinator), institution=world.health.pk))) == (
        assigned_to_health
    )
    assert references(download(signed_in(world.cso))) == []
    refused = signed_in(world.focal_health).get(
        "/tracking/workbook/download/", {"institution": world.justice.pk}
    )
    assert refused.status_code == 403


def test_workbook_locks_what_the_tracker_knows_and_offers_drop_downs(world, justice_work):
    content = download(signed_in(world.focal_justice))
    workbook = load_workbook(io.BytesIO(content))
    instructions, sheet = workbook.worksheets
    assert instructions.title == "Instructions" and sheet.title == "Report"
    assert sheet.protection.sheet
    assert sheet.column_dimensions["A"].hidden
    row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == world.recommendation.public_id
    )
    for index, (name, _width, fill_in) in enumerate(COLUMNS, start=1):
        open_here = fill_in and name != "amount_spent"  # money spent is for actions' rows only
        assert sheet.cell(row, index).protection.locked is not open_here, name
    assert sheet.cell(row, FIELD_COLUMN["published_narrative"] + 1).value == "Old news."
    assert "baseline 20 (2020)" in sheet.cell(row, FIRST_INDICATOR + 1).value
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    status_column = f"{chr(ord('A') + FIELD_COLUMN['status'])}2"
    assert any(
        ref.startswith(status_column) and "In progress" in formula
        for ref, formula in lists.items()
        if formula
    )
    returned = justice_work["edited"]
    StatusUpdate.objects.filter(pk=returned.pk).update(state=StatusUpdate.State.SUBMITTED)
    status_update_return(update=returned, by=world.validator_justice, comment="Name the law.")
    sheet = report_sheet(load_workbook(io.BytesIO(download(signed_in(world.focal_justice)))))
    returned_row = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == returned.recommendation.public_id
    )
    assert returned_row[FIELD_COLUMN["draft"]].startswith("Returned, version 2")
    assert returned_row[FIELD_COLUMN["draft"]].endswith(": Name the law.")
    draft_row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == justice_work["extra"][1].public_id
    )
    assert sheet.cell(draft_row, FIELD_COLUMN["narrative"] + 1).value == "First draft."


def test_workbook_speaks_the_interface_language(world):
    client = signed_in(world.focal_justice)
    content = download(client, language="fr")
    workbook = load_workbook(io.BytesIO(content))
    assert [s.title for s in workbook.worksheets] == ["Instructions", "Rapport"]
    sheet = workbook.worksheets[1]
    assert sheet.cell(1, FIELD_COLUMN["narrative"] + 1).value == "Mesures prises"
    assert "En cours" in next(
        v.formula1 for v in sheet.data_validations.dataValidation if "Pas commencée" in (v.formula1 or "")
    )
    spanish = load_workbook(io.BytesIO(download(client, language="es")))
    assert spanish.worksheets[1].cell(1, FIELD_COLUMN["challenges"] + 1).value == "Dificultades"
    filled = Filler(content).fill(
        world.recommendation.public_id, status="Partiellement mise en œuvre", narrative="Loi votée."
    )
    response = upload(client, filled.save())
    assert response.status_code == 302
    rows = preview_rows(WorkbookUpload.objects.get())
    assert rows[world.recommendation.public_id]["outcome"] == "create"


def test_every_refusal_is_named_and_nothing_is_written_while_one_remains(world, justice_work):
    focal = signed_in(world.focal_justice)
    extra, draft, edited = justice_work["extra"], justice_work["draft"], justice_work["edited"]
    content = download(focal)
    colleague = Filler(download(signed_in(world.focal_health)))
    filled = (
        Filler(content)
        .fill(
            world.recommendation.public_id,
            status="Partially implemented",
            level="Law",
            narrative="Act adopted.",
            period_end=date(2025, 6, 30),
            value1=42,
        )
        .fill(extra[0].public_id, status="In progress", narrative="Bill drafted.")
        .fill(extra[1].public_id, narrative="First draft, completed.")
        .fill(extra[2].public_id, status="Almost done", narrative="?")
        .fill(extra[4].public_id, narrative="My version of the second draft.")
        .copy_row_from(colleague, world.unpublished.public_id)
        .fill(world.unpublished.public_id, status="In progress", narrative="Not ours to report.")
    )
    filled.fill(extra[3].public_id, status="In progress", value1="forty")
    # Meanwhile someone edits the second draft in the tracker.
    status_update_edit(
        update=edited, by=world.focal_justice, expected_version=edited.version, narrative="Edited online."
    )

    before = StatusUpdate.objects.count(), AuditEntry.objects.count()
    response = upload(focal, filled.save())
    assert response.status_code == 302
    uploaded = WorkbookUpload.objects.get()
    rows = preview_rows(uploaded)
    assert rows[world.recommendation.public_id]["outcome"] == "create"
    assert rows[extra[0].public_id]["outcome"] == "create"
    assert rows[extra[1].public_id]["outcome"] == "update"
    assert [r["code"] for r in rows[extra[2].public_id]["reasons"]] == ["unknown_status"]
    assert [r["code"] for r in rows[extra[3].public_id]["reasons"]] == ["not_a_number"]
    assert "forty" in rows[extra[3].public_id]["reasons"][0]["message"]
    assert [r["code"] for r in rows[extra[4].public_id]["reasons"]] == ["conflict"]
    assert "version 1, now 2" in rows[extra[4].public_id]["reasons"][0]["message"]
    other = next(
        r for r in uploaded.summary["rows"] if r["reasons"] and r["reasons"][0]["code"] == "not_assigned"
    )
    assert other["institution"] == ""  # Health's row: refused, and what it names is not told
    assert uploaded.summary["counts"] == {"create": 2, "update": 1, "unchanged": 0, "refused": 4}
    page = focal.get(f"/tracking/workbook/uploads/{uploaded.pk}/")
    assert "is not a status" in page.content.decode()
    assert (StatusUpdate.objects.count(), AuditEntry.objects.count()) == before

    refused = focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", follow=True)
    assert "Nothing was written" in refused.content.decode()
    assert (StatusUpdate.objects.count(), AuditEntry.objects.count()) == before
    edited.refresh_from_db()
    assert edited.narrative == "Edited online."  # the conflict overwrote nothing

    numbers = [r["row"] for r in uploaded.summary["rows"] if r["outcome"] == "refused"]
    partly = focal.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", {"leave_out": numbers[:-1]}, follow=True
    )
    assert "Nothing was written" in partly.content.decode()
    assert StatusUpdate.objects.count() == before[0]

    done = focal.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", {"leave_out": numbers}, follow=True
    )
    assert "3 drafts saved" in done.content.decode()
    uploaded.refresh_from_db()
    assert uploaded.state == WorkbookUpload.State.CONFIRMED
    written = {u.recommendation_id: u for u in uploaded.updates.all()}
    assert set(written) == {world.recommendation.pk, extra[0].pk, extra[1].pk}
    assert all(u.state == StatusUpdate.State.DRAFT for u in written.values())  # nothing submitted yet
    new = written[world.recommendation.pk]
    assert (new.status, new.level, new.narrative, new.period_end) == (
        "partially",
        "law",
        "Act adopted.",
        date(2025, 6, 30),
    )
    assert new.indicator_values.get().value == Decimal(42)
    assert new.indicator_values.get().date == date(2025, 6, 30)
    draft.refresh_from_db()
    assert (draft.pk, draft.narrative, draft.version) == (
        written[extra[1].pk].pk,
        "First draft, completed.",
        2,
    )
    actions = set(
        AuditEntry.objects.values_list("action", flat=True)[: AuditEntry.objects.count() - before[1]]
    )
    assert {
        "tracking.status_update.created",
        "tracking.status_update.edited",
        "indicators.value.recorded",
    } <= actions

    submitted = focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/submit/", follow=True)
    assert "3 drafts submitted" in submitted.content.decode()
    assert set(uploaded.updates.values_list("state", flat=True)) == {StatusUpdate.State.SUBMITTED}


def test_a_formula_that_failed_in_the_spreadsheet_is_refused(world):
    focal = signed_in(world.focal_justice)
    # What a spreadsheet saves for a formula it could not compute: the error as the cell's value.
    filled = Filler(download(focal)).fill(
        world.recommendation.public_id, status="In progress", challenges="#DIV/0!"
    )
    upload(focal, filled.save())
    [row] = WorkbookUpload.objects.get().summary["rows"]
    assert row["outcome"] == "refused"
    assert row["reasons"][0]["code"] == "cell_error" and "#DIV/0!" in row["reasons"][0]["message"]


def test_a_round_trip_without_changes_creates_nothing(world, justice_work):
    focal = signed_in(world.focal_justice)
    before = StatusUpdate.objects.count(), AuditEntry.objects.count()
    content = Filler(download(focal)).save()  # opened and saved again, as a spreadsheet program does
    upload(focal, content)
    uploaded = WorkbookUpload.objects.get()
    assert uploaded.summary["counts"] == {"create": 0, "update": 0, "unchanged": 6, "refused": 0}
    focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/")
    uploaded.refresh_from_db()
    assert uploaded.updates.count() == 0
    assert StatusUpdate.objects.count() == before[0]
    assert StatusUpdate.objects.get(pk=justice_work["draft"].pk).version == 1
    assert AuditEntry.objects.exclude(action="tracking.workbook_upload.confirmed").count() == before[1]


def test_a_draft_edited_between_preview_and_confirmation_is_a_conflict(world, justice_work):
    focal = signed_in(world.focal_justice)
    draft = justice_work["draft"]
    filled = Filler(download(focal)).fill(justice_work["extra"][1].public_id, narrative="From the workbook.")
    upload(focal, filled.save())
    uploaded = WorkbookUpload.objects.get()
    assert preview_rows(uploaded)[draft.recommendation.public_id]["outcome"] == "update"
    status_update_edit(update=draft, by=world.focal_justice, expected_version=1, narrative="Online.")
    response = focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", follow=True)
    html = response.content.decode()
    assert re.search(r"Nothing was written: row \d+ is refused", html)
    assert "The draft was edited in the tracker after this workbook was downloaded" in html  # new preview
    uploaded.refresh_from_db()
    assert uploaded.state == WorkbookUpload.State.PREVIEWED
    assert preview_rows(uploaded)[draft.recommendation.public_id]["outcome"] == "refused"
    draft.refresh_from_db()
    assert draft.narrative == "Online."


def test_files_that_are_not_reporting_workbooks_are_refused_clearly(world):
    focal = signed_in(world.focal_justice)
    response = upload(focal, b"%PDF-1.4 not a workbook", name="report.pdf")
    assert response.status_code == 400
    assert "could not be read as an Excel workbook" in response.content.decode()
    other = Workbook()
    other.active.append(["Recommendation", "Status"])
    buffer = io.BytesIO()
    other.save(buffer)
    response = upload(focal, buffer.getvalue())
    assert response.status_code == 400
    assert "not a reporting workbook" in response.content.decode()
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")  # cut short
    response = upload(focal, damaged.getvalue())
    assert response.status_code == 400
    assert "could not be read as an Excel workbook" in response.content.decode()
    assert not WorkbookUpload.objects.exists()


def test_a_file_too_large_is_refused_before_it_is_read(world, monkeypatch):
    focal = signed_in(world.focal_justice)
    content = download(focal)
    monkeypatch.setattr("tracking.workbook.services.MAX_BYTES", len(content) - 1)
    response = upload(focal, content)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not WorkbookUpload.objects.exists()


def test_previews_nobody_confirmed_are_forgotten_after_a_week(world):
    import datetime as dt

    from django.utils import timezone

    focal = signed_in(world.focal_justice)
    content = download(focal)
    upload(focal, content)
    stale = WorkbookUpload.objects.get()
    WorkbookUpload.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    upload(focal, content)
    assert list(WorkbookUpload.objects.values_list("pk", flat=True)) != [stale.pk]
    assert WorkbookUpload.objects.count() == 1


def test_only_the_uploader_confirms_and_outsiders_do_not_see_an_upload(world):
    focal = signed_in(world.focal_justice)
    upload(
        focal, Filler(download(focal)).fill(world.recommendation.public_id, status="Fully implemented").save()
    )
    uploaded = WorkbookUpload.objects.get()
    assert signed_in(world.focal_health).get(f"/tracking/workbook/uploads/{uploaded.pk}/").status_code == 404
    response = signed_in(world.coordinator).post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/")
    assert response.status_code == 403
    assert not StatusUpdate.objects.exists()


def _submitted_upload(world, justice_work):
    focal = signed_in(world.focal_justice)
    extra = justice_work["extra"]
    filled = (
        Filler(download(focal))
        .fill(world.recommendation.public_id, status="Fully implemented", narrative="Act in force.")
        .fill(extra[0].public_id, status="In progress", narrative="Bill drafted.")
    )
    upload(focal, filled.save())
    uploaded = WorkbookUpload.objects.get()
    focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/")
    focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/submit/")
    return uploaded, {u.recommendation_id: u for u in uploaded.updates.all()}


def test_validator_sees_the_upload_beside_the_published_status_and_decides_in_bulk(world, justice_work):
    uploaded, updates = _submitted_upload(world, justice_work)
    validator = signed_in(world.validator_justice)
    page = validator.get(f"/tracking/workbook/uploads/{uploaded.pk}/review/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Old news." in html and "Act in force." in html and "Nothing published yet" in html
    assert (
        signed_in(world.focal_health).get(f"/tracking/workbook/uploads/{uploaded.pk}/review/").status_code
        == 404
    )

    both = [u.pk for u in updates.values()]
    no_reason = validator.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/review/",
        {"chosen": both, "decision": "return", f"reason-{both[0]}": "Which law?"},
    )
    assert no_reason.status_code == 400
    assert "Say what needs to change for each update" in no_reason.content.decode()
    assert set(uploaded.updates.values_list("state", flat=True)) == {StatusUpdate.State.SUBMITTED}

    first, second = updates[world.recommendation.pk], updates[justice_work["extra"][0].pk]
    validator.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/review/",
        {"row": f"return:{second.pk}", f"reason-{second.pk}": "Add the bill's number."},
    )
    second.refresh_from_db()
    assert second.state == StatusUpdate.State.RETURNED
    assert AuditEntry.objects.filter(
        action="tracking.status_update.returned", object_id=second.pk, comment="Add the bill's number."
    ).exists()
    validator.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/review/", {"chosen": [first.pk], "decision": "approve"}
    )
    first.refresh_from_db()
    assert first.state == StatusUpdate.State.APPROVED


def test_validator_approves_every_update_of_an_upload_at_once(world, justice_work):
    uploaded, updates = _submitted_upload(world, justice_work)
    validator = signed_in(world.validator_justice)
    response = validator.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/review/",
        {"chosen": [u.pk for u in updates.values()], "decision": "approve"},
        follow=True,
    )
    assert "2 updates approved" in response.content.decode()
    assert set(uploaded.updates.values_list("state", flat=True)) == {StatusUpdate.State.APPROVED}


def test_the_api_offers_the_same_round_trip(world, justice_work):
    client = api_client(world.focal_justice)
    response = client.get("/api/v1/tracking/workbook/", {"language": "es"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(response.content)).worksheets[1].title == "Informe"
    filled = Filler(response.content).fill(world.recommendation.public_id, status="En curso", value1="12,5")
    filled.fill(justice_work["extra"][0].public_id, status="Unknown")
    preview = client.post(
        "/api/v1/tracking/workbook/uploads/", {"file": SimpleUploadedFile("r.xlsx", filled.save(), XLSX)}
    )
    assert preview.status_code == 201
    body = preview.json()
    assert body["counts"]["create"] == 1 and body["counts"]["refused"] == 1
    bad = next(r for r in body["rows"] if r["outcome"] == "refused")
    refused = client.post(
        f"/api/v1/tracking/workbook/uploads/{body['id']}/confirm/", {}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert f"row {bad['row']}" in refused.json()["error"]["fields"]
    assert StatusUpdate.objects.count() == 3  # the fixture's three
    confirmed = client.post(
        f"/api/v1/tracking/workbook/uploads/{body['id']}/confirm/",
        {"leave_out": [bad["row"]]},
        content_type="application/json",
    )
    assert confirmed.status_code == 200, confirmed.content
    [update_id] = confirmed.json()["updates"]
    update = StatusUpdate.objects.get(pk=update_id)
    assert (update.status, update.indicator_values.get().value) == ("in_progress", Decimal("12.5"))
    submitted = client.post(
        f"/api/v1/tracking/workbook/uploads/{body['id']}/submit/", content_type="application/json"
    )
    assert submitted.status_code == 200
    update.refresh_from_db()
    assert update.state == StatusUpdate.State.SUBMITTED
    assert (
        api_client(world.focal_health).get(f"/api/v1/tracking/workbook/uploads/{body['id']}/").status_code
        == 404
    )
    assert client.get("/api/v1/tracking/workbook/", {"institution": world.health.pk}).status_code == 403


def test_a_coordinator_downloads_a_cluster_or_a_working_group(world):
    from tests.factories import ThemeFactory, WorkingGroupFactory

    cluster = ThemeFactory(scheme="national", name="Group rights")
    world.recommendation.themes.add(cluster)
    group = WorkingGroupFactory(name="Justice group")
    group.recommendations.add(world.unpublished)
    coordinator = signed_in(world.coordinator)
    assert (
        sorted(references(download(coordinator, cluster=cluster.pk))) == [world.recommendation.public_id] * 2
    )
    assert references(download(coordinator, working_group=group.pk)) == [world.unpublished.public_id]
    assert Assignment.objects.count() == 3


@pytest.fixture
def plan_work(world):
    """An adopted plan: Justice leads action 1 (with an indicator and a published progress report) and
    action 2 (with a draft); Health leads action 3. A draft plan's action is in no workbook."""
    plan = make_plan()
    first = make_action(plan, world.justice, [world.recommendation], code="1", title="Table the bill")
    first.supporting_institutions.add(world.health)
    first.indicators.add(world.indicator)
    second = make_action(plan, world.justice, code="2", title="Train the judges", end_date=date(2025, 3, 31))
    health = make_action(plan, world.health, code="3", title="Open two clinics")
    hidden = make_action(make_plan(Plan.State.DRAFT, title="Draft plan"), world.justice, code="9")
    old = status_update_create(
        action=first, by=world.focal_justice, status="in_progress", narrative="Drafted."
    )
    status_update_submit(update=old, by=world.focal_justice)
    status_update_approve(update=old, by=world.validator_justice)
    status_update_publish(update=old, by=world.coordinator)
    draft = status_update_create(
        action=second, by=world.focal_justice, status="not_started", narrative="Curriculum planned."
    )
    return {
        "plan": plan,
        "first": first,
        "second": second,
        "health": health,
        "hidden": hidden,
        "draft": draft,
    }


def test_actions_of_adopted_plans_are_rows_for_their_lead_institution(world, plan_work):
    content = download(signed_in(world.focal_justice))
    sheet = report_sheet(load_workbook(io.BytesIO(content)))
    rows = {r[FIELD_COLUMN["reference"]]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {world.recommendation.public_id, "Action 1", "Action 2"}
    first = rows["Action 1"]
    assert first[FIELD_COLUMN["symbol"]] == plan_work["plan"].title
    assert first[FIELD_COLUMN["institution"]] == str(world.justice)
    text = first[FIELD_COLUMN["text"]]
    assert "Table the bill" in text and str(world.health) in text
    assert "From 2024-03-01 to 2025-06-30" in text and "120,000.00 KES" in text
    assert first[FIELD_COLUMN["published_status"]] == "In progress"
    assert first[FIELD_COLUMN["published_narrative"]] == "Drafted."
    assert world.indicator.title in first[FIRST_INDICATOR]
    assert rows["Action 2"][FIELD_COLUMN["narrative"]] == "Curriculum planned."
    assert rows["Action 2"][FIELD_COLUMN["draft"]].startswith("Draft, version 1")
    number = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == "Action 1")
    assert sheet.cell(number, FIELD_COLUMN["amount_spent"] + 1).protection.locked is False
    health = references(download(signed_in(world.focal_health)))
    assert "Action 3" in health and "Action 1" not in health
    coordinator = signed_in(world.coordinator)
    plan_only = references(download(coordinator, plan=plan_work["plan"].pk))
    answered = [world.recommendation.public_id] * Assignment.objects.filter(
        recommendation=world.recommendation
    ).count()  # the recommendation the plan answers, once per institution assigned to it
    assert sorted(plan_only) == sorted([*answered, "Action 1", "Action 2", "Action 3"])
    draft_plan = coordinator.get("/tracking/workbook/download/", {"plan": plan_work["hidden"].plan_id})
    assert draft_plan.status_code == 400  # only adopted plans are offered
    assert "plan" not in signed_in(world.focal_justice).get("/tracking/workbook/").context["download"].fields


def test_an_action_row_filled_in_becomes_action_progress_through_the_workflow(world, plan_work):
    focal = signed_in(world.focal_justice)
    first, draft = plan_work["first"], plan_work["draft"]
    colleague = Filler(download(signed_in(world.focal_health)))
    filled = (
        Filler(download(focal))
        .fill(
            "Action 1",
            status="Partially implemented",
            narrative="Bill tabled in Parliament.",
            challenges="Committee backlog.",
            period_end=date(2025, 5, 31),
            amount_spent="45000,50",
            value1=12,
        )
        .fill("Action 2", narrative="Curriculum written.", amount_spent=1000)
        .copy_row_from(colleague, "Action 3")
        .fill("Action 3", status="In progress", narrative="Not ours.")
    )
    before = StatusUpdate.objects.count(), AuditEntry.objects.count()
    assert upload(focal, filled.save()).status_code == 302
    uploaded = WorkbookUpload.objects.get()
    rows = preview_rows(uploaded)
    assert rows["Action 1"]["outcome"] == "create" and rows["Action 1"]["kind"] == "action"
    assert rows["Action 1"]["url"] == reverse("plans:action", args=[first.pk])
    assert rows["Action 2"]["outcome"] == "update"
    assert "Money spent" in rows["Action 2"]["changes"]
    foreign = next(r for r in uploaded.summary["rows"] if r["outcome"] == "refused")
    assert [r["code"] for r in foreign["reasons"]] == ["not_assigned"] and foreign["institution"] == ""
    page = focal.get(f"/tracking/workbook/uploads/{uploaded.pk}/")
    assert page.status_code == 200 and "Action 1" in page.content.decode()
    assert (StatusUpdate.objects.count(), AuditEntry.objects.count()) == before

    assert (
        "Nothing was written"
        in focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", follow=True).content.decode()
    )
    assert StatusUpdate.objects.count() == before[0]
    done = focal.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", {"leave_out": [foreign["row"]]}, follow=True
    )
    assert "2 drafts saved" in done.content.decode()
    new = StatusUpdate.objects.get(action=first, state=StatusUpdate.State.DRAFT)
    assert (new.status, new.narrative, new.challenges, new.amount_spent, new.institution_id) == (
        "partially",
        "Bill tabled in Parliament.",
        "Committee backlog.",
        Decimal("45000.50"),
        world.justice.pk,
    )
    assert new.recommendation_id is None
    assert (new.indicator_values.get().value, new.indicator_values.get().date) == (
        Decimal(12),
        date(2025, 5, 31),
    )
    draft.refresh_from_db()
    assert (draft.narrative, draft.amount_spent, draft.version) == ("Curriculum written.", Decimal(1000), 2)
    assert not StatusUpdate.objects.filter(action=plan_work["health"]).exists()
    assert AuditEntry.objects.filter(action="tracking.status_update.created", object_id=new.pk).exists()
    assert AuditEntry.objects.filter(action="tracking.status_update.edited", object_id=draft.pk).exists()

    focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/submit/")
    validator = signed_in(world.validator_justice)
    review = validator.get(f"/tracking/workbook/uploads/{uploaded.pk}/review/")
    html = review.content.decode()
    assert review.status_code == 200
    assert "Bill tabled in Parliament." in html and "Drafted." in html  # beside the last published one
    assert "45000.5" in html
    approved = validator.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/review/", {"row": f"approve:{new.pk}"}, follow=True
    )
    assert "1 updates approved" in approved.content.decode()
    new.refresh_from_db()
    assert new.state == StatusUpdate.State.APPROVED
    returned = validator.post(
        f"/tracking/workbook/uploads/{uploaded.pk}/review/", {"row": f"return:{draft.pk}"}
    )
    assert returned.status_code == 400  # a return needs its reason
    assert (
        "Say what needs to change for each update you return: 2 Train the judges" in returned.content.decode()
    )


def test_an_action_draft_edited_meanwhile_is_a_conflict_and_money_must_be_an_amount(world, plan_work):
    focal = signed_in(world.focal_justice)
    draft = plan_work["draft"]
    filled = (
        Filler(download(focal))
        .fill("Action 2", narrative="From the workbook.")
        .fill("Action 1", status="In progress", amount_spent=-5)
    )
    status_update_edit(update=draft, by=world.focal_justice, expected_version=1, narrative="Online.")
    upload(focal, filled.save())
    rows = preview_rows(WorkbookUpload.objects.get())
    assert [r["code"] for r in rows["Action 2"]["reasons"]] == ["conflict"]
    assert "version 1, now 2" in rows["Action 2"]["reasons"][0]["message"]
    assert [r["code"] for r in rows["Action 1"]["reasons"]] == ["not_an_amount"]
    draft.refresh_from_db()
    assert draft.narrative == "Online."


def test_a_large_workbook_is_confirmed_by_a_worker_and_a_conflict_meanwhile_writes_nothing(
    world, justice_work, monkeypatch
):
    """Above ``INLINE_ROWS`` the request only queues the writing (through the outbox); the worker plans
    again and writes, or, when the tracker changed meanwhile, writes nothing and says why."""
    from tracking.workbook import services

    monkeypatch.setattr(services, "INLINE_ROWS", 1)
    sent = []
    monkeypatch.setattr(services.outbox, "send", lambda task, *args, **kw: sent.append((task, args)))
    focal = signed_in(world.focal_justice)
    extra, draft = justice_work["extra"], justice_work["draft"]
    filled = (
        Filler(download(focal))
        .fill(extra[0].public_id, status="In progress", narrative="Bill drafted.")
        .fill(extra[1].public_id, narrative="From the workbook.")
    )
    upload(focal, filled.save())
    uploaded = WorkbookUpload.objects.get()
    before = StatusUpdate.objects.count()
    page = focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", follow=True)
    assert "being written as drafts in the background" in page.content.decode()
    assert 'id="confirming"' in page.content.decode()
    uploaded.refresh_from_db()
    assert uploaded.state == WorkbookUpload.State.CONFIRMING
    assert sent == [("tracking.tasks.workbook_confirm_task", (uploaded.pk,))]
    assert StatusUpdate.objects.count() == before  # nothing written in the request
    again = focal.post(f"/tracking/workbook/uploads/{uploaded.pk}/confirm/", follow=True)
    assert "confirmed already" in again.content.decode()

    status_update_edit(update=draft, by=world.focal_justice, expected_version=1, narrative="Online.")
    assert services.workbook_upload_confirm_queued(uploaded.pk) is False
    uploaded.refresh_from_db()
    assert uploaded.state == WorkbookUpload.State.PREVIEWED
    assert "Nothing was written" in uploaded.problem
    assert [r["code"] for r in preview_rows(uploaded)[extra[1].public_id]["reasons"]] == ["conflict"]
    assert StatusUpdate.objects.count() == before and uploaded.updates.count() == 0
    assert (
        "The confirmation in the background stopped."
        in focal.get(f"/tracking/workbook/uploads/{uploaded.pk}/").content.decode()
    )

    monkeypatch.setattr(services, "INLINE_ROWS", 0)
    number = preview_rows(uploaded)[extra[1].public_id]["row"]
    queued = services.workbook_upload_confirm(upload=uploaded, by=world.focal_justice, leave_out=[number])
    assert queued is None and StatusUpdate.objects.count() == before
    assert services.workbook_upload_confirm_queued(uploaded.pk) is True
    assert services.workbook_upload_confirm_queued(uploaded.pk) is False  # a second delivery does nothing
    uploaded.refresh_from_db()
    assert (uploaded.state, uploaded.problem) == (WorkbookUpload.State.CONFIRMED, "")
    [written] = uploaded.updates.all()
    assert (written.recommendation_id, written.narrative, written.state) == (
        extra[0].pk,
        "Bill drafted.",
        "draft",
    )
    assert AuditEntry.objects.filter(action="tracking.status_update.created", object_id=written.pk).exists()


def test_a_worker_that_fails_leaves_a_preview_that_says_so_not_a_workbook_being_written(
    world, monkeypatch, caplog
):
    from tracking.workbook import services

    monkeypatch.setattr(services, "INLINE_ROWS", 0)
    monkeypatch.setattr(services.outbox, "send", lambda *args, **kwargs: None)
    focal = signed_in(world.focal_justice)
    upload(focal, Filler(download(focal)).fill(world.recommendation.public_id, status="In progress").save())
    uploaded = WorkbookUpload.objects.get()
    assert services.workbook_upload_confirm(upload=uploaded, by=world.focal_justice) is None

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_write", broken)
    assert services.workbook_upload_confirm_queued(uploaded.pk) is False
    uploaded.refresh_from_db()
    assert uploaded.state == WorkbookUpload.State.PREVIEWED
    assert "could not write this workbook" in uploaded.problem
    assert "the confirmation failed" in caplog.text
    assert not StatusUpdate.objects.exists()


def test_a_hidden_key_or_a_posted_row_number_in_other_digits_is_refused_not_a_server_error(world):
    """``str.isdigit()`` accepts "²", which ``int()`` then refuses: keys and row numbers are read as
    ASCII digits."""
    from tracking.workbook.sources import SOURCES
    from tracking.workbook.writer import RowKey

    assert RowKey.parse("recommendation:1:²:1::x") is None
    assert RowKey.parse("recommendation:1:0:1:²:x") is None
    assert all(source.resolve(["²", "٣"]) == {} for source in SOURCES.values())
