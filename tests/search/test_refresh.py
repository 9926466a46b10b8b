"""The search index follows what the public can see without a rebuild: each service that changes a
facet refreshes the recommendations it touched once its transaction commits."""

import pytest

from institutions.services import assignment_create, cluster_add_recommendations
from recommendations.demo import demo_seed
from reference.models import Theme
from search.services import search_index_refresh
from tests.factories import InstitutionFactory, RecommendationFactory, StatusUpdateFactory, UserFactory
from tracking.models import StatusUpdate
from tracking.services import status_update_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(db):
    recommendation = RecommendationFactory(text="Strengthen the independence of the judiciary.")
    search_index_refresh()
    return recommendation


def found(client, **filters) -> set[str]:
    body = client.get("/api/v1/recommendations/", filters).json()
    return {row["public_id"] for row in body["results"]}


def test_publishing_a_status_update_moves_the_recommendation_to_its_status(
    client, indexed, django_capture_on_commit_callbacks
):
    update = StatusUpdateFactory(
        recommendation=indexed, status="partially", state=StatusUpdate.State.APPROVED
    )
    assert found(client, status="none") == {indexed.public_id}
    with django_capture_on_commit_callbacks(execute=True):
        status_update_publish(update=update, by=UserFactory(coordinator=True))
    assert found(client, status="partially") == {indexed.public_id}
    assert found(client, status="none") == set()


def test_assigning_an_institution_and_clustering_show_in_the_facets(
    client, indexed, django_capture_on_commit_callbacks
):
    coordinator = UserFactory(coordinator=True)
    institution = InstitutionFactory()
    cluster = Theme.objects.create(scheme=Theme.Scheme.NATIONAL, name="Justice reform", code="justice")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(recommendation=indexed, institution=institution, by=coordinator)
    assert found(client, institution=institution.pk) == {indexed.public_id}
    with django_capture_on_commit_callbacks(execute=True):
        cluster_add_recommendations(
            cluster=cluster, recommendations=type(indexed).objects.filter(pk=indexed.pk), by=coordinator
        )
    assert found(client, theme=cluster.pk) == {indexed.public_id}


def test_the_demo_data_is_searchable_as_soon_as_it_is_seeded(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_seed()
    assert found(client, state_under_review="KEN")
    assert found(client, civil_society="disagrees"), "the demo shows the two voices disagreeing"
