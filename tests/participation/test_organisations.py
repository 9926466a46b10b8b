import re

import pytest
from django.contrib.auth import get_user_model

from participation.models import Comment, Organisation, OrganisationMember
from tests.participation.conftest import logged_in

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Youth for Rights",
    "kind": "cso",
    "website": "https://youth.example.org",
    "description": "We work with young people.",
    "first_name": "Ana",
    "last_name": "Lima",
    "email": "ana@youth.example.org",
    "username": "ana",
    "password": "a long and unusual passphrase",
}


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_an_organisation_registers_and_its_member_confirms_the_address(client, mailoutbox, world):
    response = client.post("/participation/register/", REGISTRATION)
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    user = get_user_model().objects.get(username="ana")
    organisation = Organisation.objects.get(name="Youth for Rights")
    assert not user.is_active and not organisation.is_verified
    assert OrganisationMember.objects.get(user=user).role == "admin"

    response = client.get(_link(mailoutbox[0]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    page = client.get(response.url).content.decode()
    assert "Awaiting verification by the coordinator" in page


def test_a_tampered_or_reused_link_is_refused_or_harmless(client, mailoutbox, world):
    client.post("/participation/register/", REGISTRATION)
    link = _link(mailoutbox[0])
    assert client.get(link[:-3] + "xyz/").status_code == 400
    assert client.get(link).status_code == 302
    assert client.get(link).status_code == 302


def test_the_verification_link_signs_in_once_and_soon_only(mailoutbox, world, monkeypatch):
    """Finding 5: the link signed a browser in, again and again, for three days."""
    from django.test import Client

    Client().post("/participation/register/", REGISTRATION)
    link = _link(mailoutbox[0])
    first = Client()
    assert first.get(link).status_code == 302 and "_auth_user_id" in first.session
    second = Client()
    answer = second.get(link)
    assert answer.url == "/accounts/login/" and "_auth_user_id" not in second.session

    # Registered two hours ago and never confirmed: the link activates, but asks for the password.
    bea = {**REGISTRATION, "name": "Bea group", "username": "bea", "email": "bea@example.org"}
    Client().post("/participation/register/", bea)
    later = _link(mailoutbox[-1])
    monkeypatch.setattr("participation.services.organisations.SIGN_IN_MAX_AGE", -1)
    late = Client()
    assert late.get(later).url == "/accounts/login/" and "_auth_user_id" not in late.session
    assert get_user_model().objects.get(username="bea").is_active


def test_registration_never_says_a_user_name_or_address_is_taken(client, mailoutbox, world):
    """Finding 5: registration said whether a user name or an e-mail address was taken."""
    client.post("/participation/register/", REGISTRATION)
    new_page = client.post("/participation/register/", {**REGISTRATION, "name": "Another group"})
    taken_name = client.post(
        "/participation/register/",
        {**REGISTRATION, "name": "Third group", "email": "someone.else@example.org"},
    )
    for page in (new_page, taken_name):
        assert page.status_code == 200 and "Check your e-mail" in page.content.decode()
    assert get_user_model().objects.filter(username="ana").count() == 1
    assert not Organisation.objects.filter(name__in=["Another group", "Third group"]).exists()
    # Only the address's owner learns it: a reset link for the taken address, a note for the name.
    assert mailoutbox[1].to == ["ana@youth.example.org"] and "/accounts/password/reset/" in mailoutbox[1].body
    assert mailoutbox[2].to == ["someone.else@example.org"] and "is taken" in mailoutbox[2].body


def test_registration_refuses_a_taken_name_with_a_clear_message(client, world):
    response = client.post("/participation/register/", {**REGISTRATION, "name": "Women's Rights Watch"})
    assert response.status_code == 400
    assert "registered already" in response.content.decode()


def test_content_of_an_unverified_organisation_stays_private_until_the_coordinator_verifies_it(
    client, world, coordinator_client
):
    organisation = Organisation.objects.create(name="New group")
    author = OrganisationMember.objects.create(organisation=organisation, user=world.outsider).user
    logged_in(author).post(
        f"/participation/recommendations/{world.recommendation.public_id}/comment/", {"body": "Hi"}
    )
    comment = Comment.objects.get(author=author)
    coordinator_client.post(f"/participation/moderation/comment/{comment.pk}/", {"decision": "approved"})
    assert "Hi</p>" not in client.get(world.page).content.decode()

    queue = coordinator_client.get("/participation/moderation/").content.decode()
    assert "New group" in queue
    coordinator_client.post(
        f"/participation/moderation/organisation/{organisation.pk}/", {"decision": "verify"}
    )
    organisation.refresh_from_db()
    assert organisation.is_verified and not organisation.is_trusted
    assert "Hi</p>" in client.get(world.page).content.decode()


def test_the_coordinator_can_verify_and_trust_at_once(world, coordinator_client):
    organisation = Organisation.objects.create(name="New group")
    coordinator_client.post(
        f"/participation/moderation/organisation/{organisation.pk}/", {"decision": "trusted"}
    )
    organisation.refresh_from_db()
    assert organisation.is_verified and organisation.is_trusted


def test_an_administrator_invites_a_member_who_joins_by_the_link(client, mailoutbox, world):
    membership = OrganisationMember.objects.get(user=world.member)
    membership.role = "admin"
    membership.save()
    admin = logged_in(world.member)
    response = admin.post(
        f"/participation/organisations/{world.organisation.pk}/invite/", {"email": "bo@example.org"}
    )
    assert response.status_code == 302
    link = _link(mailoutbox[0])
    response = client.post(
        link, {"first_name": "Bo", "last_name": "Ek", "username": "bo", "password": "another long passphrase"}
    )
    assert response.status_code == 302
    joined = OrganisationMember.objects.get(user__username="bo")
    assert joined.organisation == world.organisation and joined.user.email == "bo@example.org"


def test_a_plain_member_cannot_invite(world, member_client):
    response = member_client.post(
        f"/participation/organisations/{world.organisation.pk}/invite/", {"email": "x@y.org"}
    )
    assert response.status_code == 403


def test_a_member_leaves_and_the_content_stays_attributed_to_the_organisation(client, world, member_client):
    member_client.post(
        f"/participation/recommendations/{world.recommendation.public_id}/comment/", {"body": "Ours."}
    )
    comment = Comment.objects.get(author=world.member)
    comment.moderation = "approved"
    comment.save()
    membership = OrganisationMember.objects.get(user=world.member)
    assert member_client.post(f"/participation/members/{membership.pk}/leave/").status_code == 302
    membership.refresh_from_db()
    assert membership.left_at is not None
    page = client.get(world.page).content.decode()
    assert "Ours." in page and "Women&#x27;s Rights Watch" in page
    # No longer a member: no more comments.
    response = member_client.post(
        f"/participation/recommendations/{world.recommendation.public_id}/comment/", {"body": "Again"}
    )
    assert response.status_code == 403
