"""The coordinator's queue: suggestions made for new recommendations, decided, and what the public sees."""

import pytest
from django.urls import reverse

from assistance import services
from assistance.models import Kind, Suggestion
from assistance.tasks import assist_new_recommendations_task, suggest_for_recommendations_task
from recommendations.models import Recommendation
from reference.models import SdgTarget, Theme
from tests.conftest import signed_in
from tests.factories import RecommendationFactory, UserFactory
from tracking.models import AuditEntry

pytestmark = pytest.mark.django_db

RATIFY = "Ratify the Convention on the Rights of Persons with Disabilities and its Optional Protocol."
DEATH_PENALTY = "Abolish the death penalty and commute all death sentences to prison terms."


def untagged(text, **fields):
    """A new recommendation, as a treaty body's would arrive: no theme, category or SDG link."""
    return RecommendationFactory(text=text, action_category=None, **fields)


def theme(code):
    return Theme.objects.get(scheme=Theme.Scheme.UPR_INFO, code=code)


@pytest.fixture
def suggested(stored_models):
    ratify, death = untagged(RATIFY), untagged(DEATH_PENALTY)
    suggest_for_recommendations_task([ratify.pk, death.pk])
    return ratify, death


def test_new_recommendations_get_theme_category_and_sdg_suggestions_with_a_confidence(
    suggested, stored_models
):
    ratify, death = suggested
    pending = Suggestion.objects.pending().filter(recommendation=ratify)
    best_theme = pending.filter(kind=Kind.THEME).order_by("-confidence").first()
    assert best_theme.theme.code == "international-instruments"
    assert best_theme.suggester == stored_models[Kind.THEME]
    assert 0.5 < best_theme.confidence <= 1
    assert pending.get(kind=Kind.CATEGORY).action_category == 5
    assert pending.filter(kind=Kind.SDG_TARGET).exists()
    assert Suggestion.objects.filter(
        recommendation=death, kind=Kind.THEME, theme__code="death-penalty"
    ).exists()
    ratify.refresh_from_db()
    assert ratify.action_category is None and not ratify.themes.exists()


def test_tagged_recommendations_get_no_suggestions_for_what_they_have(stored_models):
    tagged = RecommendationFactory(text=DEATH_PENALTY, themes=["death-penalty"], action_category=5)
    services.suggestions_create(recommendation_ids=[tagged.pk])
    assert set(tagged.suggestions.values_list("kind", flat=True)) == {Kind.SDG_TARGET}


def test_the_queue_is_for_coordinators_only(suggested, coordinator, focal_point, client):
    url = reverse("assistance:queue")
    assert client.get(url).status_code == 302
    assert signed_in(focal_point).get(url).status_code == 403
    assert signed_in(UserFactory(is_staff=True)).get(url).status_code == 403, "staff but not coordinator"
    assert (
        signed_in(focal_point).post(reverse("assistance:accept_above"), {"threshold": 0.5}).status_code == 403
    )
    response = signed_in(coordinator).get(url)
    assert response.status_code == 200
    assert RATIFY in response.content.decode()
    assert "International instruments" in response.content.decode()


def test_the_empty_queue_says_when_no_suggester_is_trained(coordinator, stored_models):
    untrained = signed_in(coordinator).get(reverse("assistance:queue")).content.decode()
    assert "No suggestion is waiting for a decision." in untrained
    assert "No suggester has been trained yet" not in untrained
    for model in stored_models.values():
        model.delete()
    assert (
        "No suggester has been trained yet"
        in signed_in(coordinator).get(reverse("assistance:queue")).content.decode()
    )


def test_accepting_all_above_a_threshold_tags_the_recommendations_and_records_who_decided(
    suggested, coordinator
):
    ratify, death = suggested
    confident = set(
        Suggestion.objects.filter(kind=Kind.THEME, confidence__gte=0.8).values_list("pk", flat=True)
    )
    client = signed_in(coordinator)
    response = client.post(reverse("assistance:accept_above"), {"threshold": 0.8, "kind": Kind.THEME})
    assert response.status_code == 302
    accepted = Suggestion.objects.filter(state=Suggestion.State.ACCEPTED)
    assert set(accepted.values_list("pk", flat=True)) == confident
    assert set(accepted.values_list("decided_by", flat=True)) == {coordinator.pk}
    assert not accepted.filter(decided_at__isnull=True).exists()
    assert theme("international-instruments") in ratify.themes.all()
    assert theme("death-penalty") in death.themes.all()
    assert AuditEntry.objects.filter(action="assistance.suggestion.accepted", object_id=ratify.pk).exists()
    assert Suggestion.objects.pending().filter(kind=Kind.CATEGORY).count() == 2


