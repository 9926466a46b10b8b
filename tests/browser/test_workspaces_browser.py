"""Each role's landing page in Chromium, at desktop width and on a 390 px phone, checked with axe; the
validator approves from the comparison. Screenshots under SHOTS_DIR when it is set."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from recommendations.demo import DEMO_PASSWORD
from tests.workspaces.conftest import demo  # noqa: F401  (the demo with work waiting for every role)
from tracking.models import StatusUpdate

from .test_search_browser import PHONE, shoot

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(browser, live_server, username, *, viewport=None):
    """A fresh context signed in as ``username``, through the TOTP page when the account has a device;
    it lands where signing in leads."""
    options = {"viewport": viewport} if viewport else {}
    page = browser.new_context(base_url=live_server.url, locale="en-GB", **options).new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    device = TOTPDevice.objects.filter(user__username=username).first()
    if device is not None:
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
        page.get_by_label("Six-digit code").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name="Verify").click()
    return page


def test_each_role_lands_on_its_workspace_and_the_validator_decides_there(
    browser,
    live_server,
    demo,  # noqa: F811
    assert_accessible,
):
    coordinator = sign_in(browser, live_server, "coordinator")
    expect(coordinator).to_have_url(re.compile(r"/workspace/overview/$"))
    expect(coordinator.get_by_role("heading", name=re.compile("^Waiting for publication"))).to_be_visible()
    expect(
        coordinator.get_by_role("heading", name=re.compile("^Overdue reporting by institution"))
    ).to_be_visible()
    accessible = assert_accessible  # axe through evaluate: the Content-Security-Policy refuses a script tag
    accessible(coordinator)
    shoot(coordinator, "workspace-coordinator-desktop")

    member = sign_in(browser, live_server, "cso.member", viewport=PHONE)
    expect(member).to_have_url(re.compile(r"/workspace/civil-society/$"))
    expect(member.get_by_role("link", name=demo.consultation.title)).to_be_visible()
    accessible(member)
    shoot(member, "workspace-civil-society-phone")

    validator = sign_in(browser, live_server, "validator.justice")
    expect(validator).to_have_url(re.compile(r"/workspace/validation/$"))
    item = validator.locator("article.validation-item").filter(has_text=demo.submitted.narrative)
    expect(item.locator(".comparison-previous")).to_contain_text(demo.published.get_status_display())
    expect(item.locator(".comparison-proposed")).to_contain_text("Fully implemented")
    approve, send_back = (
        item.get_by_role("button", name=re.compile("Approve")),
        item.get_by_role("button", name=re.compile("Return for changes")),
    )
    colours = [b.evaluate("b => getComputedStyle(b).backgroundColor") for b in (approve, send_back)]
    assert colours[0] != colours[1]  # Approve and Return do not look alike
    accessible(validator)
    shoot(validator, "workspace-validator-desktop")
    validator.set_viewport_size(PHONE)
    shoot(validator, "workspace-validator-phone")
    validator.set_viewport_size({"width": 1280, "height": 900})
    approve.click()
    expect(validator.get_by_text("Update approved.")).to_be_visible()
    demo.submitted.refresh_from_db()
    assert demo.submitted.state == StatusUpdate.State.APPROVED
    coordinator.set_viewport_size(PHONE)
    coordinator.reload()
    accessible(coordinator)
    shoot(coordinator, "workspace-coordinator-phone")
