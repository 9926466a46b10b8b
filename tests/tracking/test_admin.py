"""The admin shows status updates but leaves every change to the workflow's services."""

from django.urls import reverse

from tests.conftest import signed_in
from tracking import services
from tracking.models import EvidenceLink, StatusUpdate


def published(world) -> StatusUpdate:
    update = services.status_update_create(
        recommendation=world.recommendation,
        institution=world.justice,
        by=world.focal_justice,
        status="in_progress",
        narrative="Bill tabled.",
        links=[{"url": "https://example.org/bill"}],
    )
    for name, who in [
        ("submit", world.focal_justice),
        ("approve", world.validator_justice),
        ("publish", world.coordinator),
    ]:
        update = services.TRANSITION_SERVICES[name](update=update, by=who)
    return update


def test_the_admin_cannot_change_a_published_update_outside_the_workflow(world):
    update = StatusUpdate.objects.get(pk=published(world).pk)
    link = update.links.get()
    admin = signed_in(world.admin)
    url = reverse("admin:tracking_statusupdate_change", args=[update.pk])
    page = admin.get(url)
    assert page.status_code == 200
    assert "Bill tabled." in page.text
    assert 'name="narrative"' not in page.text

    response = admin.post(
        url,
        {
            "recommendation": update.recommendation_id,
            "institution": update.institution_id,
            "status": "fully",
            "narrative": "Rewritten by an administrator.",
            "state": "draft",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "1",
            "links-0-id": link.pk,
            "links-0-status_update": update.pk,
            "links-0-url": "https://example.org/other",
            "links-0-DELETE": "on",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    fresh = StatusUpdate.objects.get(pk=update.pk)
    assert (fresh.status, fresh.narrative, fresh.state) == ("in_progress", "Bill tabled.", "published")
    assert (fresh.version, fresh.updated_at, fresh.updated_by) == (
        update.version,
        update.updated_at,
        update.updated_by,
    )
    assert EvidenceLink.objects.get().url == "https://example.org/bill"


def test_status_updates_are_not_added_in_the_admin(world):
    admin = signed_in(world.admin)
    assert admin.get(reverse("admin:tracking_statusupdate_add")).status_code == 403
