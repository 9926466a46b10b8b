"""The portal as a visitor uses it, in Chromium. One walk through the pages: every live-server test
costs a flush of the whole database afterwards, so the scenario is a single test."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Review
from reference.models import Mechanism, Session, State
from search.services import search_index_refresh
from tests.portal.conftest import make_recommendation

pytestmark = pytest.mark.django_db(transaction=True)


def more_on_freedom_of_expression():
    """France's third-cycle review: three more recommendations on the phrase the visitor searches."""
    review = Review.objects.create(
        state=State.objects.get(iso3="FRA"),
        mechanism=Mechanism.objects.get(code="UPR"),
        session=Session.objects.get(number=29),
        year=2018,
    )
    for n, response in enumerate(["supported", "supported", "noted"]):
        make_recommendation(
            review,
            f"Protect freedom of expression online and offline ({n}).",
            recommending=["BRA"],
            response=response,
            paragraph=f"145.{n + 1}",
        )


def results_heading(page):
    return page.get_by_role("heading", name=re.compile(r"^\d+ recommendations?$"))


def test_visitor_searches_narrows_reads_switches_language_and_downloads(page, world, assert_accessible):
    more_on_freedom_of_expression()
    search_index_refresh()

    page.goto("/")
    assert_accessible(page)

    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words or phrase").fill('"freedom of expression"')
    expect(results_heading(page)).to_have_text("5 recommendations")
    expect(page).to_have_url(re.compile(r"q=%22freedom"))
    expect(page.locator(".result mark").first).to_have_text(re.compile("freedom", re.IGNORECASE))
    assert_accessible(page)

    state_facet = page.locator("details.facet").filter(has=page.get_by_text("State under review", exact=True))
    france = state_facet.get_by_role("checkbox", name=re.compile("^France"))
    expect(france).to_have_accessible_name(re.compile(r"France\s+3$"))
    page.get_by_role("checkbox", name=re.compile("^Supported")).check()
    expect(results_heading(page)).to_have_text("3 recommendations")
    expect(france).to_have_accessible_name(re.compile(r"France\s+2$"))  # counts follow the choice
    state_facet.get_by_role("checkbox", name=re.compile("^Brazil")).check()
    expect(results_heading(page)).to_have_text("1 recommendation")
    expect(page).to_have_url(
        re.compile(r"response=supported.*state_under_review=BRA|state_under_review=BRA.*response=supported")
    )

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert world.main.public_id in csv and world.earlier.public_id not in csv

    page.get_by_role("link", name=re.compile("Brazil · UPR")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation to Brazil (UPR)")
    assert_accessible(page)

    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="À propos de cette recommandation")).to_be_visible()
    expect(page.locator("blockquote").first).to_contain_text("Tenir compte des préoccupations")
    page.get_by_text("Afficher le texte original").click()
    expect(page.get_by_text("Consider freedom of expression concerns")).to_be_visible()

    page.get_by_role("link", name="Brazil").first.click()
    expect(page.get_by_role("heading", name="Reçues par mécanisme et par cycle")).to_be_visible()
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name=world.expression.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.expression.name)
    expect(page.locator(f'a[href="/participation/feeds/theme/{world.expression.pk}/"]')).to_be_visible()
    assert_accessible(page)
