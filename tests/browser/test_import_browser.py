"""The admin import in Chromium: a spreadsheet of no known format is mapped, previewed and imported.

One walk: every live-server test costs a flush of the database.
"""

import re

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from recommendations.models import Recommendation, SavedColumnMapping
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATASET = (
    "Recommendations received by Kenya (academic dataset)\n"
    "Country,Recommended by,Answer,Recommendation,UPR session\n"
    "Kenya,Portugal,Oui,Abolish the death penalty,21\n"
    "Kenya,Slovakia,Oui,Abolish the death penalty,21\n"
    "Kenya,Chile,Non,Ratify the Rome Statute,21\n"
)


def sign_in_to_the_admin(browser, live_server, username, device):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/accounts/login/?next=/admin/recommendations/recommendation/import/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    page.get_by_label("Six-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Upload files")).to_be_visible()
    return page


def test_a_coordinator_maps_an_unknown_spreadsheet_and_imports_it(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_reference_data", verbosity=0)
    coordinator = UserFactory(username="coordinator", coordinator=True)
    device = TOTPDevice.objects.create(user=coordinator, name="app")
    dataset = tmp_path / "kenya-dataset.csv"
    dataset.write_text(DATASET, encoding="utf-8")
    page = sign_in_to_the_admin(browser, live_server, "coordinator", device)

    page.get_by_label("Files").set_input_files(str(dataset))
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Map the columns of kenya-dataset.csv")).to_be_visible()
    for header, field in [
        ("Country", "state_under_review"),
        ("Recommended by", "recommending_states"),
        ("Answer", "response"),
        ("Recommendation", "text"),
        ("UPR session", "session"),
    ]:
        page.get_by_label(header, exact=True).select_option(field)
    page.get_by_label("mechanism of every row").fill("UPR")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("unknown response 'Oui'").first).to_be_visible()

    page.get_by_label("Oui", exact=True).select_option("supported")
    page.get_by_label("Non", exact=True).select_option("noted")
    page.get_by_label("keep this mapping as").fill("Academic datasets")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("2 created, 0 updated")).to_be_visible()
    page.get_by_role("button", name="Confirm import").click()

    expect(page.get_by_text("Imported: 2 created")).to_be_visible()
    folded = Recommendation.objects.get(text="Abolish the death penalty")
    assert {state.iso3 for state in folded.recommending_states.all()} == {"PRT", "SVK"}
    assert folded.response == "supported"
    assert SavedColumnMapping.objects.filter(name="Academic datasets").exists()
