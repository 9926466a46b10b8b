import pytest

from recommendations.models import Recommendation
from tests.factories import RecommendationFactory
from tests.portal.conftest import SECRET, add_more_of_everything

pytestmark = pytest.mark.django_db


def test_home_shows_headline_figures_over_published_recommendations(client, world):
    response = client.get("/")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures["total"], figures["supported"], figures["noted"], figures["states_reviewed"]) == (
        4,
        2,
        1,
        1,
    )


def test_each_chart_links_to_the_search_it_summarises_and_reads_as_a_table(client, world):
    response = client.get("/")
    page = response.content.decode()
    assert page.count("<table>") == 4
    theme = world.expression.pk
    assert f'href="/search/?theme={theme}&amp;status=in_progress"' in page
    assert 'href="/search/?cycle=2&amp;response=supported"' in page
    assert 'href="/search/?action_category=3"' in page
    assert 'href="/search/?recommending_state=EST"' in page
    by_theme = {bar.label: bar.total for bar in response.context["status_by_theme"].bars}
    assert by_theme["Freedom of opinion and expression"] == 3


def test_home_counts_nothing_unpublished(client, world):
    response = client.get("/")
    assert SECRET not in response.content.decode()
    states = [bar.label for bar in response.context["recommending_states"].bars]
    assert "Mexico" not in states


def test_home_query_count_does_not_grow_with_the_data(world, count_queries):
    before = count_queries("/")
    add_more_of_everything(world)
    assert count_queries("/") == before


def test_every_stacked_segment_is_drawn_in_its_own_colour(client, world):
    """Recommendations without a response are grey in the bar as in the legend, not the default blue."""
    RecommendationFactory(review=Recommendation.objects.published().first().review, response="")
    page = client.get("/").content.decode()
    assert 'class="seg seg-none"' in page
    assert 'class="seg seg-"' not in page


def test_chart_bars_link_to_their_searches_and_their_labels_are_whole(client, world):
    import re

    page = client.get("/").content.decode()
    rows = re.findall(r'<div class="chart-row">(.*?)</div>', page, re.S)
    assert rows
    linked = 0
    for row in rows:
        label = re.search(
            r'<a class="chart-label" href="(/search/\?[^"]+)" tabindex="-1" title="([^"]+)">([^<]+)</a>', row
        )
        assert label, row
        assert label.group(2) == label.group(3)  # the whole label, never cut
        segments = re.findall(r'<a href="(/search/\?[^"]+)" tabindex="-1"><rect class="seg seg-\w+"', row)
        assert all(href.startswith(label.group(1)) for href in segments)
        linked += len(segments)
    assert linked
    assert f'href="/search/?theme={world.expression.pk}&amp;status=in_progress" tabindex="-1"' in page


def test_the_home_map_shades_each_state_by_what_it_received_and_links_to_it(client, world):
    import re

    from recommendations.models import Recommendation

    page = client.get("/").content.decode()
    received = {}
    for recommendation in Recommendation.objects.published().select_related("review__state"):
        iso3 = recommendation.review.state.iso3
        received[iso3] = received.get(iso3, 0) + 1
    linked = re.findall(r'<a href="/states/([A-Z]{3})/" tabindex="-1"><path class="land shade-([1-5])', page)
    assert {iso3 for iso3, _shade in linked} == set(received)
    assert page.count('<path class="land') > 150  # the whole world is drawn, from the boundaries package


def test_with_a_tracker_state_the_home_page_centres_on_it(client, world, settings):
    settings.TRACKER_STATE = world.brazil.iso3
    page = client.get("/").content.decode()
    assert f"Recommendations to {world.brazil.name} and their follow-up" in page
    assert f'name="state_under_review" value="{world.brazil.iso3}"' in page
    assert "search every state" in page  # the others stay searchable as reference
    settings.TRACKER_STATE = ""
    assert "Human rights recommendations and their follow-up" in client.get("/").content.decode()
