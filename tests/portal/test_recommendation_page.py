import pytest

from tests.portal.conftest import SECRET, add_more_of_everything

pytestmark = pytest.mark.django_db


def url(recommendation):
    return f"/recommendations/{recommendation.public_id}/"


def test_recommendation_page_shows_text_source_and_follow_up(client, world):
    response = client.get(url(world.main))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Consider freedom of expression concerns" in page
    for expected in ["A/HRC/21/11", "119.12", "Session 13 (2012)", "Estonia", "Finland", "Supported"]:
        assert expected in page
    for expected in ["3 – Considering action", "Freedom of opinion and expression", "Media", "Target 16.10"]:
        assert expected in page
    assert "Ministry of Justice (MJ)" in page and "Ministry of Health (MH)" in page
    assert "Bill sent to parliament." in page and "Working group convened." in page
    assert "Journalists&#x27; complaints investigated" in page and "41.5" in page
    assert "Guarantee the freedom of expression of journalists" in page  # repeated from cycle 1
    assert "Protect journalists against threats" in page  # same themes, treaty body
    assert "The bill is a real step." in page and "Ana Lima" in page


def test_current_status_is_the_latest_published_report(client, world):
    page = client.get(url(world.main)).content.decode()
    badges = page.split('<p class="badges">')[1].split("</p>")[0]
    assert "In progress" in badges
    assert "Fully implemented" not in page


def test_split_recommendation_shows_a_response_per_part(client, world):
    page = client.get(url(world.split)).content.decode()
    assert "Response per part" in page
    assert "Ratify the Optional Protocol" in page and "adopt a law on women&#x27;s shelters" in page
    assert page.count("badge response-noted") == 1


@pytest.mark.parametrize("persona", ["anonymous", "focal point"])
def test_nothing_unpublished_reaches_the_page(client, world, justice_focal_point, persona):
    if persona == "focal point":
        client.force_login(justice_focal_point)
    page = client.get(url(world.main)).content.decode()
    assert SECRET not in page
    assert (
        "98765" not in page and "98,765" not in page
    )  # indicator value reported in a submitted, unpublished report
    assert world.hidden.public_id not in page


@pytest.mark.parametrize("persona", ["anonymous", "focal point"])
def test_unpublished_and_unknown_recommendations_are_not_found(client, world, justice_focal_point, persona):
    if persona == "focal point":
        client.force_login(justice_focal_point)
    assert client.get(url(world.hidden)).status_code == 404
    assert client.get("/recommendations/RNOSUCHONE/").status_code == 404


def test_visitor_reads_the_translation_with_the_original_a_click_away(client, world):
    page = client.get(url(world.main), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<blockquote class="recommendation-text" lang="fr">Tenir compte des préoccupations' in page
    assert "<summary>Afficher le texte original</summary>" in page
    assert '<blockquote class="recommendation-text" lang="en">Consider freedom of expression' in page


def test_without_a_translation_the_original_is_shown(client, world):
    page = client.get(url(world.main), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<blockquote class="recommendation-text" lang="en">Consider freedom of expression' in page
    assert "<details" not in page


def test_query_count_does_not_grow_with_what_the_recommendation_carries(world, count_queries):
    before = count_queries(url(world.main))
    add_more_of_everything(world)
    assert count_queries(url(world.main)) == before
