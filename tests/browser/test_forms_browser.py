"""The signed-in form style in Chromium: a status update sent without what it needs shows an error
summary linking to the fields, errors beside them, labels above and fieldsets; axe clean at desktop
width and 390 px. Screenshots under SHOTS_DIR when it is set."""

import pytest
from playwright.sync_api import expect

from tests.workspaces.conftest import demo  # noqa: F401

from .test_search_browser import PHONE, shoot
from .test_workspaces_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bad_status_update_says_what_is_wrong_at_the_top_and_beside_the_field(
    browser,
    live_server,
    demo,  # noqa: F811
    assert_accessible,
):
    focal = sign_in(browser, live_server, "focal.justice")
    recommendation = demo.first_report.recommendation
    focal.goto(f"/tracking/recommendations/{recommendation.public_id}/report/?institution={demo.justice.pk}")
    expect(focal.locator("fieldset legend").first).to_have_text("The report")
    focal.get_by_label("Actions taken").fill("")
    focal.get_by_role("button", name="Save draft").click()
    summary = focal.locator(".error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link").first.click()
    expect(focal.locator(".form-field.has-error").first).to_be_visible()
    assert_accessible(focal)
    shoot(focal, "form-errors-desktop")
    focal.set_viewport_size(PHONE)
    assert_accessible(focal)
    shoot(focal, "form-errors-phone")
