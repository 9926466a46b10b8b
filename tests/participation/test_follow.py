import datetime as dt

import pytest
from django.utils import timezone

from participation.models import Follow
from participation.tasks import follow_digest_task
from tests.factories import CommentFactory, StatusUpdateFactory
from tests.participation.conftest import approve_all, logged_in

pytestmark = pytest.mark.django_db


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
    Follow.objects.create(user=world.outsider, state=state)
    Follow.objects.filter(user=world.outsider).update(created_at=timezone.now() - dt.timedelta(days=1))
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
