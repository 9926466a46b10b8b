"""Accounts in Chromium: a forgotten password reset by e-mail, and a validator enrolling an authenticator
through the one-time link the coordinator issued, ending with recovery codes and an API token.

Screenshots at desktop width and at 390 px go to ``SHOTS`` when it is set (for a person to look at).
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from institutions.models import Membership
from tests.factories import PASSWORD, InstitutionFactory, MembershipFactory, UserFactory

from .test_tracking_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SHOTS")
NEW_PASSWORD = "a brand new long passphrase"


def shoot(page, name):
    """Screenshots of the page as it is, at desktop width and at 390 px."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width, suffix in ((1280, "desktop"), (390, "390")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{suffix}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_focal_point_resets_a_forgotten_password(page, settings, assert_accessible):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    justice = InstitutionFactory(name="Ministry of Justice")
    focal = MembershipFactory(institution=justice, user=UserFactory(username="focal.justice")).user

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    assert_accessible(page)
    shoot(page, "password-reset-form")
    page.get_by_label("Email").fill(focal.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    link = urlsplit(re.search(r"https?://\S+", mail.outbox[-1].body)[0]).path
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    shoot(page, "password-reset-confirm")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()

    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Username").fill("focal.justice")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My recommendations")).to_be_visible()
    # The same link does not work twice.
    page.goto(link)
    expect(page.get_by_text("This link was used already or has expired.")).to_be_visible()


def test_a_validator_enrols_through_the_coordinators_link_and_creates_a_token(
    browser, live_server, assert_accessible
):
    justice = InstitutionFactory(name="Ministry of Justice")
    validator = MembershipFactory(
        institution=justice, role=Membership.Role.VALIDATOR, user=UserFactory(username="validator.justice")
    ).user
    coordinator = UserFactory(username="coordinator", coordinator=True)
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)

    boss = sign_in(browser, live_server, "coordinator", device)
    boss.goto("/accounts/")
    boss.get_by_role("link", name="Issue an enrolment link for someone else").click()
    boss.get_by_label("Account without an authenticator").select_option(value=str(validator.pk))
    boss.get_by_role("button", name="Issue a link").click()
    link = boss.locator("#enrolment-link").inner_text()
    assert_accessible(boss)
    shoot(boss, "enrolment-link-issued")

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/?next=/tracking/")
    page.get_by_label("Username").fill("validator.justice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.locator("svg")).to_have_count(0)  # a password alone shows no secret
    shoot(page, "two-factor-setup-without-link")

    page.goto(urlsplit(link).path)
    expect(page.locator("figure.qr svg")).to_be_visible()
    assert_accessible(page)
    shoot(page, "two-factor-enrol")
    enrolling = TOTPDevice.objects.get(user=validator, confirmed=False)
    page.get_by_label("Six-digit code").fill(f"{totp(enrolling.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    shoot(page, "recovery-codes")
    page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_role("heading", name="My recommendations")).to_be_visible()

    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Manage your API tokens").click()
    page.get_by_label("Name").fill("Ministry case system")
    page.get_by_label("Scope").select_option(label="Read only")
    page.get_by_role("button", name="Create the token").click()
    key = page.locator("#token-key").inner_text()
    assert len(key) == 40
    expect(page.get_by_role("cell", name="Ministry case system")).to_be_visible()
    assert_accessible(page)
    shoot(page, "api-tokens")
    # At 390 px the page itself never scrolls sideways (only the table, inside its box).
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_text("Authorization: Token <key>", exact=False)).to_be_visible()
    answer = page.request.get("/api/v1/tracking/status-updates/", headers={"Authorization": f"Token {key}"})
    assert answer.status == 200
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("revoked", exact=True)).to_be_visible()
    answer = page.request.get("/api/v1/tracking/status-updates/", headers={"Authorization": f"Token {key}"})
    assert answer.status == 401
    context.close()
