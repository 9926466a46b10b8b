"""Password reset by e-mail and password change (issue 13, finding 5: there was no reset)."""

import re
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import PASSWORD

NEW = "a brand new long passphrase"
RESET = reverse("accounts:password_reset")


def _link(message) -> str:
    return urlsplit(re.search(r"https?://\S+", message.body)[0]).path


def test_a_person_resets_a_forgotten_password_by_e_mail_once(world, mailoutbox):
    client = Client()
    assert client.get(RESET).status_code == 200
    sent = client.post(RESET, {"email": world.focal_justice.email})
    assert sent.status_code == 302 and sent.url == reverse("accounts:password_reset_done")
    assert mailoutbox[-1].to == [world.focal_justice.email]
    link = _link(mailoutbox[-1])

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.text
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    assert not Client().login(username=world.focal_justice.username, password="wrong")
    world.focal_justice.refresh_from_db()
    assert world.focal_justice.check_password(NEW)
    # The link is spent.
    assert "new_password1" not in Client().get(link, follow=True).text


def test_the_answer_is_the_same_for_an_unknown_address_and_nothing_is_sent(client, world, mailoutbox):
    answer = client.post(RESET, {"email": "nobody@example.org"})
    assert answer.status_code == 302 and answer.url == reverse("accounts:password_reset_done")
    assert not mailoutbox


def test_reset_e_mails_to_one_account_are_limited(client, world, mailoutbox):
    for _ in range(5):
        Client().post(RESET, {"email": world.focal_justice.email})
    assert len(mailoutbox) == 3


def test_a_person_changes_their_password_giving_the_old_one(world):
    client = signed_in(world.focal_justice)
    page = reverse("accounts:password_change")
    wrong = client.post(page, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200
    right = client.post(page, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert right.status_code == 302
    world.focal_justice.refresh_from_db()
    assert world.focal_justice.check_password(NEW)


def test_a_validator_changes_the_password_only_past_the_second_factor(world):
    answer = signed_in(world.validator_justice, verified=False).get(reverse("accounts:password_change"))
    assert answer.status_code == 302 and "two-factor" in answer.url


def test_the_reset_pages_speak_french_and_spanish(world):
    for language, words in (("fr", "Réinitialiser votre mot de passe"), ("es", "Restablecer su contraseña")):
        page = Client(headers={"Accept-Language": language}).get(RESET).text
        assert words in page, language
