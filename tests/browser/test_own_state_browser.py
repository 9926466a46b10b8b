"""One state's NMRF in Chromium (TRACKER_STATE): the coordinator's overview with the plan coverage and the
recent imports, bulk assignment narrowed to the state, and the one signed-in form style on bulk
assignment, plans and the account pages; axe at desktop width and on a 390 px phone."""

import re

import pytest
from playwright.sync_api import expect

from search.services import search_index_refresh
from tests.workspaces.conftest import demo  # noqa: F401  (the demo with work waiting for every role)

from .test_search_browser import PHONE, shoot
from .test_workspaces_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("viewport", "suffix"), [(None, "desktop"), (PHONE, "phone")])
def test_the_nmrf_of_one_state_works_on_it_in_one_form_style(
    browser,
    live_server,
    demo,  # noqa: F811
    settings,
    assert_accessible,
    viewport,
    suffix,
):
    settings.TRACKER_STATE = "KEN"
    search_index_refresh()  # the demo's own refresh waits for a worker
    page = sign_in(browser, live_server, "coordinator", viewport=viewport)
    expect(page).to_have_url(re.compile(r"/workspace/overview/$"))
    expect(page.get_by_text("What waits for Kenya's NMRF")).to_be_visible()
    expect(page.get_by_role("heading", name="Addressed by an action of an adopted plan")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent imports")).to_be_visible()
    assert_accessible(page)
    shoot(page, f"own-state-overview-{suffix}")

    page.goto("/tracking/assign/?q=police")
    expect(page).to_have_url(re.compile(r"state_under_review=KEN"))
    expect(page.get_by_text("Only Kenya's recommendations.")).to_be_visible()
    page.get_by_role("button", name="Assign", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link", name=re.compile("^Institution")).click()
    expect(page.get_by_role("combobox", name="Institution (required)")).to_be_focused()
    assert_accessible(page)
    shoot(page, f"own-state-bulk-assign-{suffix}")
    page.get_by_role("link", name="Include every state").click()
    expect(page).to_have_url(re.compile(r"all_states=1"))
    expect(page.get_by_text("Only Kenya's recommendations.")).to_have_count(0)

    page.goto("/plans/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    shoot(page, f"form-plan-{suffix}")

    page.goto("/accounts/password/change/")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    shoot(page, f"form-password-{suffix}")
