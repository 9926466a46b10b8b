"""The public plan pages, the recommendation page, planning from a search, the workspace block."""

import datetime as dt

from plans.models import Action, Plan
from tests.conftest import signed_in
from tests.factories import IndicatorFactory, RecommendationFactory
from tracking.models import StatusUpdate


def test_the_public_sees_adopted_plans_with_timeline_table_and_budget(planned, client):
    StatusUpdate.objects.create(
        action=planned.action,
        institution=planned.justice,
        status="in_progress",
        narrative="Bill tabled.",
        state="published",
        published_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        amount_spent=30000,
    )
    StatusUpdate.objects.create(
        action=planned.action, institution=planned.justice, status="fully", narrative="Secret draft."
    )
    page = client.get(f"/plans/{planned.plan.pk}/").content.decode()
    assert "<svg" in page and planned.action.title in page
    assert "<table" in page and "30 Jun 2025" in page  # the reader's date format
    assert "120,000" in page and "KES" in page
    assert "Bill tabled." in page and "Secret draft." not in page
    assert planned.recommendation.public_id in page
    assert client.get("/plans/").content.decode().count(planned.plan.title) == 1
    assert client.get(f"/plans/{planned.draft.pk}/").status_code == 404
    assert planned.draft.title not in client.get("/plans/").content.decode()


def test_the_recommendation_page_lists_the_actions_addressing_it(planned, client):
    page = client.get(f"/recommendations/{planned.recommendation.public_id}/").content.decode()
    assert planned.action.title in page and planned.plan.title in page
    Plan.objects.filter(pk=planned.plan.pk).update(state="draft")
    page = client.get(f"/recommendations/{planned.recommendation.public_id}/").content.decode()
    assert planned.action.title not in page


def test_the_coordinator_creates_an_action_for_recommendations_picked_from_a_search(planned):
    picked = [RecommendationFactory(text=f"Abolish the death penalty ({n}).") for n in range(3)]
    other = RecommendationFactory(text="Abolish the death penalty for minors.")
    indicator = IndicatorFactory(recommendation=picked[0], title="Executions a year")
    coordinator = signed_in(planned.coordinator)
    ids = " ".join(r.public_id for r in [*picked, other])
    query = f"?public_ids={ids}"
    page = coordinator.get(f"/plans/from-search/{query}")
    assert page.status_code == 200 and other.public_id in page.content.decode()
    response = coordinator.post(
        f"/plans/from-search/{query}",
        {
            "do": "create",
            "pick": [r.pk for r in picked],
            "plan": planned.plan.pk,
            "title": "Draft a bill abolishing the death penalty",
            "lead_institution": planned.justice.pk,
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "budget_amount": "50000",
            "budget_currency": "USD",
            "budget_source": "donor",
            "indicators": [indicator.pk],
        },
    )
    action = Action.objects.get(title="Draft a bill abolishing the death penalty")
    assert response.status_code == 302
    assert set(action.recommendations.all()) == set(picked)
    assert list(action.indicators.all()) == [indicator]
    response = coordinator.post(
        f"/plans/from-search/{query}", {"do": "add", "pick": [other.pk], "action": action.pk}
    )
    assert response.status_code == 302 and action.recommendations.count() == 4


def test_a_bad_action_from_a_search_says_why_and_creates_nothing(planned):
    picked = RecommendationFactory()
    coordinator = signed_in(planned.coordinator)
    response = coordinator.post(
        f"/plans/from-search/?public_ids={picked.public_id}",
        {
            "do": "create",
            "pick": [picked.pk],
            "plan": planned.plan.pk,
            "title": "Outside the period",
            "lead_institution": planned.justice.pk,
            "start_date": "2030-01-01",
            "end_date": "2030-12-31",
        },
    )
    assert response.status_code == 400
    assert "period" in response.content.decode()
    assert not Action.objects.filter(title="Outside the period").exists()


def test_the_coordinators_workspace_shows_coverage_and_focal_points_their_due_actions(planned):
    page = signed_in(planned.coordinator).get("/tracking/").content.decode()
    assert "Addressed by an action of an adopted plan" in page
    Action.objects.filter(pk=planned.action.pk).update(end_date=dt.date.today() + dt.timedelta(days=3))
    page = signed_in(planned.focal_justice).get("/tracking/").content.decode()
    assert planned.action.title in page
    assert planned.action.title not in signed_in(planned.focal_health).get("/tracking/").content.decode()


def test_the_coverage_page_takes_a_scope(planned):
    page = signed_in(planned.coordinator).get(f"/plans/coverage/?institution={planned.justice.pk}")
    assert page.status_code == 200 and planned.recommendation.public_id not in page.content.decode()
