"""Sign-in throttling, session expiry, and TOTP for validators, coordinators and administrators."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")


def login(client, user, password=PASSWORD):
    return client.post(LOGIN, {"username": user.username, "password": password})


def test_repeated_wrong_passwords_lock_the_account_for_that_address(world):
    client = Client()
    statuses = [
        login(client, world.focal_justice, "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = login(client, world.focal_justice)  # even the right password now
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_focal_point_needs_no_second_factor(world):
    client = Client()
    assert login(client, world.focal_justice).status_code == 302
    assert client.get(reverse("tracking:my")).status_code == 200


def test_a_validator_enrols_a_totp_device_then_verifies_at_each_sign_in(world, mailoutbox):
    client = Client()
    login(client, world.validator_justice)
    response = client.get(reverse("tracking:my"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_setup"))
    page = client.get(response.url)
    assert "<svg" not in page.text  # a password alone shows no secret: enrolment takes the e-mailed link
    client.post(reverse("accounts:otp_setup"))
    link = re.search(r"http\S+/two-factor/enrol/\S+/", mailoutbox[-1].body)[0]
    assert mailoutbox[-1].to == [world.validator_justice.email]
    enrol = urlsplit(link).path
    assert "<svg" in client.get(enrol).text  # the QR code, inline
    device = TOTPDevice.objects.get(user=world.validator_justice)
    assert client.post(enrol, {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next try down; the test does not wait
    done = client.post(enrol, {"token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 200 and "recovery-codes" in done.text
    assert client.get(reverse("tracking:my")).status_code == 200
    assert client.get(enrol).status_code == 404  # the link is spent

    again = Client()
    login(again, world.validator_justice)
    assert again.get(reverse("tracking:my")).url.startswith(reverse("accounts:otp_verify"))
    device.refresh_from_db()
    assert again.post(reverse("accounts:otp_verify"), {"token": "123"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1  # the code used at enrolment is spent; the test does not wait for the next one
    device.save()
    verified = again.post(reverse("accounts:otp_verify"), {"token": f"{totp(device.bin_key):06d}"})
    assert verified.status_code == 302
    assert again.get(reverse("tracking:my")).status_code == 200


def test_coordinators_and_admins_cannot_reach_the_admin_or_api_without_the_second_factor(world):
    for user in (world.coordinator, world.admin):
        client = Client()
        login(client, user)
        assert client.get(reverse("admin:index")).url.startswith(reverse("accounts:otp_setup"))
        assert client.get("/api/v1/tracking/status-updates/").status_code == 403
