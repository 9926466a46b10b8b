"""Publishing from the admin, and admin edits, reach the search without a rebuild."""

import pytest
from django.contrib.auth.models import Permission

from institutions.models import Assignment
from recommendations.models import Recommendation
from search.services import search_index_refresh
from tests.conftest import signed_in
from tests.factories import AssignmentFactory, RecommendationFactory, UserFactory
from tracking.models import AuditEntry

pytestmark = pytest.mark.django_db


def found(client, **filters) -> set[str]:
    return {row["public_id"] for row in client.get("/api/v1/recommendations/", filters).json()["results"]}


def test_the_publish_action_publishes_records_and_reindexes(client, django_capture_on_commit_callbacks):
    waiting = [RecommendationFactory(is_published=False) for _ in range(2)]
    search_index_refresh()
    assert found(client) == set()
    admin = signed_in(UserFactory(superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/recommendations/recommendation/",
            {"action": "publish", "_selected_action": [r.pk for r in waiting]},
        )
    assert response.status_code == 302
    assert found(client) == {r.public_id for r in waiting}
    assert AuditEntry.objects.filter(action="recommendations.recommendation.published").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            "/admin/recommendations/recommendation/",
            {"action": "unpublish", "_selected_action": [waiting[0].pk]},
        )
    assert found(client) == {waiting[1].public_id}
    assert not Recommendation.objects.get(pk=waiting[0].pk).is_published


def test_publishing_is_for_coordinators(client):
    waiting = RecommendationFactory(is_published=False)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_recommendation", "change_recommendation"])
    )
    response = signed_in(staff).post(
        "/admin/recommendations/recommendation/", {"action": "publish", "_selected_action": [waiting.pk]}
    )
    assert response.status_code == 403
    assert not Recommendation.objects.get(pk=waiting.pk).is_published


def test_deleting_an_assignment_in_the_admin_updates_the_institution_filter(
    client, django_capture_on_commit_callbacks
):
    assignment = AssignmentFactory()
    search_index_refresh()
    institution = assignment.institution_id
    assert found(client, institution=institution) == {assignment.recommendation.public_id}
    admin = signed_in(UserFactory(superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/institutions/assignment/{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Assignment.objects.exists()
    assert found(client, institution=institution) == set()
