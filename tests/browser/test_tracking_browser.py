"""Implementation tracking in Chromium: report with evidence and an indicator value, validate, publish.

One walk, as in the portal's browser test: every live-server test costs a flush of the database.
"""

import datetime as dt
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from institutions.models import Membership
from tests.factories import (
    PASSWORD,
    AssignmentFactory,
    IndicatorFactory,
    InstitutionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)
from tracking.models import StatusUpdate

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(browser, live_server, username, device=None):
    """A fresh browser context signed in as ``username``, through the TOTP page when a device is given."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/?next=/tracking/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
        device.refresh_from_db()
        page.get_by_label("Six-digit code").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="My recommendations")).to_be_visible()
    return page


def test_focal_point_reports_validator_approves_coordinator_publishes_public_sees(
    browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MoJ")
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    recommendation = RecommendationFactory(text="Adopt a law criminalising domestic violence.")
    AssignmentFactory(recommendation=recommendation, institution=justice)
    indicator = IndicatorFactory(
        recommendation=recommendation,
        responsible_institution=justice,
        title="Convictions for domestic violence",
    )
    MembershipFactory(institution=justice, user=UserFactory(username="focal.justice"))
    MembershipFactory(institution=health, user=UserFactory(username="focal.health"))
    validator = MembershipFactory(
        institution=justice, role=Membership.Role.VALIDATOR, user=UserFactory(username="validator.justice")
    ).user
    coordinator = UserFactory(username="coordinator", coordinator=True)
    devices = {u.username: TOTPDevice.objects.create(user=u, name="app") for u in (validator, coordinator)}

    focal = sign_in(browser, live_server, "focal.justice")
    focal.get_by_role("link", name=recommendation.public_id).click()
    focal.get_by_role("link", name="Report for Ministry of Justice").click()
    focal.get_by_label("Status").select_option("partially")
    focal.get_by_label("Level").select_option("law")
    focal.get_by_label("Actions taken").fill("The Domestic Violence Act was adopted by parliament.")
    focal.get_by_label("Evidence files").set_input_files(
        [{"name": "act.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    focal.get_by_label(re.compile(r"^Indicator:?$")).select_option(str(indicator.pk))
    focal.get_by_label("Value as of").fill(dt.date(2025, 6, 30).isoformat())
    focal.get_by_label(re.compile(r"^Value:?$")).fill("42")
    focal.get_by_role("button", name="Save draft").click()
    expect(focal.get_by_role("link", name="act.pdf")).to_be_visible()
    focal.get_by_role("button", name="Submit for validation").click()
    expect(focal.locator("#update-state")).to_have_text("Submitted")
    update = StatusUpdate.objects.get()
    assert update.evidence.get().content_type == "application/pdf"
    assert update.indicator_values.get().value == 42

    other = sign_in(browser, live_server, "focal.health")
    expect(other.get_by_text(recommendation.public_id)).to_have_count(0)
    response = other.goto(f"/tracking/updates/{update.pk}/")
    assert response.status == 404
    assert other.request.get(f"/tracking/evidence/{update.evidence.get().pk}/").status == 404

    approver = sign_in(browser, live_server, "validator.justice", devices["validator.justice"])
    approver.goto(f"/tracking/updates/{update.pk}/")
    approver.get_by_role("button", name="Approve").click()
    expect(approver.locator("#update-state")).to_have_text("Approved")

    publisher = sign_in(browser, live_server, "coordinator", devices["coordinator"])
    publisher.goto(f"/tracking/updates/{update.pk}/")
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator("#update-state")).to_have_text("Published")

    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto(f"/recommendations/{recommendation.public_id}/")
    expect(visitor.get_by_text("The Domestic Violence Act was adopted by parliament.")).to_be_visible()
