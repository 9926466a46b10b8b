"""The search page as people who type badly, use the keyboard or a phone use it, in Chromium. One test
(each live-server test flushes the database), screenshots under SHOTS_DIR when it is set."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from recommendations import search_page
from search.services import search_index_refresh

from .test_portal_browser import more_on_freedom_of_expression, results_heading

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def shoot(page, name):
    if os.environ.get("SHOTS_DIR"):
        page.screenshot(path=str(Path(os.environ["SHOTS_DIR"]) / f"{name}.png"), full_page=True)


def test_search_forgives_typos_and_serves_keyboard_and_phone(
    browser, live_server, page, world, assert_accessible, monkeypatch
):
    more_on_freedom_of_expression()
    search_index_refresh()
    monkeypatch.setattr(search_page, "TOP_VALUES", 2)  # the small world's facets are short

    # A misspelt word is searched as corrected, with the way back to the words as typed.
    page.goto("/search/?q=expresion")
    expect(page.locator(".corrected")).to_contain_text(
        "Showing results for expression; search instead for expresion"
    )
    heading = results_heading(page).inner_text()
    assert not heading.startswith("0 ")
    assert_accessible(page)
    shoot(page, "search-corrected-desktop")
    page.locator(".corrected a").click()
    expect(results_heading(page)).to_have_text("0 recommendations")
    expect(page.get_by_text("Did you mean")).to_be_visible()

    # Keyboard: from the search box, the skip link comes before the facets, then the first result.
    page.goto("/search/?q=expression")
    page.get_by_label("Words or phrase").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(".result h3 a").first).to_be_focused()

    # Type-to-filter in a long facet list: the rest unfolds, what does not match hides.
    state_facet = page.locator("details.facet").filter(has=page.get_by_text("Recommending state", exact=True))
    state_facet.locator("summary").first.click()
    box = state_facet.get_by_role("searchbox")
    expect(box).to_be_visible()
    box.fill("braz")
    expect(state_facet.get_by_role("checkbox", name=re.compile("^Brazil"))).to_be_visible()
    expect(state_facet.locator("li:visible")).to_have_count(1)
    shoot(page, "search-facet-filter-desktop")
    expect(results_heading(page)).to_have_text(heading)  # typing in the box searched nothing

    # A phone: the filters fold behind "Filters (n)", the results come first.
    phone = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE).new_page()
    phone.goto("/search/?q=expression")
    toggle = phone.get_by_role("button", name="Filters (0)")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(phone.locator("#facets")).to_be_hidden()
    assert phone.locator(".result").first.bounding_box()["y"] < PHONE["height"]
    assert_accessible(phone)
    shoot(phone, "search-phone-folded")
    toggle.click()
    expect(phone.locator("#facets")).to_be_visible()
    phone.get_by_role("checkbox", name=re.compile("^Supported")).check()
    expect(phone.get_by_role("button", name="Filters (1)")).to_have_attribute("aria-expanded", "true")
    expect(phone.locator("#facets")).to_be_visible()  # still open after the results were replaced
    assert_accessible(phone)
    shoot(phone, "search-phone-open")

    # Nothing found: the selection stays and the last filter can be removed in one click.
    phone.goto("/search/?q=expression&response=supported&mechanism=CEDAW")
    expect(results_heading(phone)).to_have_text("0 recommendations")
    shoot(phone, "search-phone-empty")
    phone.get_by_role("link", name=re.compile("^Remove the last filter")).click()
    expect(results_heading(phone)).not_to_have_text("0 recommendations")
    phone.goto("/search/?q=expression&page=50")
    expect(phone).to_have_url(re.compile(r"/search/\?q=expression$"))
    phone.context.close()
