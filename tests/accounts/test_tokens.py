"""API tokens: named, scoped, expiring, revocable; the one way a program signs in (no HTTP Basic)."""

import base64
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_create
from participation.models import Comment
from tests.conftest import signed_in, token_key
from tests.factories import PASSWORD, OrganisationFactory, OrganisationMemberFactory
from upr_tracker.errors import Forbidden

UPDATES = "/api/v1/tracking/status-updates/"


def basic(user, password=PASSWORD) -> Client:
    credentials = base64.b64encode(f"{user.username}:{password}".encode()).decode()
    return Client(headers={"Authorization": f"Basic {credentials}"})


def test_http_basic_is_refused_everywhere(world):
    """Finding 3: a coordinator's password alone posted a published NMRF comment, skipping TOTP."""
    coordinator = basic(world.coordinator)
    posted = coordinator.post(
        "/api/v1/participation/comments/",
        {"recommendation": world.recommendation.public_id, "body": "Posted with a password alone."},
        content_type="application/json",
    )
    assert posted.status_code in (401, 403)
    assert not Comment.objects.exists()
    assert basic(world.focal_justice).get(UPDATES).status_code == 401
    assert basic(world.focal_justice).get("/api/v1/reports/1/").status_code == 401


def test_a_focal_point_creates_a_token_on_the_page_sees_its_key_once_and_revokes_it(world):
    page = signed_in(world.focal_justice)
    created = page.post(reverse("accounts:tokens"), {"name": "Case system", "scope": "write", "days": "30"})
    assert created.status_code == 200
    key = created.context["created"]["key"]
    assert key in created.text
    token = ApiToken.objects.get(user=world.focal_justice)
    assert token.name == "Case system" and token.scope == "write"
    assert token.key_hash != key and key not in token.prefix + token.key_hash  # only its hash is kept
    assert (token.expires_at - timezone.now()).days in (29, 30)

    listing = page.get(reverse("accounts:tokens")).text
    assert "Case system" in listing and key not in listing

    program = Client(headers={"Authorization": f"Token {key}"})
    assert program.get(UPDATES).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    page.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert program.get(UPDATES).status_code == 401


def test_nobody_revokes_another_persons_token(world):
    token, _key = api_token_create(
        user=world.focal_justice, name="Mine", scope="read", days=30, second_factor_passed=False
    )
    answer = signed_in(world.focal_health).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert answer.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_refused(world):
    key = token_key(world.focal_justice)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client(headers={"Authorization": f"Token {key}"}).get(UPDATES)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_read_token_reads_and_cannot_write(world):
    program = Client(headers={"Authorization": f"Token {token_key(world.focal_justice, scope='read')}"})
    assert program.get(UPDATES).status_code == 200
    refused = program.post(
        UPDATES,
        {
            "recommendation": world.recommendation.public_id,
            "institution": world.justice.pk,
            "status": "fully",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert "only read" in refused.json()["error"]["message"]


def test_privileged_accounts_get_a_token_only_past_the_second_factor(world):
    page = signed_in(world.coordinator, verified=False)
    answer = page.post(reverse("accounts:tokens"), {"name": "Script", "scope": "write", "days": "30"})
    assert answer.status_code == 302 and reverse("accounts:otp_setup") in answer.url
    with pytest.raises(Forbidden):
        api_token_create(
            user=world.validator_justice, name="x", scope="read", days=30, second_factor_passed=False
        )
    assert not ApiToken.objects.exists()
    verified = signed_in(world.coordinator)
    answer = verified.post(reverse("accounts:tokens"), {"name": "Script", "scope": "write", "days": "365"})
    assert answer.status_code == 200 and ApiToken.objects.filter(user=world.coordinator).exists()


def test_the_read_api_takes_tokens_so_token_clients_are_not_counted_as_anonymous(world, settings):
    """Finding 5: the read API ignored tokens, so token clients shared the anonymous limit."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "100/minute"},
    }
    program = Client(headers={"Authorization": f"Token {token_key(world.cso, scope='read')}"})
    assert [program.get("/api/v1/states/").status_code for _ in range(4)] == [200] * 4
    anonymous = Client()
    assert [anonymous.get("/api/v1/states/").status_code for _ in range(3)] == [200, 200, 429]


def test_signed_in_people_and_tokens_are_limited_too(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "3/minute", "user_export": "1/hour"},
    }
    program = Client(headers={"Authorization": f"Token {token_key(world.focal_justice)}"})
    assert [program.get("/api/v1/states/").status_code for _ in range(4)] == [200, 200, 200, 429]
    session = signed_in(world.focal_health)
    assert session.get("/api/v1/recommendations/export.csv").status_code == 200
    over = session.get("/api/v1/recommendations/export.csv")
    assert over.status_code == 429 and int(over["Retry-After"]) > 0


def test_a_member_posts_a_comment_with_a_write_token(world):
    organisation = OrganisationFactory()
    OrganisationMemberFactory(organisation=organisation, user=world.cso)
    program = Client(headers={"Authorization": f"Token {token_key(world.cso)}"})
    answer = program.post(
        "/api/v1/participation/comments/",
        {"recommendation": world.recommendation.public_id, "body": "From our system."},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.json()


def test_an_administrator_revokes_any_token_in_the_admin(world):
    key = token_key(world.focal_justice)
    token = ApiToken.objects.get()
    answer = signed_in(world.admin).post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert answer.status_code == 302
    assert Client(headers={"Authorization": f"Token {key}"}).get(UPDATES).status_code == 401
    from tracking.models import AuditEntry

    assert AuditEntry.objects.get(action="accounts.api_token.revoked").actor == world.admin
