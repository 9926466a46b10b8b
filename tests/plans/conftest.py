"""The tracking personas (tests/tracking/conftest.py) plus a plan: an adopted plan with one action of the
Ministry of Justice answering the world's recommendation, and a draft plan nobody outside sees."""

import datetime as dt
from types import SimpleNamespace

import pytest

from plans.models import Action, Plan
from tests.tracking.conftest import (  # noqa: F401
    _fast_passwords_and_own_media,
    _on_commit_now,
    world,  # noqa: F401 (the personas, as a fixture)
)

PERIOD = (dt.date(2024, 1, 1), dt.date(2028, 12, 31))


def make_plan(state=Plan.State.ADOPTED, **fields) -> Plan:
    values = {
        "title": "UPR implementation plan 2024–2028",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "state": state,
        "adopted_on": dt.date(2024, 2, 1) if state != Plan.State.DRAFT else None,
    }
    return Plan.objects.create(**(values | fields))


def make_action(plan, lead, recommendations=(), **fields) -> Action:
    values = {
        "code": "1",
        "title": "Draft and table a domestic violence bill",
        "lead_institution": lead,
        "start_date": dt.date(2024, 3, 1),
        "end_date": dt.date(2025, 6, 30),
        "budget_amount": 120000,
        "budget_currency": "KES",
        "budget_source": "national",
    }
    action = Action.objects.create(plan=plan, **(values | fields))
    action.recommendations.set(recommendations)
    return action


@pytest.fixture
def planned(world):  # noqa: F811
    adopted = make_plan()
    action = make_action(adopted, world.justice, [world.recommendation])
    action.indicators.add(world.indicator)
    draft = make_plan(Plan.State.DRAFT, title="Draft sectoral plan")
    draft_action = make_action(
        draft, world.health, [world.unpublished], code="D1", title="Secret draft action"
    )
    return SimpleNamespace(**vars(world), plan=adopted, action=action, draft=draft, draft_action=draft_action)


def plan_values(personas) -> dict:
    """Route parameters for the permission matrix: an adopted plan, its action (led by the Ministry of
    Justice, for the world's recommendation), and a draft plan."""
    plan = make_plan()
    action = make_action(plan, personas.justice, [personas.recommendation])
    draft = make_plan(Plan.State.DRAFT, title="Draft")
    return {"plan_pk": plan.pk, "action_pk": action.pk, "draft_plan_pk": draft.pk}
