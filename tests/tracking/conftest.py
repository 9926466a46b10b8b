"""Named personas around one recommendation assigned to the Ministry of Justice (lead) and Health (support).

Every client fixture is signed in; those who need a second factor have passed it in the session, as they
would after the TOTP page (``test_security.py`` covers the page itself).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from institutions.models import Assignment, Membership
from tests.factories import (
    AssignmentFactory,
    IndicatorFactory,
    InstitutionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)
from tests.twofactor import pass_second_factor


def _reload_reference_data(sender, **kwargs):
    call_command("load_reference_data", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _reference_data_survives_flushes():
    """The real-worker test commits, so the database is flushed after it; flush ends with post_migrate,
    where the reference data is loaded again. Same dispatch uid as the browser tests: connected once."""
    reference = apps.get_app_config("reference")
    post_migrate.connect(
        _reload_reference_data, sender=reference, dispatch_uid="browser-tests-reference-data"
    )
    yield
    post_migrate.disconnect(sender=reference, dispatch_uid="browser-tests-reference-data")


@pytest.fixture(autouse=True)
def _fast_passwords_and_own_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    """Tests run inside a transaction that never commits: run on-commit work (e-mails) right away."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def signed_in(user, *, verified=True, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    return pass_second_factor(client, user) if verified else client


def api_client(user) -> Client:
    """A system reporting with the user's token: no session, no second factor."""
    return Client(headers={"Authorization": f"Token {Token.objects.create(user=user).key}"})


@pytest.fixture
def world(db):
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MoJ")
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    recommendation = RecommendationFactory(text="Adopt a law criminalising domestic violence.")
    unpublished = RecommendationFactory(text="Unpublished recommendation for health.", is_published=False)
    today = timezone.localdate()
    lead = AssignmentFactory(
        recommendation=recommendation,
        institution=justice,
        deadline=today - dt.timedelta(days=3),
        frequency=Assignment.Frequency.SEMIANNUAL,
    )
    AssignmentFactory(
        recommendation=recommendation, institution=health, role=Assignment.Role.SUPPORTING, deadline=None
    )
    AssignmentFactory(recommendation=unpublished, institution=health, deadline=today + dt.timedelta(days=10))
    focal_justice = MembershipFactory(institution=justice, user=UserFactory(username="focal.justice")).user
    focal_health = MembershipFactory(institution=health, user=UserFactory(username="focal.health")).user
    validator_justice = MembershipFactory(
        institution=justice, role=Membership.Role.VALIDATOR, user=UserFactory(username="validator.justice")
    ).user
    indicator = IndicatorFactory(recommendation=recommendation, responsible_institution=justice)
    return SimpleNamespace(
        justice=justice,
        health=health,
        recommendation=recommendation,
        unpublished=unpublished,
        lead=lead,
        indicator=indicator,
        focal_justice=focal_justice,
        focal_health=focal_health,
        validator_justice=validator_justice,
        coordinator=UserFactory(username="coordinator", coordinator=True),
        admin=UserFactory(username="admin", superuser=True),
        cso=UserFactory(username="cso.member"),
    )
