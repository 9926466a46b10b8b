"""Bulk actions on a selection made with the search engine: words, every facet, identifiers, a cluster."""

import pytest
from django.urls import reverse

from institutions.models import Assignment
from reference.models import Theme
from search.services import search_index_refresh
from tests.conftest import signed_in
from tests.factories import RecommendationFactory, ReviewFactory, ThemeFactory, _state


@pytest.fixture
def kenya(world):
    """Kenya's recommendations on women's rights and on the death penalty, and one of Brazil's on women."""
    review = ReviewFactory(state=_state("KEN"))
    women = Theme.objects.get(scheme=Theme.Scheme.UPR_INFO, code="womens-rights")
    found = [RecommendationFactory(review=review, themes=[women]) for _ in range(2)]
    death_penalty = RecommendationFactory(review=review, themes=["death-penalty"])
    brazil_women = RecommendationFactory(themes=[women])
    search_index_refresh()
    world.women, world.kenya_women, world.kenya_death_penalty, world.brazil_women = (
        women,
        found,
        death_penalty,
        brazil_women,
    )
    return world


def bulk_url(**query) -> str:
    return reverse("tracking:bulk_assign") + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def test_bulk_assign_by_search_filters_assigns_exactly_the_recommendations_they_match(kenya):
    coordinator = signed_in(kenya.coordinator)
    url = bulk_url(state_under_review="KEN", theme=kenya.women.pk)
    page = coordinator.get(url)
    assert page.status_code == 200 and page.context["count"] == 2
    assert "<code>state_under_review=KEN</code>" in page.text
    assert f'href="/search/?state_under_review=KEN&amp;theme={kenya.women.pk}"' in page.text
    assert f'action="?state_under_review=KEN&amp;theme={kenya.women.pk}"' in page.text
    before = set(Assignment.objects.values_list("pk", flat=True))
    response = coordinator.post(
        url, {"action": "assign", "institution": kenya.health.pk, "role": "lead", "frequency": "once"}
    )
    assert response.status_code == 302
    assigned = Assignment.objects.exclude(pk__in=before).filter(institution=kenya.health, role="lead")
    assert set(assigned.values_list("recommendation", flat=True)) == {r.pk for r in kenya.kenya_women}
    assert Assignment.objects.exclude(pk__in=before).count() == 2


def test_search_identifiers_and_cluster_together_select_what_meets_all_of_them(kenya):
    coordinator = signed_in(kenya.coordinator)
    ids = " ".join(r.public_id for r in [*kenya.kenya_women, kenya.kenya_death_penalty, kenya.unpublished])
    cluster = ThemeFactory(name="Gender equality")
    page = coordinator.get(reverse("tracking:bulk_assign"), {"q": "violence women", "public_ids": ids})
    assert page.context["count"] == 3  # the search reaches published recommendations only
    response = coordinator.post(
        reverse("tracking:bulk_assign") + "?" + page.context["query"] + f"&theme={kenya.women.pk}",
        {"action": "group", "cluster": cluster.pk},
    )
    assert response.status_code == 302
    assert set(cluster.recommendations.all()) == set(kenya.kenya_women)
    by_ids = coordinator.get(reverse("tracking:bulk_assign"), {"public_ids": kenya.unpublished.public_id})
    assert by_ids.context["count"] == 1  # identifiers alone reach unpublished ones too


def test_an_unknown_search_value_answers_400_with_the_message_and_changes_nothing(kenya):
    coordinator = signed_in(kenya.coordinator)
    page = coordinator.get(bulk_url(state_under_review="XXX"))
    assert page.status_code == 400
    assert "This search cannot be run:" in page.text and "Unknown value: XXX" in page.text
    before = Assignment.objects.count()
    response = coordinator.post(
        bulk_url(state_under_review="XXX", q="women"),
        {"action": "assign", "institution": kenya.health.pk, "role": "lead", "frequency": "once"},
    )
    assert response.status_code == 400 and Assignment.objects.count() == before


def test_a_bulk_action_takes_at_most_the_limit_and_asks_to_narrow_the_selection(kenya, monkeypatch):
    monkeypatch.setattr("tracking.views.BULK_ACTION_LIMIT", 2)
    coordinator = signed_in(kenya.coordinator)
    url = bulk_url(state_under_review="KEN")
    page = coordinator.get(url)
    assert page.context["count"] == 3
    assert "A bulk action takes at most 2 recommendations" in page.text and 'name="action"' not in page.text
    before = Assignment.objects.count()
    response = coordinator.post(
        url, {"action": "assign", "institution": kenya.health.pk, "role": "lead", "frequency": "once"}
    )
    assert response.status_code == 400 and Assignment.objects.count() == before
    assert "Narrow the selection" in response.text


def test_the_search_page_offers_bulk_actions_to_the_coordinator_only(kenya, client):
    query = {"q": "women", "state_under_review": "KEN"}
    links = [
        f'href="{reverse(name)}?q=women&amp;state_under_review=KEN"'
        for name in ("tracking:bulk_assign", "participation:consultation_create")
    ]
    page = signed_in(kenya.coordinator).get("/search/", query).text
    assert "With these 3 results:" in page and all(link in page for link in links)
    for visitor in (client, signed_in(kenya.focal_justice)):
        page = visitor.get("/search/", query).text
        assert "3 recommendations" in page and not any(link in page for link in links)
