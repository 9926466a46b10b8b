"""Related and repeated recommendations: found among those to the same state, linked, shown."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from assistance.related import REPEATED_THRESHOLD, import_near_duplicates
from assistance.selectors import repeated_from_earlier_cycle
from assistance.services import related_links_update
from assistance.tasks import find_related_task
from recommendations.models import Recommendation, RecommendationLink
from reference.models import Session, State
from search.services import search_index_refresh
from tests.factories import RecommendationFactory, RecommendationLinkFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

CED = "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance"


@pytest.fixture
def brazil():
    cycle1 = ReviewFactory(session=Session.objects.get(number=1))
    cycle2 = ReviewFactory(session=Session.objects.get(number=13))
    cedaw = ReviewFactory(treaty_body=True)
    return SimpleNamespace(
        first=RecommendationFactory(review=cycle1, text=CED + " (France)."),
        unrelated=RecommendationFactory(
            review=cycle1, text="Improve prison conditions and reduce overcrowding."
        ),
        again=RecommendationFactory(review=cycle2, text="Complete the ratification of the " + CED[11:] + "."),
        same_review=RecommendationFactory(review=cycle2, text=CED + " (Lithuania)."),
        treaty_body=RecommendationFactory(
            review=cedaw, text="Take measures to reduce overcrowding in prisons and improve their conditions."
        ),
        elsewhere=RecommendationFactory(
            review=ReviewFactory(state=State.objects.get(iso3="ARG"), session=Session.objects.get(number=1)),
            text=CED,
        ),
    )


def links():
    return {
        (link.source_id, link.target_id): (link.kind, link.score) for link in RecommendationLink.objects.all()
    }


def test_a_recommendation_repeating_one_from_an_earlier_cycle_is_flagged_repeated(brazil):
    counts = find_related_task([brazil.again.pk])
    found = links()
    kind, score = found[brazil.again.pk, brazil.first.pk]
    assert kind == RecommendationLink.Kind.REPEATED and REPEATED_THRESHOLD <= score <= 1
    assert counts[RecommendationLink.Kind.REPEATED] >= 1
    assert (brazil.again.pk, brazil.same_review.pk) not in found and (
        brazil.same_review.pk,
        brazil.again.pk,
    ) not in found
    assert all(brazil.elsewhere.pk not in pair and brazil.unrelated.pk not in pair for pair in found)
    assert list(repeated_from_earlier_cycle(Recommendation.objects.all())) == [brazil.again]


def test_other_mechanisms_give_similar_links_and_the_later_recommendation_points_to_the_earlier(brazil):
    related_links_update(recommendation_ids=[brazil.unrelated.pk])
    kind, score = links()[brazil.treaty_body.pk, brazil.unrelated.pk]
    assert kind == RecommendationLink.Kind.SIMILAR and 0.3 <= score < 1


def test_finding_again_replaces_automatic_links_and_keeps_those_people_made(brazil):
    manual = RecommendationLinkFactory(
        source=brazil.again,
        target=brazil.unrelated,
        kind=RecommendationLink.Kind.REPEATED,
        created_by=UserFactory(coordinator=True),
    )
    related_links_update(recommendation_ids=[brazil.again.pk, brazil.first.pk])
    before = links()
    Recommendation.objects.filter(pk=brazil.again.pk).update(text="Abolish the death penalty.")
    related_links_update(recommendation_ids=[brazil.again.pk])
    after = links()
    assert (brazil.again.pk, brazil.first.pk) in before and (brazil.again.pk, brazil.first.pk) not in after
    assert after[manual.source_id, manual.target_id] == (manual.kind, None)


def test_the_recommendation_page_shows_the_repeated_recommendation(brazil, client):
    related_links_update(recommendation_ids=[brazil.again.pk])
    score = RecommendationLink.objects.get(source=brazil.again, target=brazil.first).score
    page = client.get(reverse("recommendations:detail", args=[brazil.again.public_id])).content.decode()
    assert reverse("recommendations:detail", args=[brazil.first.public_id]) in page
    assert "Repeats an earlier recommendation" in page
    assert f"similarity {round(score * 100)}%" in page
    earlier = client.get(reverse("recommendations:detail", args=[brazil.first.public_id])).content.decode()
    assert reverse("recommendations:detail", args=[brazil.again.public_id]) in earlier
    assert "Repeated in a later review" in earlier


def test_the_search_filters_recommendations_repeated_from_an_earlier_cycle(
    brazil, client, django_capture_on_commit_callbacks
):
    search_index_refresh()  # what the import does after its commit
    with django_capture_on_commit_callbacks(execute=True):
        related_links_update(recommendation_ids=[brazil.again.pk])

    def found(**filters):
        body = client.get("/api/v1/recommendations/", filters).json()
        return {row["public_id"] for row in body["results"]}

    assert found(repeated="yes") == {brazil.again.public_id}
    not_repeated = found(repeated="no")
    assert brazil.first.public_id in not_repeated and brazil.again.public_id not in not_repeated
    page = client.get("/search/", {"repeated": "yes"}).content.decode()
    assert reverse("recommendations:detail", args=[brazil.again.public_id]) in page
    assert reverse("recommendations:detail", args=[brazil.first.public_id]) not in page
    assert client.get("/api/v1/recommendations/", {"repeated": "maybe"}).status_code == 400


def test_an_import_is_told_which_rows_nearly_repeat_stored_recommendations(brazil):
    def row(text, source_key=None, public_id=""):
        review = SimpleNamespace(state_id=brazil.first.review.state_id)
        return SimpleNamespace(text=text, review=review, source_key=source_key, public_id=public_id)

    Recommendation.objects.filter(pk=brazil.first.pk).update(source_key="upr-info:first")
    rows = [
        row(CED + " (Spain)"),
        row(CED, source_key="upr-info:first"),
        row("Adopt a law on access to information"),
    ]
    found = import_near_duplicates(rows)
    assert [(d.row, d.public_id) for d in found if d.row is rows[0]] in (
        [(rows[0], brazil.first.public_id)],
        [(rows[0], brazil.same_review.public_id)],
    )
    assert all(d.public_id != brazil.first.public_id for d in found if d.row is rows[1])
    assert not [d for d in found if d.row is rows[2]]
