"""Signed-in pages are private to shared caches; the coordinator publishes from the admin's list
(issue 13, finding 14)."""

from django.test import Client
from django.urls import reverse

from recommendations.models import Recommendation
from tests.conftest import signed_in
from tests.factories import RecommendationFactory, UserFactory
from tests.tracking.conftest import api_client


def test_signed_in_pages_and_token_answers_are_private_to_shared_caches(world):
    for response in (
        signed_in(world.focal_justice).get(reverse("tracking:my")),
        signed_in(world.cso).get(reverse("recommendations:home")),
        api_client(world.focal_justice).get("/api/v1/tracking/status-updates/"),
    ):
        assert "private" in response["Cache-Control"]
    assert "private" not in Client().get(reverse("recommendations:home")).get("Cache-Control", "")


def test_the_demo_coordinator_reaches_the_recommendation_list_and_publishes_the_selected(world):
    """The demo coordinator (staff, is_coordinator, no model permissions) got 403 on this list."""
    coordinator = UserFactory(username="nia", is_staff=True, coordinator=True)
    waiting = RecommendationFactory(is_published=False)
    client = signed_in(coordinator)
    listing = client.get("/admin/recommendations/recommendation/")
    assert listing.status_code == 200
    assert "Publish the selected recommendations" in listing.text
    assert client.get(f"/admin/recommendations/recommendation/{waiting.pk}/change/").status_code == 200
    answer = client.post(
        "/admin/recommendations/recommendation/", {"action": "publish", "_selected_action": [waiting.pk]}
    )
    assert answer.status_code == 302
    assert Recommendation.objects.get(pk=waiting.pk).is_published
    # Staff who are not coordinators still need Django's permissions.
    staff = signed_in(UserFactory(is_staff=True))
    assert staff.get("/admin/recommendations/recommendation/").status_code == 403
