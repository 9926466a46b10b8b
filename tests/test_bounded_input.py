"""Hostile input answers 400 or an empty result, never 500 (issue 13, finding 11).

Unicode digits (``²`` passes ``str.isdigit()`` and fails ``int()``), NUL bytes (PostgreSQL refuses them
in any string), numbers too long for a bigint, JSON nested thousands deep and bodies past the size limit.
``tests/tracking/test_query_parameters.py`` walks every GET route with generated query strings; these are
the cases the attack found, kept as plain regression tests.
"""

import json

import pytest

from tests.conftest import signed_in
from tests.factories import InstitutionFactory, RecommendationFactory, UserFactory
from upr_tracker.numbers import is_number, number

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return signed_in(UserFactory(), raise_request_exception=False)


@pytest.mark.parametrize(
    "url",
    [
        "/search/?page=²",
        "/search/?page=99999999999999999999999",
        "/search/?year=²",
        "/participation/feeds/theme/²/",
        "/participation/feeds/institution/99999999999999999999999/",
        "/api/v1/participation/assessments/?organisation=²",
        "/api/v1/recommendations/?year=²&page=²",
    ],
)
def test_unicode_digits_and_huge_numbers_never_fail(client, url):
    RecommendationFactory()
    assert client.get(url).status_code in (200, 400, 404)


@pytest.mark.parametrize(
    "url", ["/tracking/?institution=²", "/tracking/?institution=99999999999999999999999"]
)
def test_the_tracking_page_ignores_an_institution_that_is_no_number(person, url):
    assert person.get(url).status_code == 200


def test_the_report_form_answers_404_for_an_institution_that_is_no_number(person):
    recommendation = RecommendationFactory()
    InstitutionFactory()
    url = f"/tracking/recommendations/{recommendation.public_id}/report/?institution=²"
    assert person.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/recommendations/R%00/",
        "/search/?q=a%00b",
        "/search/?state_under_review=KEN%00",
        "/api/v1/recommendations/?q=%00",
        "/participation/feeds/state/K%00N/",
    ],
)
def test_a_nul_byte_in_the_address_or_a_filter_is_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_byte_in_an_api_body_is_refused_in_the_api_format(person):
    response = person.post(
        "/api/v1/reports/", '{"kind": "grid\\u0000", "format": "csv"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_deeply_nested_json_is_refused(person):
    for depth in (50, 100_000):
        body = "[" * depth + "]" * depth
        response = person.post("/api/v1/reports/", body, content_type="application/json")
        assert response.status_code == 400, depth
        assert "nested" in response.json()["error"]["message"]


def test_a_json_body_past_the_size_limit_is_refused(person, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"kind": "grid", "format": "csv", "scope": {"state": "K" * 2000}})
    response = person.post("/api/v1/reports/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The request is too large."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("007", 7),
        ("²", None),
        ("٣", None),
        ("1 ", None),
        ("12\n", None),
        ("-1", None),
        ("", None),
    ],
)
def test_a_number_is_ascii_digits_only(value, expected):
    assert number(value) == expected
    assert is_number(value) is (expected is not None)


def test_a_number_fits_a_database_id():
    assert is_number("9" * 18) and not is_number("9" * 19)
