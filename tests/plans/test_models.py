"""The rules of plans and actions: dates inside the period and the parent's dates, budgets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from plans import services
from plans.models import Action
from upr_tracker.errors import ApplicationError

from .conftest import make_action, make_plan


def create(planned, **fields):
    values = {
        "plan": planned.plan,
        "by": planned.coordinator,
        "title": "Train police officers",
        "lead_institution": planned.justice,
        "start_date": dt.date(2024, 6, 1),
        "end_date": dt.date(2025, 1, 31),
    }
    return services.action_create(**(values | fields))


def test_an_action_inside_the_plan_period_is_created(planned):
    action = create(planned, budget_amount=Decimal("5000"), budget_currency="USD")
    assert action.pk and action.budget_currency == "USD"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"start_date": dt.date(2023, 12, 31)}, "start_date"),
        ({"end_date": dt.date(2029, 1, 1)}, "end_date"),
        ({"start_date": dt.date(2025, 1, 1), "end_date": dt.date(2024, 12, 1)}, "end_date"),
        ({"budget_amount": Decimal("-1"), "budget_currency": "USD"}, "budget_amount"),
        ({"budget_amount": Decimal("10")}, "budget_currency"),
        ({"budget_amount": Decimal("10"), "budget_currency": "dollars"}, "budget_currency"),
    ],
)
def test_an_action_breaking_a_rule_is_refused_naming_the_field(planned, fields, field):
    before = Action.objects.count()
    with pytest.raises(ApplicationError) as error:
        create(planned, **fields)
    assert field in error.value.extra["fields"]
    assert Action.objects.count() == before


def test_a_sub_action_stays_inside_its_parents_dates(planned):
    parent = planned.action  # 2024-03-01 – 2025-06-30
    inside = create(planned, parent=parent, start_date=dt.date(2024, 4, 1), end_date=dt.date(2025, 6, 30))
    assert inside.parent == parent
    with pytest.raises(ApplicationError) as error:
        create(planned, parent=parent, start_date=dt.date(2024, 2, 1), end_date=dt.date(2024, 5, 1))
    assert "start_date" in error.value.extra["fields"]
    with pytest.raises(ApplicationError) as error:
        create(planned, parent=parent, start_date=dt.date(2024, 4, 1), end_date=dt.date(2025, 7, 1))
    assert "end_date" in error.value.extra["fields"]


def test_a_sub_action_belongs_to_its_parents_plan(planned):
    with pytest.raises(ApplicationError) as error:
        create(planned, parent=planned.draft_action)
    assert "parent" in error.value.extra["fields"]


def test_an_action_cannot_be_moved_to_end_before_its_sub_actions(planned):
    create(planned, parent=planned.action, start_date=dt.date(2024, 4, 1), end_date=dt.date(2025, 6, 1))
    with pytest.raises(ApplicationError):
        services.action_edit(action=planned.action, by=planned.coordinator, end_date=dt.date(2025, 1, 1))
    planned.action.refresh_from_db()
    assert planned.action.end_date == dt.date(2025, 6, 30)


def test_a_plan_period_cannot_shrink_away_from_its_actions(planned):
    with pytest.raises(ApplicationError):
        services.plan_edit(plan=planned.plan, by=planned.coordinator, period_end=dt.date(2025, 1, 1))


def test_the_database_refuses_a_negative_budget_or_an_amount_without_currency(planned):
    for fields in (
        {"budget_amount": -5, "budget_currency": "USD"},
        {"budget_amount": 5, "budget_currency": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_action(planned.plan, planned.justice, **fields)


def test_only_the_coordinator_plans(planned):
    with pytest.raises(ApplicationError) as error:
        create(planned, by=planned.focal_justice)
    assert error.value.code == "forbidden"


def test_adopting_needs_an_action_and_moves_draft_to_adopted_to_closed(planned):
    empty = make_plan(state="draft", title="Empty")
    with pytest.raises(ApplicationError):
        services.plan_adopt(plan=empty, by=planned.coordinator)
    adopted = services.plan_adopt(plan=planned.draft, by=planned.coordinator)
    assert adopted.state == "adopted" and adopted.adopted_on
    with pytest.raises(ApplicationError):
        services.plan_adopt(plan=planned.draft, by=planned.coordinator)
    assert services.plan_close(plan=planned.draft, by=planned.coordinator).state == "closed"


def test_every_change_is_in_the_history_the_coordinator_reads(planned):
    from tests.conftest import signed_in

    services.action_edit(action=planned.action, by=planned.coordinator, title="Table the bill")
    services.action_add_recommendations(
        action=planned.action, recommendations=[planned.unpublished], by=planned.coordinator
    )
    page = signed_in(planned.coordinator).get(f"/tracking/history/action/{planned.action.pk}/")
    assert "Action edited" in page.content.decode() and "Action linked" in page.content.decode()
    assert "Table the bill" in page.content.decode()
    assert (
        signed_in(planned.focal_justice).get(f"/tracking/history/action/{planned.action.pk}/").status_code
        == 404
    )
