"""Personas around one published recommendation on which the government reported "in progress".

- ``member``: speaks for a verified organisation that is moderated (not trusted);
- ``trusted_member``: speaks for the NHRI, verified and trusted (publishes directly);
- ``coordinator``: the NMRF coordinator, signed in with a second factor;
- an anonymous visitor: pytest-django's ``client``.
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from participation import services
from participation.models import Assessment, Comment, Moderation, Organisation
from tests.conftest import signed_in
from tests.factories import (
    OrganisationFactory,
    OrganisationMemberFactory,
    RecommendationFactory,
    StatusUpdateFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_fresh_and_on_commit(monkeypatch, settings):
    """Fast password hashing; rate-limit counters at zero; on-commit work (e-mails) run at once."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    recommendation = RecommendationFactory(text="Adopt a law criminalising domestic violence.")
    government = StatusUpdateFactory(
        recommendation=recommendation, published=True, narrative="A bill was tabled."
    )
    draft = StatusUpdateFactory(
        recommendation=recommendation, status="fully", narrative="SECRET draft narrative."
    )
    unpublished = RecommendationFactory(text="SECRET unpublished recommendation.", is_published=False)
    organisation = OrganisationFactory(name="Women's Rights Watch")
    nhri = OrganisationFactory(
        name="National Human Rights Commission", kind=Organisation.Kind.NHRI, is_trusted=True
    )
    member = OrganisationMemberFactory(
        organisation=organisation, user=UserFactory(username="cso.member")
    ).user
    trusted_member = OrganisationMemberFactory(
        organisation=nhri, user=UserFactory(username="nhri.member")
    ).user
    coordinator = UserFactory(username="coordinator", coordinator=True)
    return SimpleNamespace(
        recommendation=recommendation,
        page=f"/recommendations/{recommendation.public_id}/",
        government=government,
        draft=draft,
        unpublished=unpublished,
        organisation=organisation,
        nhri=nhri,
        member=member,
        trusted_member=trusted_member,
        coordinator=coordinator,
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def coordinator_client(world):
    return signed_in(world.coordinator)


@pytest.fixture
def member_client(world):
    return logged_in(world.member)


def approve_all(world):
    """What the coordinator does in the moderation queue, through the services."""
    for comment in Comment.objects.filter(moderation=Moderation.PENDING):
        services.comment_moderate(comment=comment, decision=Moderation.APPROVED, by=world.coordinator)
    for assessment in Assessment.objects.filter(moderation=Moderation.PENDING):
        services.assessment_moderate(
            assessment=assessment, decision=Moderation.APPROVED, by=world.coordinator
        )
