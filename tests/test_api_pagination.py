"""Every list in the API pages with bounded ``limit`` and ``offset`` (the project's default pagination)."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from institutions.models import Institution

from .conftest import token_key
from .factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def list_paths() -> list[str]:
    """The API's list endpoints, found in its OpenAPI schema: those taking ``limit``."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        path
        for path, operations in schema["paths"].items()
        if "{" not in path
        and any(parameter["name"] == "limit" for parameter in operations.get("get", {}).get("parameters", []))
    )


@pytest.fixture
def coordinator():
    """A client with a coordinator's token: every list is open to it, without a second factor."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_key(UserFactory(coordinator=True))}")
    return client


def test_every_list_refuses_an_unbounded_page(coordinator):
    paths = list_paths()
    assert {
        "/api/v1/tracking/status-updates/",
        "/api/v1/tracking/indicator-values/",
        "/api/v1/participation/comments/",
        "/api/v1/participation/assessments/",
        "/api/v1/participation/organisations/",
        "/api/v1/states/",
        "/api/v1/institutions/",
    } <= set(paths)
    for path in paths:
        page = coordinator.get(path, {"limit": 10**6})
        assert page.status_code == 200, path
        assert {"count", "next", "previous", "results"} <= page.json().keys(), path
        assert len(page.json()["results"]) <= 500, path
        too_far = coordinator.get(path, {"offset": 10**30})
        assert too_far.status_code == 400, path
        assert "offset" in too_far.json()["error"]["fields"], path


def test_a_page_holds_at_most_500_rows(coordinator):
    Institution.objects.bulk_create(InstitutionFactory.build_batch(501))
    page = coordinator.get("/api/v1/institutions/", {"limit": 10**6}).json()
    assert page["count"] == 501
    assert len(page["results"]) == 500
    assert "limit=500" in page["next"]
