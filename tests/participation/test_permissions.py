"""Every participation route against every persona: what each may open or send.

Anonymous visitors are sent to sign in (302) wherever an account is needed; signed-in people without
the role get 403 (or 404 where even the existence of the thing is not theirs to know).
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from participation.models import Comment, Consultation, Organisation, OrganisationMember
from tests.conftest import signed_in
from tests.factories import UserFactory
from tests.participation.conftest import logged_in

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "member", "coordinator"]

# (method, route, expected status for each of PERSONAS in order)
MATRIX = [
    ("get", "/participation/register/", (200, 200, 200, 200)),
    ("get", "/participation/organisations/{org}/", (200, 200, 200, 200)),
    ("get", "/participation/organisations/{unverified}/", (404, 404, 404, 200)),
    ("post", "/participation/organisations/{org}/invite/", (302, 403, 403, 302)),
    ("post", "/participation/members/{other_member}/leave/", (302, 403, 403, 302)),
    ("get", "/participation/recommendations/{rec}/comment/", (302, 200, 200, 200)),
    ("post", "/participation/recommendations/{rec}/comment/", (302, 403, 302, 302)),
    ("post", "/participation/recommendations/{hidden}/comment/", (302, 404, 404, 404)),
    ("post", "/participation/recommendations/{rec}/assessment/", (302, 403, 302, 403)),
    ("get", "/participation/recommendations/{rec}/assessments/{org}/", (200, 200, 200, 200)),
    ("get", "/participation/recommendations/{hidden}/assessments/{org}/", (404, 404, 404, 404)),
    ("get", "/participation/comments/{comment}/edit/", (302, 404, 200, 404)),
    ("get", "/participation/comments/{comment}/report/", (200, 200, 200, 200)),
    ("get", "/participation/comments/{pending}/report/", (404, 404, 404, 404)),
    ("get", "/participation/moderation/", (302, 403, 403, 200)),
    ("post", "/participation/moderation/comment/{pending}/", (302, 403, 403, 302)),
    ("post", "/participation/moderation/organisation/{unverified}/", (302, 403, 403, 302)),
    ("get", "/participation/consultations/", (302, 403, 200, 200)),
    ("get", "/participation/consultations/new/", (302, 403, 403, 200)),
    ("get", "/participation/consultations/{consultation}/", (302, 404, 200, 200)),
    ("post", "/participation/consultations/{consultation}/close/", (302, 403, 403, 302)),
    ("get", "/participation/consultations/{consultation}/export.csv", (302, 403, 403, 200)),
    ("post", "/participation/follow/recommendation/{rec}/", (302, 302, 302, 302)),
    ("post", "/participation/follow/recommendation/{hidden}/", (302, 404, 404, 404)),
    ("get", "/participation/feeds/recommendation/{rec}/", (200, 200, 200, 200)),
    ("get", "/participation/feeds/recommendation/{hidden}/", (404, 404, 404, 404)),
    ("get", "/api/v1/participation/comments/", (200, 200, 200, 200)),
    ("get", "/api/v1/participation/assessments/", (200, 200, 200, 200)),
    ("get", "/api/v1/participation/organisations/", (200, 200, 200, 200)),
    ("post", "/api/v1/participation/comments/", (401, 403, 201, 201)),
    ("post", "/api/v1/participation/assessments/", (401, 403, 201, 403)),
]


@pytest.fixture
def ids(world):
    unverified = Organisation.objects.create(name="Unverified group")
    colleague = OrganisationMember.objects.create(
        organisation=world.organisation, user=UserFactory(username="colleague")
    )
    comment = Comment.objects.create(
        recommendation=world.recommendation,
        author=world.member,
        organisation=world.organisation,
        body="Hi",
        moderation="approved",
    )
    pending = Comment.objects.create(
        recommendation=world.recommendation, author=world.member, organisation=world.organisation, body="Wait"
    )
    consultation = Consultation.objects.create(
        title="Mid-term", deadline=timezone.now() + dt.timedelta(days=7)
    )
    consultation.recommendations.add(world.recommendation)
    return {
        "org": world.organisation.pk,
        "unverified": unverified.pk,
        "other_member": colleague.pk,
        "rec": world.recommendation.public_id,
        "hidden": world.unpublished.public_id,
        "comment": comment.pk,
        "pending": pending.pk,
        "consultation": consultation.pk,
    }


def client_for(persona, world) -> Client:
    return {
        "anonymous": Client,
        "outsider": lambda: logged_in(world.outsider),
        "member": lambda: logged_in(world.member),
        "coordinator": lambda: signed_in(world.coordinator),
    }[persona]()


def _payload(route, world):
    if route.startswith("/api/v1/participation/assessments"):
        return {"recommendation": world.recommendation.public_id, "status": "fully", "rationale": "x"}
    if route.startswith("/api/"):
        return {"recommendation": world.recommendation.public_id, "body": "x"}
    return {
        "body": "x",
        "status": "fully",
        "rationale": "x",
        "email": "new@example.org",
        "decision": "approved",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_answers_each_persona_as_the_matrix_says(persona, world, ids):
    client = client_for(persona, world)
    failures = []
    for method, route, expected in MATRIX:
        url = route.format(**ids)
        if method == "get":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = client.post(url, _payload(url, world), content_type="application/json")
        else:
            response = client.post(url, _payload(url, world))
        want = expected[PERSONAS.index(persona)]
        if response.status_code != want:
            failures.append(f"{method.upper()} {url}: {response.status_code}, expected {want}")
    assert not failures, "\n".join(failures)


def test_staff_moderate_what_organisations_wrote_but_never_rewrite_it(world):
    comment = Comment.objects.create(
        recommendation=world.recommendation,
        author=world.member,
        organisation=world.organisation,
        body="Ours.",
    )
    admin = signed_in(UserFactory(superuser=True))
    page = f"/admin/participation/comment/{comment.pk}/change/"
    assert admin.get(page).status_code == 200  # read
    admin.post(page, {"body": "Rewritten by staff.", "moderation": "approved"})
    comment.refresh_from_db()
    assert (comment.body, comment.moderation) == ("Ours.", "pending")
    assert admin.get("/admin/participation/assessment/add/").status_code == 403
    response = admin.post(
        "/admin/participation/comment/", {"action": "approve", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.moderation == "approved"
