"""Following: signed-in people with a toggle, visitors without an account by e-mail, the digest, feeds.

E-mail follows are the anonymous visitor's (``client``): an address gets one confirmation link and
nothing else until its owner confirms on the page it opens; every digest has links to stop.
"""

import datetime as dt
import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation.models import Follow
from participation.services import follows
from participation.tasks import follow_digest_task
from tests.factories import CommentFactory, StatusUpdateFactory
from tests.participation.conftest import approve_all, logged_in

pytestmark = pytest.mark.django_db

ADDRESS = "reader@example.org"


def by_email_url(world, recommendation=None) -> str:
    public_id = (recommendation or world.recommendation).public_id
    return f"/participation/follow/recommendation/{public_id}/by-email/"


def link_in(mail, path: str) -> str:
    """The path of the first link to ``path`` in an e-mail (links there are absolute)."""
    return re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]+)", mail.body)[1]


def stop_all_link(mail) -> str:
    return re.search(r"Stop all these e-mails: https?://[^/\s]+(\S+)", mail.body)[1]


def lead(response) -> str:
    """The sentence a message page answers with (the rest of a page differs: CSRF tokens)."""
    return re.search(r'<p class="lead"[^>]*>(.*?)</p>', response.content.decode(), re.S)[1]


def post_assessment(world, status: str = "not_started"):
    logged_in(world.trusted_member).post(
        f"/participation/recommendations/{world.recommendation.public_id}/assessment/",
        {"status": status, "rationale": "Nothing moved."},
    )


def confirmed_email_follow(world, **target) -> Follow:
    return Follow.objects.create(
        email=ADDRESS,
        confirmed_at=timezone.now() - dt.timedelta(days=1),
        **(target or {"recommendation": world.recommendation}),
    )


def test_following_is_a_toggle_for_signed_in_people(client, world):
    url = f"/participation/follow/recommendation/{world.recommendation.public_id}/"
    visitor = logged_in(world.outsider)
    assert visitor.post(url, {"next": world.page}).url == world.page
    assert Follow.objects.get().recommendation == world.recommendation
    visitor.post(url)
    assert not Follow.objects.exists()
    assert client.post(url).status_code == 302 and not Follow.objects.exists()  # to sign in
    assert (
        visitor.post(f"/participation/follow/recommendation/{world.unpublished.public_id}/").status_code
        == 404
    )


def test_the_digest_sends_only_what_was_published_since_the_last_one(mailoutbox, world):
    state = world.recommendation.review.state
    yesterday = timezone.now() - dt.timedelta(days=1)
    Follow.objects.create(user=world.outsider, state=state, confirmed_at=yesterday)
    Follow.objects.filter(user=world.outsider).update(created_at=yesterday)
    logged_in(world.member).post(
        f"/participation/recommendations/{world.recommendation.public_id}/comment/",
        {"body": "Pending words."},
    )
    logged_in(world.trusted_member).post(
        f"/participation/recommendations/{world.recommendation.public_id}/assessment/",
        {"status": "not_started", "rationale": "Nothing moved."},
    )

    assert follow_digest_task() == 1
    body = mailoutbox[0].body
    assert "National Human Rights Commission: Not started" in body
    assert "In progress" in body  # the published government report
    assert "Pending words" not in body and "SECRET" not in body and "Fully" not in body

    approve_all(world)
    mailoutbox.clear()
    follow_digest_task()
    assert "Women's Rights Watch" in mailoutbox[0].body and "Not started" not in mailoutbox[0].body
    mailoutbox.clear()
    follow_digest_task()
    assert mailoutbox == []


