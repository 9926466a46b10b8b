"""After importing UPR Info's real export, the API counts what the files say.

The expectations are computed here from the CSV files themselves (Mac Roman, CR line endings), never
written down as constants: distinct rows, since the importer stores a row repeated exactly once.
"""

import csv
import io

import pytest

from recommendations.services import recommendations_import_files
from reference.models import Theme
from search.services import search_index_refresh
from tests.shared_data import UPR_INFO as DATA

FILES = sorted(DATA.glob("*.csv")) if DATA.is_dir() else []

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.skipif(not FILES, reason=f"UPR Info export not found in {DATA}"),
]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    distinct = {}
    for path in FILES:
        text = path.read_bytes().decode("mac_roman").replace("\r\n", "\n").replace("\r", "\n")
        for row in csv.DictReader(io.StringIO(text)):
            distinct[tuple(row.items())] = row
    return list(distinct.values())


@pytest.fixture
def imported(db):
    report = recommendations_import_files(
        files=[(path.name, path.read_bytes()) for path in FILES], format="upr-info", encoding="mac_roman"
    )
    assert report.ok, report.summary()
    search_index_refresh()


def api_count(client, **filters) -> int:
    response = client.get("/api/v1/recommendations/", {**filters, "page_size": 1})
    assert response.status_code == 200, response.content
    return response.json()["count"]


def test_counts_match_the_files(client, imported, rows):
    death_penalty = Theme.objects.get(scheme="upr-info", name="Death penalty")

    def issues(row):
        return {issue.strip() for issue in row["Issue"].split(",")}

    expectations = [
        ({}, len(rows)),
        (
            {"state_under_review": "FRA", "response": "noted"},
            sum(row["To"] == "France" and row["Response"] == "Noted" for row in rows),
        ),
        ({"response": "supported"}, sum(row["Response"] == "Accepted" for row in rows)),
        (
            {"session": "7", "action_category": "5"},
            sum(row["Session"] == "7" and row["Action"] == "5" for row in rows),
        ),
        ({"theme": str(death_penalty.pk)}, sum("Death penalty" in issues(row) for row in rows)),
        (
            {"theme": str(death_penalty.pk), "response": "noted", "cycle": "1"},
            sum("Death penalty" in issues(row) and row["Response"] == "Noted" for row in rows),
        ),
    ]
    for filters, expected in expectations:
        assert api_count(client, **filters) == expected, filters


def test_facet_counts_match_the_files(client, imported, rows):
    facets = client.get("/api/v1/recommendations/facets/", {"state_under_review": "FRA"}).json()["facets"]
    responses = {value["value"]: value["count"] for value in facets["response"]}
    france = [row for row in rows if row["To"] == "France"]
    expected = {
        "supported": sum(row["Response"] == "Accepted" for row in france),
        "noted": sum(row["Response"] == "Noted" for row in france),
    }
    assert responses == {value: count for value, count in expected.items() if count}
    sessions = {value["value"]: value["count"] for value in facets["session"]}
    assert sessions == {row["Session"]: sum(r["Session"] == row["Session"] for r in france) for row in france}
