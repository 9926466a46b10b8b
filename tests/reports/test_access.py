"""Who may request, see and download which report, and what a public-scope report may contain."""

import csv
import io

import openpyxl
from django.test import Client

from reports.models import Kind, ReportJob
from tests.conftest import signed_in

from .conftest import SECRET, api_client, job_bytes, request_report


def _all_text(job) -> str:
    workbook = openpyxl.load_workbook(job_bytes(job))
    return str([list(sheet.iter_rows(values_only=True)) for sheet in workbook])


def test_requester_and_coordinators_download_the_file_others_do_not(world):
    job = request_report(world.focal_justice, Kind.GRID, "xlsx", state="KEN")
    url = f"/reports/jobs/{job.pk}/download/"
    for user in (world.focal_justice, world.coordinator):
        response = signed_in(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="grid-ken-{job.pk}.xlsx"'
        assert openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert signed_in(world.focal_health).get(url).status_code == 404
    assert signed_in(world.focal_health).get(f"/reports/jobs/{job.pk}/status/").status_code == 404
    assert Client().get(url).status_code == 302  # to sign in


def test_the_reports_page_lists_only_ones_own_jobs(world):
    mine = request_report(world.focal_justice, Kind.GRID, "csv", state="KEN")
    theirs = request_report(world.focal_health, Kind.GRID, "csv", state="KEN")
    page = signed_in(world.focal_justice).get("/reports/").content.decode()
    assert f'id="job-{mine.pk}"' in page
    assert f'id="job-{theirs.pk}"' not in page
    assert f"/reports/jobs/{mine.pk}/download/" in page


def test_someone_not_a_coordinator_gets_published_data_only_whatever_they_ask(world):
    job = request_report(world.focal_justice, Kind.MATRIX, "xlsx", state="KEN", published_only="")
    assert job.scope["published_only"] is True
    assert SECRET not in _all_text(job)


def test_a_coordinator_may_include_unpublished_recommendations_but_never_draft_statuses(world):
    job = request_report(world.coordinator, Kind.MATRIX, "xlsx", state="KEN", published_only="")
    text = _all_text(job)
    assert f"{SECRET} recommendation not yet published." in text
    assert f"{SECRET} draft" not in text  # statuses are always the published ones


def test_public_scope_is_the_default_even_for_coordinators(world):
    job = request_report(world.coordinator, Kind.GRID, "xlsx", state="KEN")
    assert job.scope["published_only"] is True
    assert SECRET not in _all_text(job)


def test_scope_filters_narrow_the_report(world):
    job = request_report(world.coordinator, Kind.GRID, "csv", state="KEN", response="noted")
    rows = list(csv.reader(io.StringIO(job_bytes(job).read().decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["142.2"]
    job = request_report(world.coordinator, Kind.GRID, "csv", state="KEN", status="in_progress")
    assert "142.1" in job_bytes(job).read().decode("utf-8-sig")
    job = request_report(world.coordinator, Kind.GRID, "csv", institution=str(world.justice.pk))
    content = job_bytes(job).read().decode("utf-8-sig")
    assert "142.1" in content and "142.2" not in content
    job = request_report(world.coordinator, Kind.GRID, "csv", theme=str(world.economic.pk), state="KEN")
    content = job_bytes(job).read().decode("utf-8-sig")
    assert "142.1" in content and "142.2" not in content


def test_the_api_answers_202_with_the_jobs_url_then_its_status_then_the_file(world):
    client = api_client(world.focal_justice)
    response = client.post(
        "/api/v1/reports/",
        {"kind": "grid", "format": "xlsx", "scope": {"state": "KEN", "cycle": 2}},
        content_type="application/json",
    )
    assert response.status_code == 202
    job = ReportJob.objects.get()
    url = f"http://testserver/api/v1/reports/{job.pk}/"
    assert response["Location"] == url and response.json()["url"] == url
    state = client.get(url).json()
    assert (state["status"], state["progress"], state["rows_total"]) == ("done", 100, 2)
    assert state["download_url"] == url + "file/"
    download = client.get(state["download_url"])
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Grid"]
    assert sheet["D4"].value == "142.1"
    assert api_client(world.focal_health).get(url).status_code == 404


def test_the_api_explains_a_bad_request(world):
    client = api_client(world.focal_justice)
    response = client.post(
        "/api/v1/reports/",
        {"kind": "open_data", "format": "pdf", "scope": {}},
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid")
    assert error["fields"]["format"] == ["The Open data dump comes as CSV, JSON, XLSX."]
    response = client.post(
        "/api/v1/reports/",
        {"kind": "grid", "format": "xlsx", "scope": {"state": "XXX", "cycle": "two"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "state": ["There is no state with the ISO code 'XXX'."],
        "cycle": ["Give the UPR cycle as a number."],
    }
    assert Client().post("/api/v1/reports/", {}).status_code in (401, 403)


def test_a_file_not_ready_yet_is_refused_with_the_reason(world):
    job = ReportJob.objects.create(kind=Kind.GRID, fmt="xlsx", requested_by=world.focal_justice)
    response = api_client(world.focal_justice).get(f"/api/v1/reports/{job.pk}/file/")
    assert response.status_code == 409
    assert response.json() == {
        "error": {"status": 409, "code": "not_ready", "message": "The report is still being generated."}
    }
    page = signed_in(world.focal_justice).get(f"/reports/jobs/{job.pk}/download/")
    assert page.status_code == 409
    assert page.content.decode() == "The report is still being generated."


def test_a_one_year_update_of_an_unpublished_recommendation_is_refused_as_if_unknown(world):
    client = api_client(world.focal_justice)

    def one_year(public_id):
        return client.post(
            "/api/v1/reports/",
            {"kind": "one_year", "format": "docx", "scope": {"recommendations": [public_id]}},
            content_type="application/json",
        )

    unpublished, unknown = one_year(world.secret.public_id), one_year("RNOPE00000")
    assert (unpublished.status_code, unknown.status_code) == (400, 400)
    assert unpublished.json()["error"]["fields"] == {
        "recommendations": [f"Unknown recommendation(s): {world.secret.public_id}."]
    }
    assert unknown.json()["error"]["fields"] == {
        "recommendations": ["Unknown recommendation(s): RNOPE00000."]
    }
    assert not ReportJob.objects.exists()
    # A coordinator asking for unpublished data may pick it.
    job = request_report(
        world.coordinator, Kind.ONE_YEAR, "docx", recommendations=world.secret.public_id, published_only=""
    )
    assert job.scope["recommendations"] == [world.secret.public_id]
