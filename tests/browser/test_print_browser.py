"""Printing the portal's pages in Chromium: content only, every link's address written out."""

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots/15")


def _printed(page, path: str, name: str) -> dict:
    """The page as printed: what shows, what does not, and the address printed after a link."""
    page.set_default_timeout(60_000)  # a loaded machine
    page.goto(path)
    page.emulate_media(media="print")
    if SHOTS.exists():
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 1400})
            page.screenshot(path=str(SHOTS / f"print-{name}-{width}.png"), full_page=True)
    return page.evaluate(
        """() => {
            const shown = (selector) => [...document.querySelectorAll(selector)]
                .some((e) => getComputedStyle(e).display !== "none" && e.offsetParent !== null);
            const link = document.querySelector("main a[href^='/']:not(.breadcrumbs a)");
            return {
                nav: shown(".site-header nav"),
                facets: shown(".facets"),
                forms: shown("main form button, main select"),
                language: shown(".language-switcher"),
                after: link ? getComputedStyle(link, "::after").content : null,
                href: link ? link.getAttribute("href") : null,
                layout: getComputedStyle(document.querySelector("main > *") || document.body).display,
            };
        }"""
    )


def test_recommendation_state_theme_and_search_pages_print_their_content_with_link_addresses(page, world):
    call_command("rebuild_search_index", verbosity=0)
    pages = {
        "recommendation": f"/recommendations/{world.main.public_id}/",
        "state": "/states/BRA/",
        "theme": f"/themes/{world.expression.pk}/",
        "search": "/search/?state_under_review=BRA",
    }
    for name, path in pages.items():
        printed = _printed(page, path, name)
        assert not printed["nav"] and not printed["language"] and not printed["forms"], (name, printed)
        assert not printed["facets"], name
        assert printed["href"] and f"({printed['href']})" in printed["after"], (name, printed)
        page.emulate_media(media="screen")
    search = _printed(page, pages["search"], "search")
    assert page.locator(".facets").is_hidden() and page.locator(".results").is_visible()
    assert page.locator(".result-list > li").count() >= 1  # the results themselves print
    assert search["href"] in search["after"]