def test_the_atom_feed_holds_only_published_things(client, world):
    CommentFactory(
        recommendation=world.recommendation, body="SECRET pending", organisation=world.organisation
    )
    CommentFactory(
        recommendation=world.recommendation,
        body="Approved **words**",
        organisation=world.organisation,
        moderation="approved",
    )
    CommentFactory(
        recommendation=world.recommendation,
        body="SECRET on a draft",
        organisation=world.organisation,
        moderation="approved",
        status_update=world.draft,
    )
    StatusUpdateFactory(recommendation=world.unpublished, published=True, narrative="SECRET on unpublished")
    for url in (
        f"/participation/feeds/recommendation/{world.recommendation.public_id}/",
        f"/participation/feeds/state/{world.recommendation.review.state.iso3}/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
        feed = response.content.decode()
        assert "Approved &lt;strong&gt;words&lt;/strong&gt;" in feed and "A bill was tabled." in feed
        assert "SECRET" not in feed
    assert (
        client.get(f"/participation/feeds/recommendation/{world.unpublished.public_id}/").status_code == 404
    )


def test_a_visitor_follows_by_email_confirms_gets_the_digest_and_stops(client, world, mailoutbox):
    page = client.get(world.page).content.decode()
    assert f'action="{by_email_url(world)}"' in page and "Follow by e-mail" in page
    response = client.post(by_email_url(world), {"email": " Reader@Example.org "})
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    follow = Follow.objects.get()
    assert (follow.email, follow.user, follow.confirmed_at) == (ADDRESS, None, None)
    assert [mail.to for mail in mailoutbox] == [[ADDRESS]]
    confirm = link_in(mailoutbox[0], "/participation/follow-by-email/")
    assert world.recommendation.public_id in mailoutbox[0].subject

    post_assessment(world)  # published at once: the organisation is trusted
    mailoutbox.clear()
    follow_digest_task()
    assert mailoutbox == []  # an address that has not confirmed gets nothing

    page = client.get(confirm)  # opening the link, as a mail scanner would, confirms nothing
    assert page.status_code == 200 and "Confirm and follow" in page.content.decode()
    assert Follow.objects.get().confirmed_at is None
    response = client.post(confirm)
    assert response.status_code == 200 and ADDRESS in response.content.decode()
    assert Follow.objects.get().confirmed_at is not None
    assert client.post(confirm).status_code == 200  # confirming twice is harmless
    assert "You follow" in client.get(confirm).content.decode()

    post_assessment(world, "partially")
    logged_in(world.member).post(
        f"/participation/recommendations/{world.recommendation.public_id}/comment/",
        {"body": "Pending words."},
    )
    StatusUpdateFactory(recommendation=world.unpublished, published=True, narrative="SECRET unpublished")
    follow_digest_task()
    [digest] = mailoutbox
    assert digest.to == [ADDRESS]
    assert "National Human Rights Commission: Partially implemented" in digest.body
    assert "Pending words" not in digest.body and "SECRET" not in digest.body
    stop_all = stop_all_link(digest)
    assert digest.extra_headers["List-Unsubscribe"].endswith(f"{stop_all}>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    mailoutbox.clear()
    follow_digest_task()
    assert mailoutbox == []  # nothing new since the last digest

    page = client.get(stop_all)
    assert page.status_code == 200
    assert f"Recommendation {world.recommendation.public_id}" in page.content.decode()
    assert Follow.objects.exists()  # opening the link only asks
    assert client.post(stop_all).status_code == 200
    assert not Follow.objects.exists()
    post_assessment(world, "fully")
    follow_digest_task()
    assert mailoutbox == []


def test_a_link_per_follow_stops_that_one_and_mail_programs_stop_all_in_one_click(world, mailoutbox):
    state = world.recommendation.review.state
    confirmed_email_follow(world)
    confirmed_email_follow(world, state=state)
    Follow.objects.create(email="other@example.org", confirmed_at=timezone.now(), state=state)
    post_assessment(world)
    follow_digest_task()
    digest = next(mail for mail in mailoutbox if mail.to == [ADDRESS])
    assert digest.body.count("National Human Rights Commission: Not started") == 1  # one e-mail, once
    stop_state = re.search(rf"- {state.name}: https?://[^/\s]+(/\S+)", digest.body)[1]
    strict = Client(enforce_csrf_checks=True)  # no session, no CSRF token: the link is the credential
    assert strict.post(stop_state).status_code == 200
    assert list(Follow.objects.filter(email=ADDRESS).values_list("recommendation", flat=True)) == [
        world.recommendation.pk
    ]
    one_click = digest.extra_headers["List-Unsubscribe"].strip("<>")
    response = strict.post(one_click, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.filter(email=ADDRESS).exists()
    assert Follow.objects.filter(email="other@example.org").exists()


def test_signed_in_people_get_stop_links_too(world, mailoutbox):
    Follow.objects.create(
        user=world.outsider, recommendation=world.recommendation, confirmed_at=timezone.now()
    )
    post_assessment(world)
    follow_digest_task()
    stop_all = stop_all_link(mailoutbox[0])
    assert Client().post(stop_all).status_code == 200
    assert not Follow.objects.exists()


def test_a_person_who_also_follows_by_email_gets_one_digest_and_one_stop_all(world, mailoutbox):
    world.outsider.email = "Reader@Example.org"
    world.outsider.save()
    state = world.recommendation.review.state
    Follow.objects.create(user=world.outsider, state=state, confirmed_at=timezone.now())
    confirmed_email_follow(world)  # made before the account, from the same address
    Follow.objects.create(email="reader@example.org", recommendation=world.unpublished)  # never confirmed
    post_assessment(world)
    follow_digest_task()
    assert [mail.to for mail in mailoutbox] == [["Reader@Example.org"]]
    digest = mailoutbox[0]
    assert digest.body.count("National Human Rights Commission: Not started") == 1
    assert (
        f"- {state.name}: " in digest.body
        and f"- Recommendation {world.recommendation.public_id}: " in digest.body
    )
    assert Client().post(stop_all_link(digest)).status_code == 200
    assert list(Follow.objects.values_list("confirmed_at", flat=True)) == [None]  # only the unconfirmed one


def test_tampered_expired_and_used_links_get_a_clear_400(client, world, mailoutbox, monkeypatch):
    client.post(by_email_url(world), {"email": ADDRESS})
    confirm = link_in(mailoutbox[0], "/participation/follow-by-email/")
    follow = Follow.objects.get()
    for bad in (confirm[:-3] + "abc/", "/participation/follow-by-email/no-such-token/"):
        for method in (client.get, client.post):
            response = method(bad)
            assert response.status_code == 400 and "This link is not valid." in response.content.decode()

    with monkeypatch.context() as past:
        past.setattr(time, "time", lambda: dt.datetime.now().timestamp() - 4 * 24 * 3600)
        token = signing.dumps({"follow": follow.pk, "email": ADDRESS}, salt=follows.CONFIRM_SALT)
    response = client.post(f"/participation/follow-by-email/{token}/")
    assert response.status_code == 400 and "This link has expired." in response.content.decode()
    assert Follow.objects.get().confirmed_at is None

    stop = follows.unsubscribe_link(email=ADDRESS).split("/participation/")[1]
    for method in (client.get, client.post):
        response = method(f"/participation/{stop[:-4]}xyz/")
        assert response.status_code == 400 and "This link is not valid." in response.content.decode()
    client.post(f"/participation/{stop}")
    response = client.get(confirm)  # the follow it confirmed is gone
    assert response.status_code == 400 and "no longer valid" in response.content.decode()
    assert client.get(f"/participation/{stop}").status_code == 200  # nothing left to stop


def test_asking_again_resends_at_most_once_an_hour_and_never_tells_what_an_address_follows(
    client, world, mailoutbox
):
    first = client.post(by_email_url(world), {"email": ADDRESS})
    again = client.post(by_email_url(world), {"email": ADDRESS})
    assert "in the last hour" in lead(first) and lead(first) == lead(again)
    assert len(mailoutbox) == 1 and Follow.objects.count() == 1

    Follow.objects.update(link_sent_at=timezone.now() - dt.timedelta(minutes=61))
    client.post(by_email_url(world), {"email": ADDRESS})
    assert len(mailoutbox) == 2 and "Confirm" in mailoutbox[1].subject

    client.post(link_in(mailoutbox[1], "/participation/follow-by-email/"))
    Follow.objects.update(link_sent_at=timezone.now() - dt.timedelta(minutes=61))
    following = client.post(by_email_url(world), {"email": ADDRESS})
    assert lead(following) == lead(first)
    assert "already" in mailoutbox[2].subject and "/participation/unfollow/" in mailoutbox[2].body
    assert Follow.objects.count() == 1


def test_an_address_gets_few_emails_and_follows_a_bounded_number_of_things(
    client, world, mailoutbox, settings, monkeypatch
):
    from tests.factories import RecommendationFactory

    others = [RecommendationFactory() for _ in range(3)]
    settings.PARTICIPATION_RATE_LIMITS = {"follow_email_link": "1/d"}
    first = client.post(by_email_url(world), {"email": ADDRESS})
    second = client.post(by_email_url(world, others[0]), {"email": ADDRESS})
    assert lead(first) == lead(second) and len(mailoutbox) == 1
    assert Follow.objects.count() == 1  # no follow without its link

    settings.PARTICIPATION_RATE_LIMITS = {}
    monkeypatch.setattr(follows, "MAX_FOLLOWS_PER_ADDRESS", 2)
    client.post(by_email_url(world, others[1]), {"email": ADDRESS})
    capped = client.post(by_email_url(world, others[2]), {"email": ADDRESS})
    assert lead(capped) == lead(first)
    assert Follow.objects.count() == 2 and len(mailoutbox) == 2


def test_follow_by_email_is_limited_per_ip_with_429(client, world, settings):
    settings.PARTICIPATION_RATE_LIMITS = {"follow_email": "2/h"}
    for n in range(2):
        assert client.post(by_email_url(world), {"email": f"r{n}@example.org"}).status_code == 200
    response = client.post(by_email_url(world), {"email": "r3@example.org"})
    assert response.status_code == 429
    assert "Too many requests. Please wait" in response.content.decode() and response["Retry-After"]
    assert Follow.objects.count() == 2


def test_an_address_must_be_valid_and_the_recommendation_published(client, world, mailoutbox):
    for bad in ("not-an-address", "a@b", "x" * 250 + "@example.org", "r\n@example.org"):
        response = client.post(by_email_url(world), {"email": bad})
        assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert client.post(by_email_url(world, world.unpublished), {"email": ADDRESS}).status_code == 404
    assert client.get(by_email_url(world)).status_code == 405
    assert Client(enforce_csrf_checks=True).post(by_email_url(world), {"email": ADDRESS}).status_code == 403
    assert not Follow.objects.exists() and mailoutbox == []


def test_signed_in_people_follow_with_the_toggle_not_the_email_form(world):
    page = logged_in(world.outsider).get(world.page).content.decode()
    assert "Follow (e-mail digest)" in page and "/by-email/" not in page


def test_unconfirmed_follows_are_forgotten_once_their_link_expired(client, world):
    client.post(by_email_url(world), {"email": ADDRESS})
    confirmed_email_follow(world, state=world.recommendation.review.state)
    follow_digest_task()
    assert Follow.objects.count() == 2
    Follow.objects.update(link_sent_at=timezone.now() - dt.timedelta(days=3, minutes=1))
    follow_digest_task()
    assert Follow.objects.get().state == world.recommendation.review.state


def test_states_and_institutions_are_followed_by_email_from_their_pages(client, world, mailoutbox):
    state, institution = world.recommendation.review.state, world.government.institution
    for page, action in (
        (reverse("recommendations:state", args=[state.iso3]), f"/follow/state/{state.iso3}/by-email/"),
        (reverse("institutions:detail", args=[institution.pk]), f"/follow/institution/{institution.pk}/"),
    ):
        html = client.get(page).content.decode()
        assert f'action="/participation{action}' in html and "Atom feed" in html
    client.post(f"/participation/follow/state/{state.iso3}/by-email/", {"email": ADDRESS})
    assert Follow.objects.get().state == state and state.name in mailoutbox[0].subject
