import pytest
from django.db import IntegrityError

from participation.models import Assessment
from participation.selectors import recommendation_ids_where_assessments_disagree
from recommendations.models import Recommendation
from search.services import search_index_refresh
from tests.factories import RecommendationFactory, StatusUpdateFactory
from tests.participation.conftest import approve_all, logged_in

pytestmark = pytest.mark.django_db


def assess(client, recommendation, status, rationale="Our monitoring.", **extra):
    data = {"status": status, "level": "law", "rationale": rationale, **extra}
    return client.post(f"/participation/recommendations/{recommendation.public_id}/assessment/", data)


def test_an_assessment_is_shown_beside_the_government_status_once_approved(client, world, member_client):
    response = assess(
        member_client, world.recommendation, "not_started", evidence_links="https://example.org/r"
    )
    assert response.status_code == 302
    voices = client.get(world.page).content.decode().split('id="civil-society"')[1]
    assert "No organisation has published an assessment yet." in voices

    approve_all(world)
    voices = client.get(world.page).content.decode().split('id="civil-society"')[1]
    government, civil_society = voices.split("Civil society says")
    assert "In progress" in government.split("Government says")[1]
    assert "Not started" in civil_society and "Women&#x27;s Rights Watch" in civil_society
    assert 'href="https://example.org/r"' in civil_society
    assert "differs from the government" in voices


def test_one_current_assessment_per_organisation_with_its_history(client, world):
    nhri = logged_in(world.trusted_member)
    assess(nhri, world.recommendation, "not_started", "First look.")
    assess(nhri, world.recommendation, "partially", "Second look.")
    current = Assessment.objects.current().get()
    assert current.status == "partially" and Assessment.objects.count() == 2
    history = client.get(
        f"/participation/recommendations/{world.recommendation.public_id}/assessments/{world.nhri.pk}/"
    ).content.decode()
    assert history.index("Second look.") < history.index("First look.")
    with pytest.raises(IntegrityError):
        Assessment.objects.filter(pk=Assessment.objects.exclude(pk=current.pk).get().pk).update(
            is_current=True
        )


def test_a_new_submission_replaces_the_one_awaiting_moderation(world, member_client):
    assess(member_client, world.recommendation, "not_started", "Draft one.")
    assess(member_client, world.recommendation, "in_progress", "Draft two.")
    assert Assessment.objects.get().rationale == "Draft two."


def test_the_disagreement_filter_compares_with_the_latest_published_government_status(client, world):
    nhri = logged_in(world.trusted_member)
    agreeing = RecommendationFactory()
    StatusUpdateFactory(recommendation=agreeing, status="in_progress", published=True)
    silent = RecommendationFactory()  # no government status: nothing to disagree with
    assess(nhri, world.recommendation, "not_started")
    assess(nhri, agreeing, "in_progress")
    assess(nhri, silent, "not_started")
    ids = set(
        Recommendation.objects.filter(pk__in=recommendation_ids_where_assessments_disagree()).values_list(
            "pk", flat=True
        )
    )
    assert ids == {world.recommendation.pk}

    body = client.get("/api/v1/participation/assessments/?disagree=1").json()
    assert [(row["recommendation"], row["status"], row["government_status"]) for row in body["results"]] == [
        (world.recommendation.public_id, "not_started", "in_progress")
    ]


def found_in_search(client, **filters) -> dict[str, dict]:
    body = client.get("/api/v1/recommendations/", filters).json()
    return {row["public_id"]: row for row in body["results"]}


def test_the_search_filters_on_civil_society_and_shows_both_voices(client, world, member_client):
    """Every publication refreshes the search index: no rebuild after the first one (an import's)."""
    agreeing = RecommendationFactory()
    StatusUpdateFactory(recommendation=agreeing, status="in_progress", published=True)
    silent = RecommendationFactory()
    search_index_refresh()
    assert set(found_in_search(client, civil_society="none")) == {
        r.public_id for r in (world.recommendation, agreeing, silent)
    }
    nhri = logged_in(world.trusted_member)
    assess(nhri, agreeing, "in_progress")
    assess(nhri, silent, "not_started")
    assess(member_client, world.recommendation, "not_started")  # awaits moderation: not public yet

    def found(value):
        return found_in_search(client, civil_society=value)

    assert found("disagrees") == {}
    assert set(found("agrees")) == {agreeing.public_id}
    assert set(found("unanswered")) == {silent.public_id}
    assert set(found("none")) == {world.recommendation.public_id}

    approve_all(world)
    disagreeing = found("disagrees")
    assert set(disagreeing) == {world.recommendation.public_id}
    row = disagreeing[world.recommendation.public_id]
    assert row["current_status"] == "in_progress"
    assert [(a["organisation"], a["status"]) for a in row["civil_society"]] == [
        ("Women's Rights Watch", "not_started")
    ]
    facet = client.get("/api/v1/recommendations/facets/").json()["facets"]["civil_society"]
    assert {value["value"]: value["count"] for value in facet if value["count"]} == {
        "agrees": 1,
        "disagrees": 1,
        "unanswered": 1,
    }

    page = client.get("/search/", {"civil_society": "disagrees"}).content.decode()
    result = page.split('class="result-list"')[1]
    assert "Government:" in result and "In progress" in result
    assert "Civil society:" in result and "Women&#x27;s Rights Watch" in result and "Not started" in result


def test_a_draft_government_status_never_counts_or_shows(client, world):
    """The world has a draft "fully implemented" report: it must not be the government's voice."""
    assess(logged_in(world.trusted_member), world.recommendation, "fully")
    page = client.get(world.page).content.decode()
    assert "SECRET" not in page
    assert recommendation_ids_where_assessments_disagree().filter(pk=world.recommendation.pk).exists()


def test_members_post_assessments_through_the_api(world):
    client = logged_in(world.member)
    response = client.post(
        "/api/v1/participation/assessments/",
        {
            "recommendation": world.recommendation.public_id,
            "status": "partially",
            "rationale": "Seen in court.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["moderation"] == "pending"
    response = client.post(
        "/api/v1/participation/assessments/",
        {"recommendation": world.unpublished.public_id, "status": "partially", "rationale": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
