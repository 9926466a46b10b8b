import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.models import Assessment, Comment
from recommendations.importers import parse_files
from recommendations.models import Recommendation
from reports.models import ReportJob
from tests.factories import (
    CommentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    StatusUpdateFactory,
    UserFactory,
)
from tracking.models import ImplementationStatus

from .conftest import SECRET

pytestmark = pytest.mark.django_db
LIST = "/api/v1/recommendations/"


def test_list_filters_with_iso_codes_and_returns_what_a_result_shows(client, world):
    response = client.get(
        LIST, {"state_under_review": "FRA", "cycle": 2, "response": "noted", "q": "death penalty"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["sort"] == "relevance"
    [result] = data["results"]
    assert result["public_id"] == world.abolish.public_id
    assert result["state_under_review"] == {"iso3": "FRA", "name": "France"}
    assert result["cycle"] == 2 and result["session"] == 13 and result["mechanism"] == "UPR"
    assert result["current_status"] == "fully"
    assert "<mark>death</mark>" in result["highlight"]
    assert {s["iso3"] for s in result["recommending_states"]} == {"URY", "MEX"}
    assert result["institutions"] == [
        {"id": world.ministry_of_justice.pk, "name": "Ministry of Justice", "role": "lead"}
    ]
    assert result["url"].endswith(f"/api/v1/recommendations/{world.abolish.public_id}/")


def test_pagination_is_stable_with_links(client, world):
    first = client.get(LIST, {"page_size": 4}).json()
    assert first["pages"] == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["next"] is None
    everything = client.get(LIST, {"page_size": 100}).json()["results"]
    assert [r["public_id"] for r in first["results"] + second["results"]] == [
        r["public_id"] for r in everything
    ]


def test_facets_endpoint_and_facets_in_the_list_agree(client, world):
    facets = client.get(f"{LIST}facets/", {"response": "noted"}).json()
    assert facets["count"] == 2
    responses = {v["value"]: v["count"] for v in facets["facets"]["response"]}
    assert responses == {"supported": 3, "noted": 2, "none": 1}
    listed = client.get(LIST, {"response": "noted", "facets": "true"}).json()
    assert listed["facets"] == facets["facets"]


@pytest.mark.parametrize("query", [{}, {"q": "death"}, {"q": "women", "sdg_goal": "5"}])
def test_the_number_of_queries_does_not_grow_with_the_page(client, world, query):
    client.get(LIST)  # loads this process's facet index: once, not per request
    counts = []
    for page_size in (1, 100):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST, {**query, "page_size": page_size, "facets": "true"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_detail_shows_only_published_history_and_approved_comments(client, world):
    CommentFactory(
        recommendation=world.abolish, body="We welcome this.", moderation=Comment.Moderation.APPROVED
    )
    CommentFactory(recommendation=world.abolish, body=f"{SECRET} pending comment")
    indicator = IndicatorFactory(recommendation=world.abolish)
    IndicatorValueFactory(indicator=indicator, value=55)
    draft = StatusUpdateFactory(recommendation=world.abolish, status="partially")
    IndicatorValueFactory(indicator=indicator, value=99, status_update=draft)
    response = client.get(f"{LIST}{world.abolish.public_id}/")
    assert response.status_code == 200
    data = response.json()
    assert [update["status"] for update in data["status_history"]] == ["fully", "in_progress"]
    assert [comment["body"] for comment in data["comments"]] == ["We welcome this."]
    assert [value["value"] for value in data["indicators"][0]["values"]] == ["55.0000"]
    assert data["current_status"] == "fully"
    assert SECRET not in response.content.decode()


def test_nothing_unpublished_anywhere(client, world):
    assert client.get(f"{LIST}{world.secret.public_id}/").status_code == 404
    for path in (LIST, f"{LIST}facets/", f"{LIST}export.csv", f"{LIST}export.xlsx"):
        response = client.get(path, {"q": "death", "page_size": 100})
        assert response.status_code == 200
        assert SECRET.encode() not in (
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    states = client.get(f"{LIST}facets/").json()["facets"]["recommending_state"]
    assert "NZL" not in {value["value"] for value in states}


def test_every_error_has_one_format(client, world):
    invalid = client.get(LIST, {"state_under_review": "XYZ", "page_size": 5})
    assert invalid.status_code == 400
    error = invalid.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert "XYZ" in error["message"] and "state_under_review" in error["fields"]
    too_big = client.get(LIST, {"page_size": 1000}).json()["error"]
    assert too_big["status"] == 400 and "page_size" in too_big["fields"]
    for path in (f"{LIST}RNOTHERE/", "/api/v1/nothing/", "/api/v1/states/XXX/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_anonymous_clients_are_throttled_politely(client, world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    for _ in range(3):
        assert client.get("/api/v1/states/").status_code == 200
    response = client.get(LIST)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"


def test_downloads_have_their_own_anonymous_limit(client, world, settings):
    rates = {"anon": "100/minute", "anon_export": "2/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    for _ in range(2):
        assert client.get(f"{LIST}export.csv").status_code == 200
    response = client.get(f"{LIST}export.xlsx")
    assert response.status_code == 429 and response.json()["error"]["code"] == "throttled"
    assert client.get(LIST).status_code == 200, "searching goes on"


def test_a_workbook_too_large_is_refused_with_the_way_out(client, world, monkeypatch):
    monkeypatch.setattr("search.exports.XLSX_MAX_ROWS", 3)
    error = client.get(f"{LIST}export.xlsx").json()["error"]
    assert error["status"] == 400 and error["code"] == "too_large"
    assert "download CSV" in error["message"]
    assert client.get(f"{LIST}export.xlsx", {"state_under_review": "URY"}).status_code == 200


def test_csv_import_template_is_the_native_format_and_imports_again(client, world):
    query = {"state_under_review": "FRA", "sort": "oldest", "layout": "template"}
    response = client.get(f"{LIST}export.csv", query)
    assert response.status_code == 200
    assert "recommendations-import-template-" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["public_id"] for row in rows][0] == world.women.public_id
    assert len(rows) == 4
    parsed = parse_files([("export.csv", content)], format="native")
    assert not parsed.errors and len(parsed.rows) == 4


def _readable(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_download_of_a_filtered_search_has_readable_columns_and_the_address(client, world):
    organisation = OrganisationFactory(name="Ensemble contre la peine de mort")
    Assessment.objects.create(
        organisation=organisation,
        recommendation=world.abolish,
        status=ImplementationStatus.IN_PROGRESS,
        rationale="The law passed; practice lags.",
        moderation=Assessment.Moderation.APPROVED,
        is_current=True,
        published_at=timezone.now(),
    )
    response = client.get(f"{LIST}export.csv", {"state_under_review": "FRA", "response": "noted"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="recommendations-2')
    rows = {row["Identifier"]: row for row in _readable(response)}
    abolish = rows[world.abolish.public_id]
    assert abolish["Address"] == f"{settings.SITE_URL}/recommendations/{world.abolish.public_id}/"
    assert (abolish["State under review"], abolish["State code"]) == ("France", "FRA")
    assert (abolish["Mechanism code"], abolish["Session"], abolish["Year"]) == ("UPR", "13", "2012")
    assert abolish["Mechanism"] and abolish["Mechanism"] != "UPR"
    assert abolish["Recommending states"] == "Mexico; Uruguay"
    assert (abolish["Response"], abolish["Implementation status"]) == ("Noted", "Fully implemented")
    assert abolish["Civil society's assessment"] == "Ensemble contre la peine de mort: In progress"
    assert "Justice and the courts" in abolish["Themes"]
    assert all(row["Response"] == "Noted" for row in rows.values())
    assert SECRET not in str(rows)


def test_no_downloaded_cell_runs_as_a_formula_and_the_template_imports_it_back(client, world):
    formula = '=HYPERLINK("http://example.org/x","click")'
    Recommendation.objects.filter(pk=world.debate.pk).update(text=formula, paragraph="@SUM(1)")
    [row] = [
        r for r in _readable(client.get(f"{LIST}export.csv")) if r["Identifier"] == world.debate.public_id
    ]
    assert (row["Recommendation"], row["Paragraph"]) == ("'" + formula, "'@SUM(1)")
    template = b"".join(client.get(f"{LIST}export.csv", {"layout": "template"}).streaming_content)
    assert f"'{formula}".replace('"', '""').encode() in template
    parsed = parse_files([("export.csv", template)], format="native")
    assert formula in [row.text for row in parsed.rows]
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(f"{LIST}export.xlsx").streaming_content))
    )
    cell = next(c for c in workbook.active["K"] if c.value and "HYPERLINK" in c.value)
    assert (cell.value, cell.data_type) == (formula, "s")  # text, as written: XLSX needs no apostrophe


def test_xlsx_download_has_a_frozen_filtered_header(client, world):
    response = client.get(f"{LIST}export.xlsx", {"q": "death"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Identifier", "Address", "State under review") and len(rows) == 3
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:R3"
    template = client.get(f"{LIST}export.xlsx", {"q": "death", "layout": "template"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content))).active.values)
    assert rows[0][0] == "public_id" and len(rows) == 3


def test_a_large_workbook_is_a_report_job_with_a_status_url(client, world, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
    monkeypatch.setattr("search.exports.XLSX_INLINE_MAX_ROWS", 3)
    error = client.get(f"{LIST}export.xlsx").json()["error"]
    assert (error["status"], error["code"]) == (403, "sign_in_required") and "CSV" in error["message"]
    user = UserFactory()
    client.force_login(user)
    response = client.get(f"{LIST}export.xlsx", {"mechanism": "UPR"})
    assert response.status_code == 202
    job = ReportJob.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/reports/{job.pk}/"
    assert (job.kind, job.requested_by, job.scope["search"]) == ("search", user, "mechanism=UPR")
    state = client.get(response["Location"]).json()  # eager here: the worker has run it already
    assert state["status"] == "done" and state["rows_total"] == 5
    download = client.get(state["download_url"])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "Identifier" and len(rows) == 6 and sheet.freeze_panes == "A2"
    assert {row[5] for row in rows[1:]} == {"UPR"}


def test_the_search_page_links_a_large_workbook_to_the_reports_page(client, world, monkeypatch):
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())
    monkeypatch.setattr("search.exports.XLSX_INLINE_MAX_ROWS", 3)
    monkeypatch.setattr("recommendations.views.XLSX_INLINE_MAX_ROWS", 3)
    page = client.get("/search/", {"mechanism": "UPR"}).content.decode()
    assert "/reports/?kind=search&amp;format=xlsx&amp;search=mechanism%3DUPR" in page
    assert "layout=template" in page
    client.force_login(UserFactory())
    form = client.get("/reports/?kind=search&format=xlsx&search=mechanism%3DUPR").content.decode()
    assert 'name="search" value="mechanism=UPR"' in form
    response = client.post("/reports/", {"kind": "search", "format": "xlsx", "search": "mechanism=UPR"})
    assert response.status_code == 302
    assert ReportJob.objects.get().rows_total == 5


def test_reference_endpoints(client, world):
    assert client.get("/api/v1/states/fra/").json()["name"] == "France"
    assert client.get("/api/v1/mechanisms/CEDAW/").status_code == 200
    assert client.get("/api/v1/sessions/13/").json()["cycle"] == 2
    assert client.get(f"/api/v1/themes/{world.justice.pk}/").json()["parent"] == world.rights.pk
    assert client.get("/api/v1/sdg-goals/5/").status_code == 200
    assert client.get("/api/v1/sdg-targets/5.2/").json()["goal"] == 5
    assert (
        client.get(f"/api/v1/institutions/{world.ministry_of_health.pk}/").json()["name"]
        == "Ministry of Health"
    )
    IndicatorFactory(recommendation=world.secret, title=f"{SECRET} indicator")
    visible = IndicatorFactory(recommendation=world.debate)
    indicators = client.get("/api/v1/indicators/").json()["results"]
    assert [indicator["id"] for indicator in indicators] == [visible.pk]


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/recommendations/facets/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "drf_spectacular_sidecar" in docs
    assert "cdn" not in docs.lower()


def test_out_of_range_paging_is_a_client_error(client, world):
    assert client.get("/api/v1/states/", {"limit": 10**30, "offset": -5}).status_code == 200
    response = client.get("/api/v1/themes/", {"offset": 10**30})
    assert response.status_code == 400 and "offset" in response.json()["error"]["fields"]
    assert client.get(LIST, {"page": 10**30}).json()["error"]["fields"].keys() == {"page"}
