"""Named personas around one recommendation assigned to the Ministry of Justice (lead) and Health (support).

Tests sign them in with ``tests.conftest.signed_in``, past the second factor as they would be after the
TOTP page (``test_security.py`` covers the page itself), or send their token with ``api_client``.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from institutions.models import Assignment, Membership
from tests.conftest import token_key
from tests.factories import (
    AssignmentFactory,
    IndicatorFactory,
    InstitutionFactory,
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_passwords_and_own_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _on_commit_now(monkeypatch):
    """Tests run inside a transaction that never commits: run on-commit work (e-mails) right away."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def api_client(user, scope="write") -> Client:
    """A system reporting with a token of the user's (created after their second factor): no session."""
    return Client(headers={"Authorization": f"Token {token_key(user, scope)}"})


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
