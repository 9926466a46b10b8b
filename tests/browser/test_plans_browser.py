"""Action plans in Chromium: the coordinator plans from a search, the lead institution reports progress
through the workflow, and a visitor sees the plan's timeline and the action on each recommendation.

One walk: every live-server test costs a flush of the database.
"""

import datetime as dt
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from institutions.models import Membership
from plans.models import Action, Plan
from search.services import search_index_refresh
from tests.factories import (
    IndicatorFactory,
    InstitutionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)
from tracking.models import StatusUpdate

from .test_tracking_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_plans_from_a_search_focal_point_reports_public_sees_the_plan(
    browser, live_server, assert_accessible
):
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MoJ")
    texts = [
        "Investigate all allegations of torture by police officers.",
        "Establish an independent body to receive complaints against police officers.",
        "Train police officers on the absolute prohibition of torture.",
    ]
    picked = [RecommendationFactory(text=text) for text in texts]
    RecommendationFactory(text="Ratify the Minamata Convention.")
    indicator = IndicatorFactory(
        recommendation=picked[0],
        responsible_institution=justice,
        title="Complaints investigated within 90 days",
    )
    search_index_refresh()
    MembershipFactory(institution=justice, user=UserFactory(username="focal.justice"))
    validator = MembershipFactory(
        institution=justice, role=Membership.Role.VALIDATOR, user=UserFactory(username="validator.justice")
    ).user
    coordinator = UserFactory(username="coordinator", coordinator=True)
    devices = {u.username: TOTPDevice.objects.create(user=u, name="app") for u in (validator, coordinator)}

    planner = sign_in(browser, live_server, "coordinator", devices["coordinator"])
    planner.goto("/search/?q=police")
    planner.get_by_role("link", name="Plan actions for them").click()
    planner.get_by_role("link", name="Create a plan first").click()
    planner.get_by_label("Title").fill("UPR implementation plan 2025–2028")
    planner.get_by_label("Period from").fill("2025-01-01")
    planner.get_by_label("Period to").fill("2028-12-31")
    planner.get_by_role("button", name="Save").click()
    expect(planner.get_by_role("heading", name="Plan actions for recommendations")).to_be_visible()
    for recommendation in picked:
        expect(planner.get_by_role("checkbox", name=re.compile(recommendation.public_id))).to_be_checked()
    assert_accessible(planner)
    expect(planner.get_by_label(re.compile(r"^Plan:?[\s*]*(\(required\))?$"))).to_have_value(
        str(Plan.objects.get().pk)
    )
    planner.get_by_label(re.compile(r"^Title:?[\s*]*(\(required\))?$")).fill(
        "Create an independent police complaints unit"
    )
    planner.get_by_label("Lead institution").select_option(str(justice.pk))
    planner.get_by_label(re.compile(r"^Start:?[\s*]*(\(required\))?$")).fill("2025-03-01")
    planner.get_by_label(re.compile(r"^End:?[\s*]*(\(required\))?$")).fill("2026-12-31")
    planner.get_by_label(re.compile(r"^Budget:?[\s*]*(\(required\))?$")).fill("250000")
    planner.get_by_label("Currency").fill("KES")
    planner.get_by_label("Source of funds").select_option("national")
    planner.get_by_label("Indicators").select_option(str(indicator.pk))
    planner.get_by_role("button", name="Create the action").click()
    expect(
        planner.get_by_role("heading", name=re.compile("Create an independent police complaints unit"))
    ).to_be_visible()
    action = Action.objects.get()
    assert set(action.recommendations.all()) == set(picked) and list(action.indicators.all()) == [indicator]
    assert action.budget_amount == 250000 and action.budget_currency == "KES"
    planner.get_by_role("link", name="UPR implementation plan 2025–2028").click()
    planner.get_by_role("button", name="Adopt the plan").click()
    expect(planner.get_by_text("The plan is now adopted.")).to_be_visible()

    focal = sign_in(browser, live_server, "focal.justice")
    focal.goto(f"/plans/actions/{action.pk}/")
    assert_accessible(focal)
    focal.get_by_role("link", name="Report progress").click()
    focal.get_by_label("Status").select_option("in_progress")
    focal.get_by_label("Actions taken").fill("The unit's regulation was gazetted and 12 investigators hired.")
    focal.get_by_label("Money spent").fill("90000")
    focal.get_by_label(re.compile(r"^Indicator:?[\s*]*(\(required\))?$")).select_option(str(indicator.pk))
    focal.get_by_label("Value as of").fill(dt.date(2025, 12, 31).isoformat())
    focal.get_by_label(re.compile(r"^Value:?[\s*]*(\(required\))?$")).fill("55")
    focal.get_by_role("button", name="Save draft").click()
    focal.get_by_role("button", name="Submit for validation").click()
    expect(focal.locator("#update-state")).to_have_text("Submitted")
    update = StatusUpdate.objects.get(action=action)

    approver = sign_in(browser, live_server, "validator.justice", devices["validator.justice"])
    approver.goto(f"/tracking/updates/{update.pk}/")
    approver.get_by_role("button", name="Approve").click()
    expect(approver.locator("#update-state")).to_have_text("Approved")
    planner.goto(f"/tracking/updates/{update.pk}/")
    planner.get_by_role("button", name="Publish").click()
    expect(planner.locator("#update-state")).to_have_text("Published")

    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto("/plans/")
    visitor.get_by_role("link", name="UPR implementation plan 2025–2028").click()
    expect(visitor.get_by_role("img", name=re.compile("Timeline"))).to_be_visible()
    expect(visitor.get_by_role("table", name="Actions, their dates and progress")).to_contain_text(
        "31 Dec 2026"
    )
    expect(
        visitor.get_by_text("The unit's regulation was gazetted and 12 investigators hired.")
    ).to_be_visible()
    expect(visitor.get_by_text("Money spent: 90,000 KES")).to_be_visible()
    assert_accessible(visitor)
    for recommendation in picked:
        visitor.goto(f"/recommendations/{recommendation.public_id}/")
        expect(
            visitor.get_by_role("link", name="Create an independent police complaints unit")
        ).to_be_visible()
    assert_accessible(visitor)
