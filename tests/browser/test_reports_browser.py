"""Reports in Chromium: the coordinator requests a grid, watches the progress bar move, downloads it.

The job runs in a background thread (as a worker would run it), each row slowed down, so that the
page's poller has something to show.
"""

import io
import re
import threading
import time

import openpyxl
import pytest
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from reference.models import Session, State
from reports.progress import Progress
from reports.tasks import report_generate_task
from tests.factories import PASSWORD, RecommendationFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 12
ROW_DELAY = 0.25


@pytest.fixture
def worker_thread(monkeypatch, settings, tmp_path):
    """Jobs run in a thread of their own, a quarter of a second per row, progress written every row."""
    settings.MEDIA_ROOT = tmp_path / "media"
    advance = Progress.advance

    def slow_advance(self, rows=1):
        time.sleep(ROW_DELAY)
        self.every, self.interval = 1, 0
        advance(self, rows)

    def run(job_id):
        try:
            report_generate_task.apply((job_id,))
        finally:
            connection.close()

    monkeypatch.setattr(Progress, "advance", slow_advance)
    monkeypatch.setattr(
        report_generate_task, "delay", lambda job_id: threading.Thread(target=run, args=(job_id,)).start()
    )


def test_coordinator_requests_a_grid_watches_it_progress_and_downloads_it(
    browser, live_server, worker_thread, assert_accessible
):
    kenya = State.objects.get(iso3="KEN")
    review = ReviewFactory(state=kenya, session=Session.objects.get(number=21))
    RecommendationFactory(
        review=review, paragraph="142.1", text="Develop a national action plan on business."
    )
    RecommendationFactory.create_batch(ROWS - 1, review=review)
    coordinator = UserFactory(username="coordinator", coordinator=True)
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    context = browser.new_context(base_url=live_server.url, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/?next=/reports/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    page.get_by_label("Six-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Report:", exact=True).select_option("grid")
    page.get_by_label("Format:", exact=True).select_option("xlsx")
    page.get_by_label("State:", exact=True).select_option("KEN")
    page.get_by_role("button", name="Generate").click()

    row = page.locator("tr[data-status-url]").first
    bar = row.locator("progress")
    page.wait_for_function(
        "bar => bar.value > 0 && bar.value < 100", arg=bar.element_handle(), timeout=15_000
    )
    expect(row.locator("[data-job-status]")).to_contain_text("Running")
    download_link = row.get_by_role("link", name="Download")
    expect(download_link).to_be_visible(timeout=20_000)
    assert bar.evaluate("bar => bar.value") == 100

    with page.expect_download() as download:
        download_link.click()
    assert re.fullmatch(r"grid-ken-\d+\.xlsx", download.value.suggested_filename)
    with open(download.value.path(), "rb") as stream:
        sheet = openpyxl.load_workbook(io.BytesIO(stream.read()))["Grid"]
    assert sheet["A2"].value.startswith("Kenya")
    rows = {row[3]: row for row in sheet.iter_rows(min_row=4, values_only=True)}  # by paragraph
    assert len(rows) == ROWS
    assert rows["142.1"][4] == "Develop a national action plan on business."
    context.close()
