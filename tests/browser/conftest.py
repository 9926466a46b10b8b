"""Chromium, driven by Playwright's sync API, against pytest-django's live server.

Debian's Chromium (``/usr/bin/chromium``, installed by ``make test``) is used, never a browser that
Playwright downloads. axe-core comes from npm (``make frontend``) and is injected into each page checked.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.portal.conftest import world  # noqa: F401  (the same published world as the page tests)

# Playwright's sync API runs an event loop in this thread; Django refuses database access from a thread
# with a running loop unless told it is safe (the test drives the browser and the ORM one at a time).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make browser` installs Debian's chromium"
    assert AXE.exists(), f"{AXE} is missing: `make frontend` installs it from npm"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh context. Whatever the Content-Security-Policy blocked on it (an inline script or
    style, a request elsewhere) fails the test: the browser reports each on the console."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not blocked, "The Content-Security-Policy blocked:\n" + "\n".join(blocked)


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is now and fail with the rules it reports violated."""

    def check(page):
        page.evaluate(AXE.read_text())  # not a <script> tag, which the Content-Security-Policy would refuse
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        summary = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
        ]
        assert not summary, f"axe-core violations on {page.url}:\n" + "\n".join(summary)

    return check
