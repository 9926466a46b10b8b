"""The home and state pages with their world map and linked chart bars, in Chromium at desktop width
and 390 px, checked with axe. Screenshots under SHOTS_DIR when it is set."""

import re

import pytest
from playwright.sync_api import expect

from search.services import search_index_refresh

from .test_portal_browser import more_on_freedom_of_expression
from .test_search_browser import PHONE, shoot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_map_and_chart_bars_lead_to_what_they_count(
    browser, live_server, world, assert_accessible, settings
):
    more_on_freedom_of_expression()
    search_index_refresh()
    for viewport, name in (({"width": 1280, "height": 900}, "desktop"), (PHONE, "phone")):
        page = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport).new_page()
        page.goto("/")
        expect(page.locator(".world-map svg path")).not_to_have_count(0)
        assert_accessible(page)
        shoot(page, f"home-{name}")
        page.goto("/states/BRA/")
        expect(page.locator(".world-map .highlighted")).to_have_count(1)
        assert_accessible(page)
        shoot(page, f"state-{name}")
        page.context.close()
    page = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    page.goto("/")
    page.locator('.world-map a[href="/states/BRA/"] path').first.click(force=True)
    expect(page).to_have_url(re.compile(r"/states/BRA/$"))
    page.goto("/")
    page.locator(".chart-row .chart-label").first.click()
    expect(page).to_have_url(re.compile(r"/search/\?"))
    page.context.close()

    settings.TRACKER_STATE = "BRA"  # one state's NMRF: the home page is that state's
    for viewport, name in (({"width": 1280, "height": 900}, "desktop"), (PHONE, "phone")):
        page = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport).new_page()
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Recommendations to Brazil and their follow-up"
        )
        assert_accessible(page)
        shoot(page, f"home-tracker-state-{name}")
        page.context.close()
