"""The client's address behind proxies, from the one ``TRUSTED_PROXIES`` setting (issue 13, finding 6).

Every limit uses it: the API's throttles, sign-in lockouts (django-axes), the participation limits.
An invented ``X-Forwarded-For`` must not buy a fresh bucket, and behind the TLS proxy two people must
not share one.
"""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import PASSWORD
from upr_tracker.clientip import client_ip

EXPORT = "/api/v1/recommendations/export.csv"


def _ip(remote, forwarded=None, trusted="0"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "TRUSTED_PROXIES", trusted, raising=False)
        return client_ip(RequestFactory().get("/", **meta))


def test_the_header_is_ignored_without_trusted_proxies():
    assert _ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_a_number_of_proxies_believes_that_many_hops_and_no_more():
    # One TLS proxy at 10.0.0.2: it appends the address it saw; what the client wrote stays on the left.
    assert _ip("10.0.0.2", "198.51.100.7", trusted="1") == "198.51.100.7"
    assert _ip("10.0.0.2", "1.2.3.4, 198.51.100.7", trusted="1") == "198.51.100.7"
    assert _ip("10.0.0.3", "1.2.3.4, 198.51.100.7, 10.0.0.2", trusted="2") == "198.51.100.7"
    assert _ip("10.0.0.2", None, trusted="1") == "10.0.0.2"
    assert _ip("10.0.0.2", "not-an-address", trusted="1") == "10.0.0.2"


def test_trusted_addresses_are_walked_past_from_the_right():
    trusted = "10.0.0.0/8, 192.0.2.1"
    assert _ip("10.0.0.2", "1.2.3.4, 198.51.100.7, 192.0.2.1", trusted=trusted) == "198.51.100.7"
    # A request that did not come through a trusted proxy is taken at its connecting address.
    assert _ip("203.0.113.9", "198.51.100.7", trusted=trusted) == "203.0.113.9"


def test_invented_forwarded_addresses_do_not_escape_the_export_limit(world, settings):
    """33 exports with 33 invented addresses all passed the 30/hour limit."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "anon_export": "2/hour"},
    }
    client = Client()
    statuses = [client.get(EXPORT, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_behind_one_proxy_each_client_has_its_own_export_bucket(world, settings):
    settings.TRUSTED_PROXIES = "1"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "anon_export": "1/hour"},
    }
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    assert proxy.get(EXPORT, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert proxy.get(EXPORT, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
    # The same client again, with an invented address put in front: still the same client.
    again = proxy.get(EXPORT, HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1")
    assert again.status_code == 429


def test_behind_the_proxy_wrong_passwords_lock_out_only_the_address_that_sent_them(world, settings):
    """Five wrong passwords locked the account for everyone behind the TLS proxy."""
    settings.TRUSTED_PROXIES = "1"
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.66")
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        answer = attacker.post(login, {"username": world.focal_justice.username, "password": "wrong"})
    assert answer.status_code == 429
    owner = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.10")
    signed = owner.post(login, {"username": world.focal_justice.username, "password": PASSWORD})
    assert signed.status_code == 302


def test_participation_limits_count_the_client_behind_the_proxy(world, settings):
    settings.TRUSTED_PROXIES = "1"
    settings.PARTICIPATION_RATE_LIMITS = {"follow_email": "1/h"}
    url = reverse("participation:follow_email", args=["recommendation", world.recommendation.public_id])

    def ask(client_address, email):
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_address)
        return client.post(url, {"email": email}).status_code

    assert ask("198.51.100.1", "a@example.org") == 200
    assert ask("198.51.100.2", "b@example.org") == 200  # another person behind the same proxy
    assert ask("198.51.100.1", "c@example.org") == 429


def test_audit_entries_record_the_client_behind_the_proxy(world, settings):
    from tracking.models import AuditEntry

    settings.TRUSTED_PROXIES = "1"
    client = signed_in(
        world.focal_justice, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.4"
    )
    client.post(reverse("accounts:tokens"), {"name": "Case system", "scope": "read", "days": "30"})
    entry = AuditEntry.objects.get(action="accounts.api_token.created")
    assert entry.ip_address == "198.51.100.4"
