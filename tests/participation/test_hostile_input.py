"""Hostile input is stored as typed, rendered inert, and limits answer 429 with a sentence."""

import re

import pytest

from participation.models import Comment
from tests.participation.conftest import logged_in

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> "
    '[click](javascript:alert(1)) <a href="javascript:alert(2)">x</a> '
    "[ok](https://example.org) <svg onload=alert(3)>"
)


def comment_url(world):
    return f"/participation/recommendations/{world.recommendation.public_id}/comment/"


def assert_inert(html: str):
    """No live element, handler or javascript: link; the same words as escaped text are harmless."""
    assert not re.search(r"<(script|img|svg)\b", html)
    assert not re.search(r"<[a-z][^<>]*\s(on[a-z]+=|href=\"?javascript:)", html, re.IGNORECASE)


def test_script_tags_handlers_and_javascript_links_are_stored_as_typed_and_rendered_inert(client, world):
    logged_in(world.trusted_member).post(comment_url(world), {"body": HOSTILE})
    assert Comment.objects.get().body == HOSTILE
    page = client.get(world.page).content.decode()
    comments = page.split('id="comments"')[1]
    assert_inert(comments)
    assert "&lt;script&gt;alert(" in comments  # shown as the text it is
    assert '<a href="https://example.org" rel="nofollow noopener">ok</a>' in comments

    api = client.get(
        f"/api/v1/participation/comments/?recommendation={world.recommendation.public_id}"
    ).json()
    assert api["results"][0]["body"] == HOSTILE
    assert_inert(api["results"][0]["body_html"])
    feed = client.get(
        f"/participation/feeds/recommendation/{world.recommendation.public_id}/"
    ).content.decode()
    assert "<script" not in feed and "&lt;script" not in feed.replace("&amp;lt;script", "")


def test_hostile_names_and_links_are_escaped_or_refused(world, coordinator_client):
    world.organisation.name = "<script>alert(1)</script>"
    world.organisation.save()
    member = logged_in(world.member)
    member.post(comment_url(world), {"body": "Hello"})
    queue = coordinator_client.get("/participation/moderation/").content.decode()
    assert "<script>alert(1)" not in queue and "&lt;script&gt;alert(1)" in queue
    response = member.post(
        f"/participation/recommendations/{world.recommendation.public_id}/assessment/",
        {"status": "fully", "rationale": "x", "evidence_links": "javascript:alert(1)"},
    )
    assert response.status_code == 400 and "Enter a valid URL." in response.content.decode()


def test_oversized_text_gets_a_clear_error(world, member_client):
    response = member_client.post(comment_url(world), {"body": "a" * 1_000_000})
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters (it has 1000000)." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("raw", [b"body=caf\xe9+%3Cscript%3E", b"body=%FF%FEabc"])
def test_invalid_utf8_is_answered_400_not_500(world, member_client, raw):
    response = member_client.generic(
        "POST", comment_url(world), raw, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()
    assert not Comment.objects.exists()


def test_invalid_utf8_in_api_json_is_answered_400(world, member_client):
    response = member_client.generic(
        "POST",
        "/api/v1/participation/comments/",
        b'{"recommendation": "x", "body": "\xff\xfe"}',
        content_type="application/json",
    )
    assert response.status_code == 400


def test_nul_characters_are_refused_not_a_database_error(world, member_client):
    response = member_client.post(comment_url(world), {"body": "a\x00b"})
    assert response.status_code == 400


def test_too_many_comments_get_429_with_a_clear_message(world, member_client, settings):
    settings.PARTICIPATION_RATE_LIMITS = {"comment": "2/m"}
    for _ in range(2):
        assert member_client.post(comment_url(world), {"body": "Again"}).status_code == 302
    response = member_client.post(comment_url(world), {"body": "Again"})
    assert response.status_code == 429
    assert "Too many requests. Please wait 1 minute and try again." in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 60
    assert Comment.objects.count() == 2

    api = member_client.post(
        "/api/v1/participation/comments/",
        {"recommendation": world.recommendation.public_id, "body": "Again"},
        content_type="application/json",
    )
    assert api.status_code == 429 and "Too many requests" in api.json()["error"]["message"]


def test_registrations_and_reports_from_one_address_are_limited(client, world):
    for _ in range(5):
        assert client.post("/participation/register/", {"name": ""}).status_code == 400
    response = client.post("/participation/register/", {"name": ""})
    assert response.status_code == 429 and "Too many requests" in response.content.decode()

    logged_in(world.trusted_member).post(comment_url(world), {"body": "Words."})
    comment = Comment.objects.get()
    for _ in range(5):
        client.post(f"/participation/comments/{comment.pk}/report/", {"reason": "Spam"})
    assert client.post(f"/participation/comments/{comment.pk}/report/", {"reason": "Spam"}).status_code == 429


def test_every_form_needs_its_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.member)
    assert strict.post(comment_url(world), {"body": "No token"}).status_code == 403
    assert (
        strict.post("/api/v1/participation/comments/", {"recommendation": "x", "body": "y"}).status_code
        == 403
    )
    assert not Comment.objects.exists()
