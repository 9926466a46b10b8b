import pytest

from recommendations.models import Recommendation, Review
from reference.models import Mechanism, Session, State
from tests.portal.conftest import SECRET, make_recommendation

pytestmark = pytest.mark.django_db


def test_state_page_counts_received_recommendations_by_mechanism_and_cycle(client, world):
    response = client.get("/states/BRA/")
    assert response.status_code == 200
    rows = {
        (row["review__mechanism__code"], row["review__session__cycle__number"]): row
        for row in response.context["by_review"]
    }
    assert rows[("UPR", 2)]["total"] == 2 and rows[("UPR", 2)]["supported"] == 2
    assert rows[("UPR", 1)]["noted"] == 1
    assert rows[("CCPR", None)]["total"] == 1
    assert response.context["total"] == 4


def test_state_page_shows_response_and_status_mix(client, world):
    response = client.get("/states/bra/")
    statuses = {bar.params["status"]: bar.total for bar in response.context["statuses"].bars}
    responses = {bar.params["response"]: bar.total for bar in response.context["responses"].bars}
    assert statuses == {"not_started": 0, "in_progress": 1, "partially": 0, "fully": 0, "none": 3}
    assert responses == {"supported": 2, "noted": 1, "pending": 0, "none": 1}
    page = response.content.decode()
    assert "Brazil" in page and "Estonia" in page  # a recommending state
    assert "/search/?state_under_review=BRA" in page


def test_state_page_counts_nothing_unpublished(client, world):
    response = client.get("/states/BRA/")
    assert SECRET not in response.content.decode()
    assert "Mexico" not in response.content.decode()  # recommended only the unpublished one
    assert (
        response.context["total"]
        == Recommendation.objects.published().filter(review__state=world.brazil).count()
    )


def test_unknown_state_is_not_found(client, db):
    assert client.get("/states/XXX/").status_code == 404


def test_state_index_lists_states_with_published_recommendations(client, world):
    Review.objects.create(
        state=State.objects.get(iso3="CHL"),
        mechanism=Mechanism.objects.get(code="UPR"),
        session=Session.objects.get(number=5),
        year=2009,
    )
    make_recommendation(Review.objects.get(state__iso3="CHL"), f"{SECRET} only unpublished", published=False)
    response = client.get("/states/")
    assert [state.iso3 for state in response.context["states"]] == ["BRA"]
    assert response.context["states"][0].received == 4


def test_state_page_query_count_does_not_grow_with_the_data(world, count_queries):
    before = count_queries("/states/BRA/")
    upr = Mechanism.objects.get(code="UPR")
    for number in (27, 41):
        review = Review.objects.create(
            state=world.brazil,
            mechanism=upr,
            session=Session.objects.get(number=number),
            year=2017 + number // 41 * 5,
        )
        for i in range(5):
            make_recommendation(review, f"Cycle text {i}", recommending=["FRA", "DEU"], response="noted")
    assert count_queries("/states/BRA/") == before


def test_the_state_map_links_each_recommending_state_to_the_search(client, world):
    import re

    from recommendations.models import Recommendation

    state = world.brazil
    made = set(
        Recommendation.objects.published()
        .filter(review__state=state)
        .values_list("recommending_states__iso3", flat=True)
    ) - {None}
    page = client.get(f"/states/{state.iso3}/").content.decode()
    linked = set(
        re.findall(
            rf'<a href="/search/\?state_under_review={state.iso3}&amp;recommending_state=([A-Z]{{3}})"', page
        )
    )
    assert made and linked == made
    assert 'class="land shade-0 highlighted"' in page or "highlighted" in page
