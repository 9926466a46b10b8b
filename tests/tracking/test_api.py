"""A ministry's own system reports through the API with a token, under the same rules as the web forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tracking.models import StatusUpdate

from .conftest import api_client
from .test_evidence import PDF

BASE = "/api/v1/tracking/status-updates/"


@pytest.fixture
def payload(world):
    return {
        "recommendation": world.recommendation.public_id,
        "institution": world.justice.pk,
        "status": "in_progress",
        "narrative": "Reported by the ministry's system.",
        "links": [{"url": "https://example.org/a"}],
        "indicator_values": [{"indicator": world.indicator.pk, "date": "2025-06-30", "value": "35"}],
    }


def test_a_focal_point_token_creates_submits_and_the_rules_hold(world, payload):
    focal = api_client(world.focal_justice)
    created = focal.post(BASE, payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "draft" and body["transitions"] == ["submit"]
    assert body["indicator_values"][0]["value"] == "35.0000"

    upload = focal.post(f"{BASE}{body['id']}/evidence/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert upload.status_code == 201 and upload.json()["evidence"][0]["content_type"] == "application/pdf"

    edited = focal.patch(
        f"{BASE}{body['id']}/", {"version": 1, "narrative": "Edited."}, content_type="application/json"
    )
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = focal.patch(
        f"{BASE}{body['id']}/", {"version": 1, "narrative": "Stale."}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"

    assert focal.post(f"{BASE}{body['id']}/submit/").json()["state"] == "submitted"
    refused = focal.post(f"{BASE}{body['id']}/approve/")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    approved = api_client(world.validator_justice).post(f"{BASE}{body['id']}/approve/")
    assert approved.json()["state"] == "approved"
    assert api_client(world.coordinator).post(f"{BASE}{body['id']}/publish/").json()["state"] == "published"


def test_another_institution_cannot_report_or_see_drafts(world, payload):
    other = api_client(world.focal_health)
    assert other.post(BASE, payload, content_type="application/json").status_code == 403
    update = StatusUpdate.objects.create(
        recommendation=world.recommendation, institution=world.justice, status="in_progress"
    )
    assert other.get(f"{BASE}{update.pk}/").status_code == 404
    assert other.post(f"{BASE}{update.pk}/submit/").status_code == 404
    assert [u["id"] for u in other.get(BASE).json()["results"]] == []


def test_the_api_needs_a_token(client):
    assert client.get(BASE).status_code in (401, 403)


def test_indicator_values_on_their_own(world):
    response = api_client(world.focal_justice).post(
        "/api/v1/tracking/indicator-values/",
        {"indicator": world.indicator.pk, "date": "2025-12-31", "value": "60"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    refused = api_client(world.cso).post(
        "/api/v1/tracking/indicator-values/",
        {"indicator": world.indicator.pk, "date": "2026-01-31", "value": "61"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_write_side_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert "/api/v1/tracking/status-updates/{id}/approve/" in paths
    assert "requestBody" in paths["/api/v1/tracking/status-updates/"]["post"]
