import pytest

from tests.conftest import signed_in
from tracking.models import StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("coordinator", "/workspace/overview/"),
        ("admin", "/workspace/overview/"),
        ("validator.justice", "/workspace/validation/"),
        ("cso.member", "/workspace/civil-society/"),
        ("focal.justice", "/tracking/"),
    ],
)
def test_each_role_lands_on_its_own_workspace(demo, username, landing):
    client = signed_in(demo.users[username])
    response = client.get("/workspace/")
    assert response.status_code == 302 and response.url == landing
    assert client.get(landing).status_code == 200


def test_signing_in_leads_to_the_workspace(client, demo):
    response = client.post(
        "/accounts/login/", {"username": "cso.member", "password": "demo-password-2026"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/workspace/civil-society/"


def test_the_coordinator_overview_shows_what_waits(demo):
    page = signed_in(demo.users["coordinator"]).get("/workspace/overview/").content.decode()
    publication = page.split('id="block-publication"')[1].split("</section>")[0]
    approved = StatusUpdate.objects.filter(state="approved").count()
    assert f'<span class="count-badge">{approved}</span>' in publication
    assert f'href="/tracking/updates/{demo.approved.pk}/"' in publication
    overdue = page.split('id="block-overdue"')[1].split("</section>")[0]
    assert demo.justice.name in overdue
    queues = page.split('id="block-queues"')[1].split("</section>")[0]
    assert 'href="/participation/moderation/"' in queues and 'href="/assistance/queue/"' in queues
    assert "Recent imports" in page and 'id="coverage-title"' in page


def test_the_validator_sees_each_submitted_update_beside_what_is_published(demo):
    page = signed_in(demo.users["validator.justice"]).get("/workspace/validation/").content.decode()
    items = page.split('<article class="panel validation-item"')[1:]
    assert len(items) == StatusUpdate.objects.filter(state="submitted", institution=demo.justice).count() == 2
    by_update = {item.split('id="update-')[1].split('"')[0]: item for item in items}
    beside_published = by_update[str(demo.submitted.pk)]
    assert demo.submitted.recommendation.text in beside_published
    previous = beside_published.split('class="comparison-previous"')[1].split('class="comparison-proposed"')[
        0
    ]
    assert demo.published.get_status_display() in previous and "Fully implemented" not in previous
    assert "Nothing published yet" in by_update[str(demo.first_report.pk)]
    assert f'formaction="/tracking/updates/{demo.submitted.pk}/approve/"' in beside_published
    assert f'formaction="/tracking/updates/{demo.submitted.pk}/return/"' in beside_published


def test_approving_from_the_queue_moves_the_update_on(demo):
    client = signed_in(demo.users["validator.justice"])
    client.post(f"/tracking/updates/{demo.submitted.pk}/approve/", {"comment": ""})
    demo.submitted.refresh_from_db()
    assert demo.submitted.state == StatusUpdate.State.APPROVED
    page = client.get("/workspace/validation/").content.decode()
    assert f'id="update-{demo.submitted.pk}"' not in page


def test_the_civil_society_member_sees_consultations_and_follows(demo):
    from django.utils import timezone

    from participation.models import Follow

    member = demo.users["cso.member"]
    Follow.objects.create(
        user=member, recommendation=demo.published.recommendation, confirmed_at=timezone.now()
    )
    page = signed_in(member).get("/workspace/civil-society/").content.decode()
    assert demo.consultation.title in page
    assert "0 of 1 answered" in page
    follows = page.split('id="cs-follows"')[1].split("</section>")[0]
    assert demo.published.recommendation.public_id in follows
