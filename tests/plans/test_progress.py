"""Progress on an action goes through the status-update workflow: every step, its rules, its e-mails."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from indicators.models import IndicatorValue
from plans.models import Action
from tests.conftest import signed_in
from tests.factories import IndicatorFactory
from tracking import services
from tracking.audit import history_for
from tracking.models import StatusUpdate
from upr_tracker.errors import ApplicationError, Conflict


def draft(planned, **extra):
    return services.status_update_create(
        action=planned.action,
        by=planned.focal_justice,
        status="in_progress",
        narrative="The bill was tabled in parliament.",
        amount_spent=Decimal("40000"),
        **extra,
    )


def test_the_lead_institutions_focal_point_drafts_progress_for_the_lead_institution(planned):
    update = draft(
        planned, indicator_values=[{"indicator": planned.indicator, "date": dt.date(2025, 1, 1), "value": 35}]
    )
    assert update.action == planned.action and update.recommendation is None
    assert update.institution == planned.justice and update.state == "draft"
    assert IndicatorValue.objects.get(status_update=update).value == 35
    assert [e.action for e in history_for(update)] == ["tracking.status_update.created"]


def test_others_cannot_report_on_the_action(planned):
    for person in (planned.focal_health, planned.validator_justice, planned.cso):
        with pytest.raises(ApplicationError) as error:
            services.status_update_create(action=planned.action, by=person, status="in_progress")
        assert error.value.code == "forbidden"


def test_no_progress_on_an_action_of_a_draft_plan(planned, world):
    from tests.factories import MembershipFactory

    focal = MembershipFactory(institution=planned.health).user
    with pytest.raises(ApplicationError):
        services.status_update_create(action=planned.draft_action, by=focal, status="in_progress")


def test_an_indicator_that_does_not_measure_the_action_is_refused(planned):
    other = IndicatorFactory(responsible_institution=planned.justice)
    with pytest.raises(ApplicationError):
        draft(planned, indicator_values=[{"indicator": other, "date": dt.date(2025, 1, 1), "value": 1}])
    assert not StatusUpdate.objects.filter(action=planned.action).exists()


def test_submit_approve_publish_with_notifications_and_the_action_takes_the_status(planned):
    update = draft(planned)
    planned.validator_justice.email = "validator@example.org"
    planned.validator_justice.save()
    services.status_update_submit(update=update, by=planned.focal_justice)
    assert update.state == "submitted"
    assert mail.outbox[-1].to == ["validator@example.org"]
    assert planned.action.label in mail.outbox[-1].subject
    services.status_update_approve(update=update, by=planned.validator_justice, comment="Good.")
    assert update.state == "approved"
    assert Action.objects.with_progress().get(pk=planned.action.pk).current_status is None
    services.status_update_publish(update=update, by=planned.coordinator)
    assert update.state == "published" and update.published_at
    action = Action.objects.with_progress().get(pk=planned.action.pk)
    assert action.current_status == "in_progress"
    assert [e.action for e in history_for(update)][:3] == [
        "tracking.status_update.published",
        "tracking.status_update.approved",
        "tracking.status_update.submitted",
    ]


def test_return_and_edit_with_optimistic_locking(planned):
    update = draft(planned)
    services.status_update_submit(update=update, by=planned.focal_justice)
    with pytest.raises(ApplicationError):
        services.status_update_return(update=update, by=planned.validator_justice, comment=" ")
    services.status_update_return(update=update, by=planned.validator_justice, comment="Give the amount.")
    assert update.state == "returned"
    version = update.version
    services.status_update_edit(
        update=update, by=planned.focal_justice, expected_version=version, amount_spent=Decimal("45000")
    )
    with pytest.raises(Conflict):
        services.status_update_edit(
            update=update, by=planned.focal_justice, expected_version=version, amount_spent=Decimal("1")
        )
    update.refresh_from_db()
    assert update.amount_spent == Decimal("45000")


def test_the_wrong_people_cannot_move_progress_on(planned):
    update = draft(planned)
    with pytest.raises(ApplicationError):
        services.status_update_approve(update=update, by=planned.validator_justice)
    services.status_update_submit(update=update, by=planned.focal_justice)
    with pytest.raises(ApplicationError):
        services.status_update_publish(update=update, by=planned.coordinator)
    with pytest.raises(ApplicationError):
        services.status_update_approve(update=update, by=planned.focal_health)


def test_the_web_pages_take_progress_through_the_workflow(planned):
    focal = signed_in(planned.focal_justice)
    response = focal.post(
        f"/plans/actions/{planned.action.pk}/report/",
        {"status": "fully", "narrative": "Law adopted.", "amount_spent": "100000"},
    )
    update = StatusUpdate.objects.get(action=planned.action)
    assert response.status_code == 302 and response["Location"] == f"/tracking/updates/{update.pk}/"
    page = focal.get(f"/tracking/updates/{update.pk}/")
    assert planned.action.label in page.content.decode() and "100,000" in page.content.decode()
    assert focal.post(f"/tracking/updates/{update.pk}/submit/").status_code == 302
    assert (
        signed_in(planned.validator_justice).post(f"/tracking/updates/{update.pk}/approve/").status_code
        == 302
    )
    assert signed_in(planned.coordinator).post(f"/tracking/updates/{update.pk}/publish/").status_code == 302
    update.refresh_from_db()
    assert update.state == "published"
    assert (
        signed_in(planned.focal_health).get(f"/plans/actions/{planned.action.pk}/report/").status_code == 403
    )


def test_the_digest_reminds_focal_points_of_actions_ending(planned, settings):
    from tracking.tasks import focal_point_digest_task

    Action.objects.filter(pk=planned.action.pk).update(end_date=dt.date.today() + dt.timedelta(days=5))
    mail.outbox.clear()
    focal_point_digest_task()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert planned.action.label in bodies[planned.focal_justice.email]
    assert planned.action.label not in bodies.get(planned.focal_health.email, "")
