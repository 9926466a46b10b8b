"""The plans API: public reads, the coordinator's writes, progress through the tracking API."""

from tests.tracking.conftest import api_client


def test_reads_follow_the_portal_rule(planned, client):
    plans = client.get("/api/v1/plans/plans/").json()
    assert [p["id"] for p in plans["results"]] == [planned.plan.pk]
    action = client.get(f"/api/v1/plans/actions/{planned.action.pk}/").json()
    assert action["recommendations"] == [planned.recommendation.public_id]
    assert client.get(f"/api/v1/plans/actions/{planned.draft_action.pk}/").status_code == 404
    planned.action.recommendations.add(planned.unpublished)  # an unpublished one stays out of sight
    action = client.get(f"/api/v1/plans/actions/{planned.action.pk}/").json()
    assert action["recommendations"] == [planned.recommendation.public_id]
    assert "/api/v1/plans/actions/" in client.get("/api/schema/").content.decode()


def test_writes_are_the_coordinators(planned):
    body = {"title": "New plan", "period_start": "2025-01-01", "period_end": "2029-12-31"}
    focal = api_client(planned.focal_justice).post("/api/v1/plans/plans/", body)
    assert focal.json()["error"]["code"] == "forbidden"
    coordinator = api_client(planned.coordinator)
    created = coordinator.post("/api/v1/plans/plans/", body, content_type="application/json")
    assert created.status_code == 201
    bad = {
        "plan": created.json()["id"],
        "title": "A",
        "lead_institution": planned.justice.pk,
        "start_date": "2024-01-01",
        "end_date": "2025-01-01",
        "budget_amount": "5",
    }
    refused = coordinator.post("/api/v1/plans/actions/", bad, content_type="application/json")
    assert refused.status_code == 400 and "start_date" in refused.json()["error"]["fields"]


def test_progress_is_reported_and_published_through_the_tracking_api(planned):
    focal = api_client(planned.focal_justice)
    created = focal.post(
        "/api/v1/tracking/status-updates/",
        {"action": planned.action.pk, "status": "in_progress", "amount_spent": "1000"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    update = created.json()
    assert update["action"] == planned.action.pk and update["institution"] == planned.justice.pk
    assert focal.post(f"/api/v1/tracking/status-updates/{update['id']}/submit/").status_code == 200
    assert (
        api_client(planned.validator_justice)
        .post(f"/api/v1/tracking/status-updates/{update['id']}/approve/")
        .status_code
        == 200
    )
    assert (
        api_client(planned.coordinator)
        .post(f"/api/v1/tracking/status-updates/{update['id']}/publish/")
        .status_code
        == 200
    )
    progress = api_client(planned.cso).get(f"/api/v1/plans/actions/{planned.action.pk}/progress/").json()
    assert [p["id"] for p in progress] == [update["id"]]
    neither = focal.post(
        "/api/v1/tracking/status-updates/", {"status": "fully"}, content_type="application/json"
    )
    assert neither.status_code == 400
