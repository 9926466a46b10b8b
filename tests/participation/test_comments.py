import datetime as dt

import pytest
from django.utils import timezone

from participation.models import Comment, CommentReport
from tests.participation.conftest import approve_all, logged_in

pytestmark = pytest.mark.django_db


def comment_url(world, recommendation=None):
    return f"/participation/recommendations/{(recommendation or world.recommendation).public_id}/comment/"


def test_a_pending_comment_is_not_public_until_the_coordinator_approves_it(client, world, member_client):
    response = member_client.post(comment_url(world), {"body": "The bill stalled in committee."})
    assert response.status_code == 302
    assert "The bill stalled" not in client.get(world.page).content.decode()
    assert "awaiting moderation" in member_client.get(world.page).content.decode()
    assert (
        client.get(f"/api/v1/participation/comments/?recommendation={world.recommendation.public_id}").json()[
            "count"
        ]
        == 0
    )

    approve_all(world)
    assert "The bill stalled in committee." in client.get(world.page).content.decode()
    body = client.get(
        f"/api/v1/participation/comments/?recommendation={world.recommendation.public_id}"
    ).json()
    assert body["results"][0]["organisation"]["name"] == "Women's Rights Watch"


def test_a_trusted_organisation_publishes_directly(client, world):
    logged_in(world.trusted_member).post(comment_url(world), {"body": "We visited three prisons."})
    assert Comment.objects.get().moderation == "approved"
    assert "We visited three prisons." in client.get(world.page).content.decode()


def test_replies_are_threaded_under_their_comment(client, world):
    nhri = logged_in(world.trusted_member)
    nhri.post(comment_url(world), {"body": "First point."})
    parent = Comment.objects.get()
    nhri.post(comment_url(world), {"body": "A reply.", "parent": parent.pk})
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert reply.parent == parent
    page = client.get(world.page).content.decode()
    thread = page.split(f'id="comment-{parent.pk}"')[1]
    assert f'id="comment-{reply.pk}"' in thread.split('class="replies"')[1]


def test_comments_only_on_published_reports_and_recommendations(world, member_client):
    response = member_client.post(comment_url(world), {"body": "x", "status_update": world.draft.pk})
    assert (
        response.status_code == 302
    )  # an unpublished report is simply not found: comment on the recommendation
    assert Comment.objects.get().status_update is None
    assert member_client.post(comment_url(world, world.unpublished), {"body": "x"}).status_code == 404
    member_client.post(comment_url(world), {"body": "On the report.", "status_update": world.government.pk})
    assert Comment.objects.filter(status_update=world.government).exists()


def test_people_who_speak_for_no_organisation_cannot_comment(world, client):
    assert logged_in(world.outsider).post(comment_url(world), {"body": "x"}).status_code == 403
    assert client.post(comment_url(world), {"body": "x"}).status_code == 302  # to sign in
    assert not Comment.objects.exists()


def test_an_edit_within_the_window_is_shown_with_the_original(client, world):
    nhri = logged_in(world.trusted_member)
    nhri.post(comment_url(world), {"body": "Three prisons."})
    comment = Comment.objects.get()
    assert (
        nhri.post(f"/participation/comments/{comment.pk}/edit/", {"body": "Four prisons."}).status_code == 302
    )
    comment.refresh_from_db()
    assert comment.body == "Four prisons." and comment.original_body == "Three prisons." and comment.edited_at
    page = client.get(world.page).content.decode()
    assert "Four prisons." in page and "edited at" in page and "Three prisons." in page


def test_an_edit_after_the_window_is_refused(world):
    nhri = logged_in(world.trusted_member)
    nhri.post(comment_url(world), {"body": "Three prisons."})
    comment = Comment.objects.get()
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    response = nhri.post(f"/participation/comments/{comment.pk}/edit/", {"body": "Changed."})
    assert response.status_code == 403
    assert "15 minutes" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Three prisons."


def test_an_edit_of_a_moderated_comment_goes_back_to_moderation(client, world, member_client):
    member_client.post(comment_url(world), {"body": "Fine words."})
    approve_all(world)
    comment = Comment.objects.get()
    member_client.post(f"/participation/comments/{comment.pk}/edit/", {"body": "Not fine words."})
    comment.refresh_from_db()
    assert comment.moderation == "pending"
    assert "Fine words." not in client.get(world.page).content.decode()


def test_someone_else_cannot_edit_a_comment(world, member_client):
    logged_in(world.trusted_member).post(comment_url(world), {"body": "Ours."})
    comment = Comment.objects.get()
    assert (
        member_client.post(f"/participation/comments/{comment.pk}/edit/", {"body": "Mine."}).status_code
        == 404
    )


def test_anyone_can_report_a_comment_and_the_coordinator_rejects_it(client, world, coordinator_client):
    logged_in(world.trusted_member).post(comment_url(world), {"body": "Offensive words."})
    comment = Comment.objects.get()
    response = client.post(f"/participation/comments/{comment.pk}/report/", {"reason": "Insults a person."})
    assert response.status_code == 200
    assert CommentReport.objects.get().reason == "Insults a person."
    assert "Insults a person." in coordinator_client.get("/participation/moderation/").content.decode()

    coordinator_client.post(f"/participation/moderation/comment/{comment.pk}/", {"decision": "rejected"})
    assert "Offensive words." not in client.get(world.page).content.decode()
    assert CommentReport.objects.get().resolved_at is not None
    assert client.post(f"/participation/comments/{comment.pk}/report/", {"reason": "x"}).status_code == 404


def test_the_comment_form_offers_the_published_reports_only(world, member_client):
    page = member_client.get(world.page).content.decode()
    about = page.split('name="status_update"')[1].split("</select>")[0]
    assert f'value="{world.government.pk}"' in about and f'value="{world.draft.pk}"' not in about
