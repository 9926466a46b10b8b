"""Evidence files reach the public page once their update is published, unless marked confidential.
In Chromium: the focal point marks one file confidential, the validator approves from the validation
queue, the coordinator publishes, a visitor downloads the other file."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from tests.workspaces.conftest import demo  # noqa: F401
from tracking.models import Evidence, StatusUpdate

from .test_search_browser import PHONE, shoot
from .test_tracking_browser import PDF
from .test_workspaces_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def attach(update, name):
    evidence = Evidence.objects.create(
        status_update=update, original_name=name, content_type="application/pdf", size=len(PDF)
    )
    evidence.file.save(name, SimpleUploadedFile(name, PDF))
    return evidence


def test_published_evidence_is_public_unless_confidential(browser, live_server, demo, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    public_file = attach(demo.submitted, "oversight-act.pdf")
    secret_file = attach(demo.submitted, "witness-statements.pdf")

    focal = sign_in(browser, live_server, "focal.justice")
    focal.goto(f"/tracking/updates/{demo.submitted.pk}/")
    row = focal.locator("li").filter(has_text="witness-statements.pdf")
    row.get_by_role("button", name="Mark confidential").click()
    expect(focal.get_by_text("witness-statements.pdf is now confidential.")).to_be_visible()

    validator = sign_in(browser, live_server, "validator.justice")
    item = validator.locator("article.validation-item").filter(has_text=demo.submitted.narrative)
    item.get_by_role("button", name=re.compile("Approve")).click()
    coordinator = sign_in(browser, live_server, "coordinator")
    coordinator.goto(f"/tracking/updates/{demo.submitted.pk}/")
    coordinator.get_by_role("button", name="Publish").click()
    expect(coordinator.locator("#update-state")).to_have_text("Published")
    assert StatusUpdate.objects.get(pk=demo.submitted.pk).state == StatusUpdate.State.PUBLISHED

    for viewport, name in (({"width": 1280, "height": 900}, "desktop"), (PHONE, "phone")):
        visitor = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport).new_page()
        visitor.goto(f"/recommendations/{demo.submitted.recommendation.public_id}/")
        report = visitor.locator("article.update").filter(has_text=demo.submitted.narrative)
        expect(report.get_by_role("link", name="oversight-act.pdf")).to_be_visible()
        expect(report.get_by_text("witness-statements.pdf")).to_have_count(0)
        shoot(visitor, f"evidence-public-{name}")
    assert visitor.request.get(f"/tracking/evidence/{public_file.pk}/").status == 200
    assert visitor.request.get(f"/tracking/evidence/{secret_file.pk}/").status == 404
    from .conftest import AXE

    visitor.evaluate(AXE.read_text())  # the Content-Security-Policy refuses a script tag
    violations = visitor.evaluate("async () => (await axe.run(document)).violations")
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
