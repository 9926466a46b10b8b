"""TOTP enrolment through a one-time link only, and recovery codes (issue 13, finding 5).

Enrolment was first come: whoever had a validator's password could enrol their own phone.
"""

import re
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentLink
from accounts.services import enrolment_link_issue
from tests.conftest import signed_in
from tests.factories import PASSWORD

SETUP = reverse("accounts:otp_setup")


def _password_only(user) -> Client:
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    return client


def _confirm(client, path, user):
    assert "<svg" in (page := client.get(path).text) and "<path" in page  # drawn by the server, HTML-safe
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(path, {"token": f"{totp(device.bin_key):06d}"})


def test_a_password_alone_shows_no_secret_and_creates_no_device(world):
    client = _password_only(world.validator_justice)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" not in page.text and "secret" not in page.text.lower()
    assert not TOTPDevice.objects.filter(user=world.validator_justice).exists()


def test_the_coordinator_issues_a_one_time_link_for_that_account_only(world, mailoutbox):
    coordinator = signed_in(world.coordinator)
    issued = coordinator.post(reverse("accounts:enrolment_links"), {"user": world.validator_justice.pk})
    link = issued.context["link"]["url"]
    path = urlsplit(link).path
    assert not mailoutbox  # handed over by the coordinator, not e-mailed

    # Someone else signed in cannot use it, nor can the validator with a made-up one.
    assert signed_in(world.focal_health).get(path).status_code == 404
    validator = _password_only(world.validator_justice)
    assert validator.get(path[:-4] + "abc/").status_code == 404

    done = _confirm(validator, path, world.validator_justice)
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.text)
    assert len(codes) == 10
    assert validator.get(reverse("tracking:my")).status_code == 200  # past the second factor now
    assert validator.get(path).status_code == 404  # spent
    assert EnrolmentLink.objects.get().used_at is not None


def test_a_link_is_e_mailed_to_the_accounts_address_and_a_new_one_replaces_it(world, mailoutbox):
    client = _password_only(world.validator_justice)
    client.post(SETUP)
    first = urlsplit(re.search(r"http\S+", mailoutbox[-1].body)[0]).path
    assert mailoutbox[-1].to == [world.validator_justice.email]
    client.post(SETUP)
    second = urlsplit(re.search(r"http\S+", mailoutbox[-1].body)[0]).path
    assert client.get(first).status_code == 404
    assert _confirm(client, second, world.validator_justice).status_code == 200


def test_only_verified_coordinators_issue_links_and_not_for_administrators(world):
    unverified = signed_in(world.coordinator, verified=False)
    answer = unverified.post(reverse("accounts:enrolment_links"), {"user": world.validator_justice.pk})
    assert answer.status_code == 302 and not EnrolmentLink.objects.exists()
    assert signed_in(world.validator_justice).get(reverse("accounts:enrolment_links")).status_code == 403
    refused = signed_in(world.coordinator).post(reverse("accounts:enrolment_links"), {"user": world.admin.pk})
    assert not EnrolmentLink.objects.filter(user=world.admin).exists()
    assert "cannot issue" in refused.text


def test_a_recovery_code_signs_in_once(world):
    link = enrolment_link_issue(user=world.validator_justice, by=world.coordinator)
    client = _password_only(world.validator_justice)
    codes = re.findall(
        r"<li><code>(\w+)</code></li>", _confirm(client, urlsplit(link).path, world.validator_justice).text
    )

    for attempt, expected in ((codes[0], 302), (codes[0], 200)):
        again = _password_only(world.validator_justice)
        assert again.get(reverse("tracking:my")).status_code == 302
        answer = again.post(reverse("accounts:otp_verify"), {"token": attempt, "next": "/tracking/"})
        assert answer.status_code == expected
    # A wrong code slows the next try down (django-otp's throttling); the test does not wait.
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    fresh = again.post(reverse("accounts:otp_verify"), {"token": codes[1], "next": "/tracking/"})
    assert fresh.status_code == 302
    renewed = again.post(reverse("accounts:recovery_codes"))
    new_codes = re.findall(r"<li><code>(\w+)</code></li>", renewed.text)
    assert len(new_codes) == 10 and codes[2] not in new_codes
    last = _password_only(world.validator_justice)
    assert last.post(reverse("accounts:otp_verify"), {"token": codes[2]}).status_code == 200


def test_the_server_operator_prints_a_link_for_the_first_administrator(world, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("enrolment_link", world.admin.username, stdout=out)
    path = urlsplit(out.getvalue().strip()).path
    assert not mailoutbox
    client = _password_only(world.admin)
    assert _confirm(client, path, world.admin).status_code == 200


def test_enrolment_e_mails_to_one_account_are_limited(world, mailoutbox):
    client = _password_only(world.validator_justice)
    statuses = [client.post(SETUP).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(mailoutbox) == 3
