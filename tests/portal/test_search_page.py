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


def test_a_misspelt_query_shows_the_corrected_results_and_the_way_back(client, indexed):
    page = client.get("/search/", {"q": "expresion"}).content.decode()
    right = client.get("/search/", {"q": "expression"}).content.decode()
    heading = 'id="results-heading" aria-live="polite">'
    assert (
        page.split(heading)[1].split("<")[0] == right.split(heading)[1].split("<")[0] != "0 recommendations"
    )
    assert "Showing results for <strong>expression</strong>" in page
    assert 'href="/search/?q=expresion&amp;as_typed=1">expresion</a>' in page
    as_typed = client.get("/search/", {"q": "expresion", "as_typed": "1"}).content.decode()
    assert "0 recommendations" in as_typed and "Did you mean" in as_typed


def test_a_page_beyond_the_last_redirects_to_the_last(client, indexed):
    response = client.get("/search/", {"q": "expression", "page": "99"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=expression"  # one page only: the first
    response = client.get("/search/?q=expression&page=2&sort=oldest")
    assert response["Location"] == "/search/?q=expression&sort=oldest"


def test_an_empty_result_keeps_the_filters_and_offers_to_remove_the_last_one(client, indexed):
    response = client.get("/search/?q=expression&response=noted&mechanism=CEDAW")
    page = response.content.decode()
    assert "0 recommendations" in page
    assert 'name="response" value="noted" checked' in page  # the facets stay, to untick
    assert 'name="mechanism" value="CEDAW" checked' in page
    without_last = client.get("/search/?q=expression&response=noted").content.decode()
    count = without_last.split('id="results-heading" aria-live="polite">')[1].split(" ")[0]
    way_out = page.split("Remove the last filter (")[1].split("</a>")[0]
    assert way_out.startswith("Mechanism: CEDAW") and way_out.endswith(f"): {count} result")
    assert 'href="/search/?q=expression&amp;response=noted"' in page


def test_long_facet_lists_show_the_top_values_and_the_rest_behind_show_all(client, indexed, monkeypatch):
    from recommendations import search_page

    monkeypatch.setattr(search_page, "TOP_VALUES", 1)
    page = client.get("/search/", {"response": "noted"}).content.decode()
    boxes = [box.split("</fieldset>")[0] for box in page.split('<details class="facet"')[1:]]
    long = [box for box in boxes if box.count('type="checkbox"') > 1]
    assert long
    for box in long:
        listed = box.count('type="checkbox"')
        top, rest = box.split('class="facet-more"')
        assert top.count('type="checkbox"') == 1 or "checked" in top
        assert f"Show all {listed}" in rest
        assert 'class="facet-filter"' in top
    responses = page.split("<summary>Response")[1].split("</fieldset>")[0]
    assert 'name="response" value="noted" checked' in responses.split('class="facet-more"')[0]
