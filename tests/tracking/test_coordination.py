"""The coordinator's tools: assignments one at a time or in bulk, clusters, working groups, indicators."""

import pytest
from django.urls import reverse

from indicators.models import Indicator
from institutions import services
from institutions.models import Assignment
from search.services import search_index_refresh
from tests.conftest import signed_in
from tests.factories import (
    RecommendationFactory,
    StatusUpdateFactory,
    ThemeFactory,
    UserFactory,
    WorkingGroupFactory,
)
from tracking.audit import history_for
from upr_tracker import access
from upr_tracker.errors import ApplicationError, Forbidden


def test_assigning_is_for_the_coordinator_and_on_record(world):
    rec = RecommendationFactory()
    with pytest.raises(Forbidden):
        services.assignment_create(recommendation=rec, institution=world.justice, by=world.focal_justice)
    assignment = services.assignment_create(
        recommendation=rec, institution=world.justice, by=world.coordinator
    )
    entry = history_for(assignment).get()
    assert entry.action == "institutions.assignment.created" and entry.actor == world.coordinator
    with pytest.raises(ApplicationError):  # a second lead
        services.assignment_create(recommendation=rec, institution=world.health, by=world.coordinator)
    services.assignment_edit(assignment=assignment, by=world.coordinator, frequency="annual")
    assert history_for(assignment).first().changes == {"frequency": ["once", "annual"]}


def test_bulk_assign_takes_every_recommendation_of_a_search_and_skips_those_with_a_lead(world):
    for n in range(3):
        RecommendationFactory(text=f"Ratify the Optional Protocol to CAT ({n}).")
    search_index_refresh()
    coordinator = signed_in(world.coordinator)
    found = coordinator.get(reverse("tracking:bulk_assign"), {"q": "Optional Protocol"})
    assert found.context["count"] == 3 and "Ratify the Optional Protocol" in found.text
    page = coordinator.post(
        reverse("tracking:bulk_assign") + "?q=Optional+Protocol",
        {
            "action": "assign",
            "institution": world.health.pk,
            "role": "lead",
            "frequency": "semiannual",
        },
    )
    assert page.status_code == 302
    assert (
        Assignment.objects.filter(institution=world.health, recommendation__text__contains="Optional").count()
        == 3
    )
    assigned, skipped = services.assignment_bulk_assign(
        recommendations=world.recommendation.__class__.objects.filter(text__contains="Optional"),
        institution=world.justice,
        by=world.coordinator,
    )
    assert (assigned, skipped) == (0, 3)
    assert signed_in(world.focal_justice).get(reverse("tracking:bulk_assign")).status_code == 403


def test_grouping_into_a_cluster_and_a_working_group_shows_the_group_its_recommendations(world):
    cluster, group = ThemeFactory(name="Group rights"), WorkingGroupFactory()
    member = UserFactory(username="wg.member")
    group.members.add(member)
    group.clusters.add(cluster)
    recs = world.recommendation.__class__.objects.filter(pk=world.unpublished.pk)
    assert (
        services.cluster_add_recommendations(cluster=cluster, recommendations=recs, by=world.coordinator) == 1
    )
    assert list(access.recommendations_assigned_to(member)) == [world.unpublished]
    assert access.can_view_recommendation(member, world.unpublished)
    draft = StatusUpdateFactory(recommendation=world.unpublished, institution=world.health)
    submitted = StatusUpdateFactory(
        recommendation=world.unpublished, institution=world.health, state="submitted"
    )
    visible = set(access.status_updates_visible_to(member))
    assert submitted in visible and draft not in visible
    assert not access.can_edit_update(member, submitted)


def test_the_coordinator_defines_a_smart_indicator_for_a_recommendation_or_a_cluster(world):
    coordinator = signed_in(world.coordinator)
    url = reverse("tracking:indicator_create") + f"?recommendation={world.recommendation.public_id}"
    data = {
        "title": "Child marriages registered",
        "unit": "per 1,000",
        "baseline_value": "12",
        "baseline_year": "2020",
        "target_value": "2",
        "target_date": "2030-12-31",
        "frequency": "annual",
        "responsible_institution": world.justice.pk,
        "sdg_indicator_code": "5.3.1",
    }
    assert coordinator.post(url, data).status_code == 302
    indicator = Indicator.objects.get(title="Child marriages registered")
    assert indicator.progress(7) == 50.0  # halfway down from 12 to 2
    cluster = ThemeFactory()
    cluster_url = reverse("tracking:indicator_create") + f"?cluster={cluster.pk}"
    assert coordinator.post(cluster_url, data | {"title": "Cluster-wide"}).status_code == 302
    assert Indicator.objects.get(title="Cluster-wide").cluster == cluster
    bad = coordinator.post(url, data | {"title": "Bad code", "sdg_indicator_code": "five"})
    assert bad.status_code == 200 and not Indicator.objects.filter(title="Bad code").exists()
    assert signed_in(world.focal_justice).post(url, data).status_code == 403


def test_indicator_page_charts_values_and_their_history(world):
    focal = signed_in(world.focal_justice)
    url = reverse("tracking:indicator", args=[world.indicator.pk])
    assert focal.post(url, {"date": "2024-12-31", "value": "50"}).status_code == 302
    page = focal.get(url)
    assert "<polyline" in page.text and page.context["progress"] == 50.0
    again = focal.post(url, {"date": "2024-12-31", "value": "55"})
    assert "already has a value" in again.text  # never silently overwritten
    history = signed_in(world.coordinator).get(
        reverse("tracking:history", args=["indicator", world.indicator.pk])
    )
    assert (
        "Value recorded" in history.text and "indicators.value.recorded" not in history.text
    )  # words, not codes
