"""Draft → submitted → approved → published, each refusal, and what every step leaves on record."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tracking import services
from tracking.audit import history_for
from tracking.models import StatusUpdate
from upr_tracker.errors import ApplicationError, Conflict, Forbidden


def draft(world, **fields):
    return services.status_update_create(
        recommendation=world.recommendation,
        institution=world.justice,
        by=world.focal_justice,
        status="in_progress",
        narrative=fields.pop("narrative", "Bill tabled."),
        **fields,
    )


def test_each_transition_moves_the_update_on_and_tells_the_next_person(world, mailoutbox):
    update = draft(world)
    assert update.state == "draft" and update.version == 1

    services.status_update_submit(update=update, by=world.focal_justice)
    assert update.state == "submitted"
    assert mailoutbox[-1].to == [world.validator_justice.email]

    services.status_update_approve(update=update, by=world.validator_justice)
    assert update.state == "approved"
    assert mailoutbox[-1].to == [world.coordinator.email]

    services.status_update_publish(update=update, by=world.coordinator)
    update.refresh_from_db()
    assert update.state == "published" and update.published_at is not None
    assert world.focal_justice.email in mailoutbox[-1].to
    assert [e.action for e in history_for(update)][::-1] == [
        "tracking.status_update.created",
        "tracking.status_update.submitted",
        "tracking.status_update.approved",
        "tracking.status_update.published",
    ]


def test_publishing_moves_the_deadline_on_by_the_schedule(world):
    update = draft(world)
    old = world.lead.deadline
    services.status_update_submit(update=update, by=world.focal_justice)
    services.status_update_approve(update=update, by=world.validator_justice)
    services.status_update_publish(update=update, by=world.coordinator)
    world.lead.refresh_from_db()
    assert (
        world.lead.deadline == world.lead.__class__(deadline=old, frequency="semiannual").following_deadline()
    )
    assert world.lead.deadline > old


def test_validator_and_coordinator_return_with_a_comment_and_the_focal_point_resubmits(world, mailoutbox):
    update = draft(world)
    services.status_update_submit(update=update, by=world.focal_justice)
    with pytest.raises(ApplicationError):
        services.status_update_return(update=update, by=world.validator_justice, comment=" ")
    services.status_update_return(update=update, by=world.validator_justice, comment="Add the bill number.")
    assert update.state == "returned"
    assert mailoutbox[-1].to == [world.focal_justice.email]
    assert history_for(update).first().comment == "Add the bill number."

    services.status_update_submit(update=update, by=world.focal_justice)
    services.status_update_approve(update=update, by=world.validator_justice)
    services.status_update_return(update=update, by=world.coordinator, comment="Say which law.")
    assert update.state == "returned"


@pytest.mark.parametrize(
    ("who", "transition", "state"),
    [
        ("focal_health", "submit", "draft"),  # wrong institution
        ("validator_justice", "submit", "draft"),  # wrong role
        ("coordinator", "submit", "draft"),
        ("focal_justice", "approve", "submitted"),  # a focal point cannot approve
        ("coordinator", "approve", "submitted"),
        ("validator_justice", "approve", "draft"),  # wrong state
        ("validator_justice", "publish", "approved"),
        ("focal_justice", "publish", "approved"),
        ("coordinator", "publish", "submitted"),  # not approved yet
        ("focal_justice", "return", "submitted"),
        ("validator_justice", "return", "approved"),  # after approval only the coordinator returns
        ("focal_justice", "submit", "published"),
    ],
)
def test_transitions_are_refused_to_the_wrong_person_or_in_the_wrong_state(world, who, transition, state):
    update = draft(world)
    StatusUpdate.objects.filter(pk=update.pk).update(
        state=state, published_at="2024-01-01T00:00Z" if state == "published" else None
    )
    update.refresh_from_db()
    kwargs = {"comment": "why"} if transition in ("return", "approve") else {}
    with pytest.raises(Forbidden):
        services.TRANSITION_SERVICES[transition](update=update, by=getattr(world, who), **kwargs)
    update.refresh_from_db()
    assert update.state == state


def test_only_focal_points_of_an_assigned_institution_create_updates(world):
    for who in ("focal_health", "validator_justice", "coordinator", "cso"):
        with pytest.raises(Forbidden):
            services.status_update_create(
                recommendation=world.unpublished if who == "focal_health" else world.recommendation,
                institution=world.justice,
                by=getattr(world, who),
                status="in_progress",
            )


def test_a_second_save_from_an_older_version_is_refused(world):
    update = draft(world)
    services.status_update_edit(
        update=update, by=world.focal_justice, expected_version=1, narrative="First edit."
    )
    assert update.version == 2
    stale = StatusUpdate.objects.get(pk=update.pk)
    with pytest.raises(Conflict):
        services.status_update_edit(
            update=stale, by=world.focal_justice, expected_version=1, narrative="Second."
        )
    update.refresh_from_db()
    assert update.narrative == "First edit."


def test_the_edit_page_keeps_the_losers_text_and_says_why(world):
    update = draft(world)
    first, second = signed_in(world.focal_justice), signed_in(world.focal_justice, verified=False)
    url = reverse("tracking:update_edit", args=[update.pk])
    form = {"status": "in_progress", "narrative": "", "version": "1", "institution": world.justice.pk}
    assert first.post(url, form | {"narrative": "Alice's text"}).status_code == 302
    response = second.post(url, form | {"narrative": "Bob's text"})
    assert response.status_code == 409
    assert "Someone else saved this update" in response.text
    assert "Bob&#x27;s text" in response.text
    update.refresh_from_db()
    assert update.narrative == "Alice's text" and update.version == 2


def test_edits_are_refused_once_submitted(world):
    update = draft(world)
    services.status_update_submit(update=update, by=world.focal_justice)
    with pytest.raises(Forbidden):
        services.status_update_edit(
            update=update, by=world.focal_justice, expected_version=update.version, narrative="x"
        )


def test_history_shows_what_changed_from_what_to_what(world):
    update = draft(world, narrative="Before")
    services.status_update_edit(
        update=update, by=world.focal_justice, expected_version=1, narrative="After", status="partially"
    )
    entry = history_for(update).first()
    assert entry.actor == world.focal_justice
    assert entry.changes == {"narrative": ["Before", "After"], "status": ["in_progress", "partially"]}
    page = signed_in(world.validator_justice).get(reverse("tracking:history", args=["update", update.pk]))
    assert "<del>Before</del> → <ins>After</ins>" in page.text
    assert (
        signed_in(world.focal_health).get(reverse("tracking:history", args=["update", update.pk])).status_code
        == 404
    )


def test_indicator_values_come_with_the_report_and_are_public_only_once_published(world, client):
    update = draft(
        world, indicator_values=[{"indicator": world.indicator, "date": dt.date(2025, 6, 30), "value": 50}]
    )
    value = update.indicator_values.get()
    assert world.indicator.progress(value.value) == 50.0
    url = reverse("tracking:indicator", args=[world.indicator.pk])
    assert (
        "50 %"
        not in client.get(reverse("recommendations:detail", args=[world.recommendation.public_id])).text
    )
    assert signed_in(world.focal_justice).get(url).context["progress"] == 50.0
    assert signed_in(world.focal_health).get(url).context["progress"] is None


def test_web_workflow_from_report_to_publication(world, client):
    focal = signed_in(world.focal_justice)
    response = focal.post(
        reverse("tracking:update_create", args=[world.recommendation.public_id])
        + f"?institution={world.justice.pk}",
        {
            "status": "partially",
            "level": "law",
            "narrative": "The law was adopted.",
            "links": "https://example.org/law",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    update = StatusUpdate.objects.get()
    assert update.links.get().url == "https://example.org/law"
    for who, transition in [
        (focal, "submit"),
        (signed_in(world.validator_justice), "approve"),
        (signed_in(world.coordinator), "publish"),
    ]:
        assert (
            who.post(reverse("tracking:update_transition", args=[update.pk, transition])).status_code == 302
        )
    update.refresh_from_db()
    assert update.state == "published"
    assert (
        "The law was adopted."
        in client.get(reverse("recommendations:detail", args=[world.recommendation.public_id])).text
    )


def test_a_link_typed_without_its_scheme_is_saved_as_https(world):
    response = signed_in(world.focal_justice).post(
        reverse("tracking:update_create", args=[world.recommendation.public_id])
        + f"?institution={world.justice.pk}",
        {"status": "in_progress", "links": "example.org/law"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert StatusUpdate.objects.get().links.get().url == "https://example.org/law"


def test_a_refused_transition_on_the_web_is_forbidden(world):
    update = draft(world)
    response = signed_in(world.focal_health).post(
        reverse("tracking:update_transition", args=[update.pk, "submit"])
    )
    assert response.status_code == 404  # they may not even see it
    response = signed_in(world.validator_justice).post(
        reverse("tracking:update_transition", args=[update.pk, "approve"])
    )
    assert response.status_code == 403
