"""The coordinator reviews the tracker's suggestions in Chromium: rejects one, corrects one, accepts a
batch above a threshold; the portal then shows the accepted themes and never the rejected one. One
scenario: every live-server test costs a flush of the database afterwards."""

import re

import pytest
from playwright.sync_api import expect

from assistance.tasks import suggest_for_recommendations_task
from tests.assistance.conftest import media, stored_models, trained, upr_info_sample  # noqa: F401
from tests.conftest import signed_in
from tests.factories import RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

RATIFY = "Ratify the Convention on the Rights of Persons with Disabilities and its Optional Protocol."
DEATH_PENALTY = "Abolish the death penalty and commute all death sentences to prison terms."


@pytest.mark.usefixtures("stored_models")
def test_coordinator_accepts_a_batch_corrects_one_and_the_portal_shows_only_accepted_themes(
    browser, live_server, page, assert_accessible
):
    ratify = RecommendationFactory(text=RATIFY, action_category=None)
    death = RecommendationFactory(text=DEATH_PENALTY, action_category=None)
    suggest_for_recommendations_task([ratify.pk, death.pk])
    session = signed_in(UserFactory(username="coordinator", coordinator=True)).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])

    page.goto("/assistance/queue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggestions to review")
    assert_accessible(page)
    ratify_group = page.locator("article", has=page.get_by_role("heading", name=re.compile(ratify.public_id)))
    death_group = page.locator("article", has=page.get_by_role("heading", name=re.compile(death.public_id)))

    # One by one: "Disabilities" is rejected for the ratification.
    ratify_group.get_by_role("button", name="Reject Disabilities").click()
    expect(ratify_group.get_by_role("button", name="Reject Disabilities")).to_have_count(0)

    # A correction: the death-penalty recommendation is a general action, not what the tracker says.
    category_row = death_group.locator("tr", has_text="Action category")
    category_row.locator("summary").click()
    category_row.get_by_label("Category instead").select_option("4")
    category_row.get_by_role("button", name="Save correction").click()
    expect(page.get_by_role("status")).to_contain_text("Corrected.")

    # The batch: everything at 90 % or more.
    page.get_by_label("Accept all with confidence at least").fill("0.9")
    page.get_by_role("button", name="Accept all above the threshold").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"\d+ suggestions? accepted"))
    expect(ratify_group.get_by_role("button", name="Accept International instruments")).to_have_count(0)

    # The public (a fresh, anonymous context) sees accepted themes, the correction, never the rejected theme.
    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto(f"/recommendations/{ratify.public_id}/")
    expect(visitor.get_by_role("link", name="International instruments", exact=True)).to_be_visible()
    expect(visitor.get_by_role("link", name="Disabilities", exact=True)).to_have_count(0)
    visitor.goto(f"/recommendations/{death.public_id}/")
    expect(visitor.get_by_role("link", name="Death penalty", exact=True)).to_be_visible()
    expect(visitor.get_by_role("link", name="4 – General action")).to_be_visible()
    visitor.context.close()