def test_one_by_one_accept_reject_and_correct(suggested, coordinator):
    ratify, death = suggested
    client = signed_in(coordinator)
    category = ratify.suggestions.get(kind=Kind.CATEGORY)
    client.post(reverse("assistance:correct", args=[category.pk]), {"action_category": 4})
    themes = list(ratify.suggestions.filter(kind=Kind.THEME).order_by("-confidence"))
    client.post(reverse("assistance:decide", args=[themes[0].pk]), {"action": "accept"})
    client.post(reverse("assistance:decide", args=[themes[1].pk]), {"action": "reject"})
    wrong = death.suggestions.filter(kind=Kind.THEME).first()
    justice = theme("justice")
    client.post(reverse("assistance:correct", args=[wrong.pk]), {"theme": justice.pk})

    ratify.refresh_from_db()
    assert ratify.action_category == 4
    assert list(ratify.themes.all()) == [themes[0].theme]
    assert justice in death.themes.all() and wrong.theme not in death.themes.all()
    states = dict(Suggestion.objects.values_list("pk", "state"))
    assert states[category.pk] == Suggestion.State.CORRECTED
    assert states[themes[0].pk] == Suggestion.State.ACCEPTED
    assert states[themes[1].pk] == Suggestion.State.REJECTED
    assert states[wrong.pk] == Suggestion.State.CORRECTED
    chosen = Suggestion.objects.get(corrects=wrong)
    assert (chosen.theme, chosen.state, chosen.suggester, chosen.decided_by) == (
        justice,
        Suggestion.State.ACCEPTED,
        None,
        coordinator,
    )
    assert Suggestion.objects.get(corrects=category).action_category == 4


def test_a_decided_suggestion_is_not_decided_again_nor_offered_again(suggested, coordinator):
    ratify, _ = suggested
    rejected = ratify.suggestions.filter(kind=Kind.THEME).first()
    services.suggestions_reject(suggestions=Suggestion.objects.filter(pk=rejected.pk), by=coordinator)
    assert (
        services.suggestions_accept(suggestions=Suggestion.objects.filter(pk=rejected.pk), by=coordinator)
        == 0
    )
    services.suggestions_create(recommendation_ids=[ratify.pk])
    assert ratify.suggestions.filter(theme=rejected.theme).count() == 1
    assert not ratify.themes.filter(pk=rejected.theme_id).exists()


def test_a_correction_must_stay_in_the_kind_and_scheme(suggested, coordinator):
    ratify, _ = suggested
    suggestion = ratify.suggestions.filter(kind=Kind.THEME).first()
    national = Theme.objects.create(scheme=Theme.Scheme.NATIONAL, code="legal-reforms", name="Legal reforms")
    client = signed_in(coordinator)
    client.post(reverse("assistance:correct", args=[suggestion.pk]), {"theme": national.pk})
    client.post(reverse("assistance:correct", args=[suggestion.pk]), {"action_category": 3})
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.PENDING
    assert not ratify.themes.exists()


def test_accepting_an_sdg_target_links_its_goal_too(suggested, coordinator):
    ratify, _ = suggested
    target = ratify.suggestions.filter(kind=Kind.SDG_TARGET).order_by("-confidence").first()
    services.suggestions_accept(suggestions=Suggestion.objects.filter(pk=target.pk), by=coordinator)
    assert list(ratify.sdg_targets.all()) == [target.sdg_target]
    assert list(ratify.sdg_goals.all()) == [SdgTarget.objects.get(pk=target.sdg_target_id).goal]


def public_themes(client, recommendation) -> tuple[set[str], set[str]]:
    """The theme names the recommendation page and the API show."""
    page = client.get(reverse("recommendations:detail", args=[recommendation.public_id])).content.decode()
    api = client.get(f"/api/v1/recommendations/{recommendation.public_id}/").json()
    names = Theme.objects.values_list("name", flat=True)
    return {name for name in names if f">{name}</a>" in page}, {t["name"] for t in api["themes"]}


def test_pending_and_rejected_suggestions_never_reach_the_public(suggested, coordinator, client):
    ratify, _ = suggested
    assert ratify.suggestions.filter(theme__code="disabilities").exists()
    assert public_themes(client, ratify) == (set(), set())
    services.suggestions_reject(
        suggestions=ratify.suggestions.filter(kind=Kind.THEME, theme__code="disabilities"), by=coordinator
    )
    services.suggestions_accept(
        suggestions=ratify.suggestions.filter(kind=Kind.THEME, theme__code="international-instruments"),
        by=coordinator,
    )
    assert public_themes(client, ratify) == ({"International instruments"}, {"International instruments"})


def test_the_sweep_processes_each_new_recommendation_once(stored_models):
    first = untagged(RATIFY)
    assert assist_new_recommendations_task() == Recommendation.objects.count()
    assert first.suggestions.exists()
    assert assist_new_recommendations_task() == 0
    second = untagged(DEATH_PENALTY)
    assert assist_new_recommendations_task() == 1
    assert second.suggestions.filter(theme__code="death-penalty").exists()
