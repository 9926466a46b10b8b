"""A CSO member registers, is verified, comments and posts an assessment that differs from the
government's; after moderation an anonymous visitor sees both voices side by side and follows the
recommendation by e-mail. One scenario: every live-server test costs a flush of the database afterwards."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import signed_in
from tests.factories import RecommendationFactory, StatusUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _field(label: str) -> re.Pattern:
    """A field by its label as the signed-in form style writes it: the words, "(required)" if it is."""
    return re.compile(rf"^{re.escape(label)}:?[\s*]*(\(required\))?$")


def _as(browser, live_server, user):
    """A browser context signed in as ``user`` (with the second factor passed, for the coordinator)."""
    session = signed_in(user).cookies["sessionid"].value
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context.new_page()


def test_cso_member_registers_comments_and_assesses_and_the_public_sees_both_voices(
    browser, live_server, page, settings, assert_accessible
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    recommendation = RecommendationFactory(text="Adopt a law criminalising domestic violence.")
    StatusUpdateFactory(recommendation=recommendation, status="in_progress", published=True)
    coordinator = _as(browser, live_server, UserFactory(username="coordinator", coordinator=True))
    url = f"/recommendations/{recommendation.public_id}/"

    # The member registers the organisation and confirms the address by the e-mailed link.
    page.goto("/participation/register/")
    page.get_by_label(_field("Organisation")).fill("Women's Rights Watch")
    page.get_by_label(_field("Website")).fill("https://wrw.example.org")
    page.get_by_label(_field("First name")).fill("Ana")
    page.get_by_label(_field("Last name")).fill("Lima")
    page.get_by_label(_field("Your e-mail address")).fill("ana@wrw.example.org")
    page.get_by_label(_field("User name")).fill("cso.member")
    page.get_by_label(_field("Password")).fill("a long and unusual passphrase")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    link = re.search(r"https?://\S+(/participation/verify/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    expect(page.get_by_text("Awaiting verification by the coordinator")).to_be_visible()

    # The coordinator verifies the organisation.
    coordinator.goto("/participation/moderation/")
    coordinator.locator("article", has_text="Women's Rights Watch").get_by_role(
        "button", name="Verify", exact=True
    ).click()
    expect(coordinator.get_by_text("Women's Rights Watch")).to_have_count(0)

    # The member comments and posts an assessment that differs from the government's.
    page.goto(url)
    page.get_by_label(_field("Comment")).fill(
        "The bill has not moved since 2024. See [our report](https://wrw.example.org/r)."
    )
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment, awaiting moderation")).to_be_visible()
    page.get_by_text("Post the assessment of Women's Rights Watch").click()
    page.get_by_label(_field("Status of implementation")).select_option(label="Not started")
    page.get_by_label(_field("Rationale")).fill("No step has been taken in practice.")
    page.get_by_role("button", name="Post assessment").click()
    expect(page.get_by_text("awaits moderation")).to_be_visible()

    # Before moderation the visitor sees neither.
    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto(url)
    expect(visitor.get_by_text("The bill has not moved")).to_have_count(0)

    # The coordinator approves both.
    coordinator.goto("/participation/moderation/")
    for _ in range(2):
        coordinator.get_by_role("button", name="Approve").first.click()
    expect(coordinator.get_by_role("button", name="Approve")).to_have_count(0)

    # The anonymous visitor sees both voices side by side, and the comment.
    visitor.goto(url)
    government = visitor.locator(".voice-government")
    civil_society = visitor.locator(".voice-civil-society")
    expect(government).to_contain_text("In progress")
    expect(civil_society).to_contain_text("Not started")
    expect(civil_society).to_contain_text("Women's Rights Watch")
    expect(civil_society).to_contain_text("No step has been taken in practice.")
    expect(visitor.get_by_text("differs from the government's status")).to_be_visible()
    comment = visitor.locator("#comments article.comment").first
    expect(comment).to_contain_text("The bill has not moved since 2024.")
    expect(comment.get_by_role("link", name="our report")).to_have_attribute("rel", "nofollow noopener")
    left, right = government.bounding_box(), civil_society.bounding_box()
    assert abs(left["y"] - right["y"]) < 5 and left["x"] < right["x"]  # side by side
    assert_accessible(visitor)

    # The visitor, who has no account, follows it by e-mail and confirms with the e-mailed link.
    visitor.get_by_label(_field("Follow by e-mail")).fill("reader@example.org")
    visitor.get_by_role("button", name="Follow", exact=True).click()
    expect(visitor.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    link = re.search(r"https?://\S+(/participation/follow-by-email/\S+)", mail.outbox[-1].body).group(1)
    visitor.goto(link)
    visitor.get_by_role("button", name="Confirm and follow").click()
    expect(
        visitor.get_by_role("heading", name=f"You follow Recommendation {recommendation.public_id}")
    ).to_be_visible()

    # The search finds it among those where civil society disagrees, with both voices on the result.
    visitor.goto("/search/")
    facet = visitor.locator("details.facet", has_text="Civil society assessment")
    if facet.get_attribute("open") is None:
        facet.locator("summary").click()
    facet.get_by_label("Disagrees with the government").check()
    visitor.get_by_role("button", name="Apply filters").click()
    # Wait for the filtered page: the unfiltered one shows "1 recommendation" too.
    expect(visitor).to_have_url(re.compile(r"civil_society=disagrees"))
    expect(visitor.get_by_role("heading", name="1 recommendation")).to_be_visible()
    result = visitor.locator(".result-list .result")
    expect(result).to_contain_text("Adopt a law criminalising domestic violence.")
    expect(result).to_contain_text("Government: In progress")
    expect(result).to_contain_text("Civil society: Women's Rights Watch Not started")
    page.goto(url)
    assert_accessible(page)  # with the member's forms
    coordinator.context.close()
    visitor.context.close()
