import pytest

from search.services import search_index_refresh
from tests.portal.conftest import SECRET, make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(world):
    search_index_refresh()
    return world


def test_search_page_finds_a_phrase_and_highlights_it(client, indexed):
    response = client.get("/search/", {"q": '"freedom of expression"'})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 recommendations" in page
    assert "<mark>freedom</mark> of <mark>expression</mark>" in page
    assert f"/recommendations/{indexed.main.public_id}/" in page
    assert '<html lang="en"' in page  # the full page: facets, query box, results


def test_facets_show_counts_and_every_state_is_a_url(client, indexed):
    page = client.get("/search/", {"q": "expression", "response": "supported"}).content.decode()
    assert 'name="response" value="supported" checked' in page
    assert "1 recommendation" in page
    noted = page.split('value="noted"')[1].split('class="count">')[1].split("<")[0]
    assert noted == "1"  # counts of a facet ignore its own selection: ticking "noted" would add one
    assert 'href="/search/?q=expression"' in page  # the chip that removes the response filter


def test_htmx_request_gets_only_the_region_that_changes(client, indexed):
    response = client.get(
        "/search/", {"q": "expression", "theme": indexed.expression.pk}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="search-region"')
    assert "<html" not in page and 'id="search-q"' not in page


def test_download_links_carry_the_same_query(client, indexed):
    page = client.get("/search/", {"q": "expression", "response": "noted"}).content.decode()
    assert "export" in page and page.count("q=expression&amp;response=noted") >= 2


def test_search_shows_nothing_unpublished(client, indexed):
    page = client.get("/search/", {"q": "recommendation"}).content.decode()
    assert SECRET not in page
    everything = client.get("/search/").content.decode()
    assert SECRET not in everything and "Mexico" not in everything  # nor in the facets


def test_highlighted_text_cannot_inject_markup(client, indexed):
    make_recommendation(indexed.main.review, "Protect <script>alert(1)</script> expression of bloggers.")
    search_index_refresh()
    page = client.get("/search/", {"q": "bloggers"}).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_unknown_filter_value_is_a_bad_request(client, indexed):
    response = client.get("/search/", {"state_under_review": "XXX"})
    assert response.status_code == 400
    assert "XXX" in response.content.decode()


def test_search_page_query_count_does_not_grow_with_the_page_size(client, indexed, count_queries):
    count_queries("/search/")  # a process loads the refreshed index on its first search: not counted
    before = count_queries("/search/?q=expression")
    for i in range(25):
        make_recommendation(indexed.main.review, f"Expression matters {i}.", recommending=["FRA", "DEU"])
    search_index_refresh()
    count_queries("/search/")
    assert count_queries("/search/?q=expression") == before
    assert count_queries("/search/?q=expression&page=2") == before


def test_the_workbook_link_gives_way_to_a_note_above_its_limit(client, world, monkeypatch):
    assert "Excel (XLSX)</a>" in client.get("/search/").content.decode()
    monkeypatch.setattr("recommendations.views.XLSX_MAX_ROWS", -1)  # any result set is too large
    page = client.get("/search/").content.decode()
    assert "Excel (XLSX)</a>" not in page and "Excel (XLSX): too many results" in page
