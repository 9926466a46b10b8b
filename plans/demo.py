"""A small adopted plan for the demo (``manage.py seed_demo``): two actions and a sub-action answering
the demo state's recommendations, with budgets, an indicator and one published progress report."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from indicators.models import Indicator
from reference.models import Theme
from tracking.models import StatusUpdate

from .models import Action, Plan

PLAN = {
    "title": "{state} implementation plan for UPR and treaty-body recommendations 2025–2028",
    "kind": Plan.Kind.UPR,
    "period_start": dt.date(2025, 1, 1),
    "period_end": dt.date(2028, 12, 31),
    "state": Plan.State.ADOPTED,
    "adopted_on": dt.date(2025, 3, 14),
}
# Two of the four national clusters of Kenya's 2016 implementation matrix, by action code.
CLUSTERS = {
    "civil-and-political-rights": ("Civil and Political Rights", ["1", "1.1"]),
    "group-rights": ("Group Rights", ["2"]),
}
# (code, parent code, title, lead acronym, start, end, budget, currency, source, subjects): the national
# currency (``None``) or a donor's; the subjects are keys of the recommendations ``seed_plan`` is given.
ACTIONS = [
    ("1", "", "Set up an independent unit to investigate complaints against police officers", "MOJ",
     dt.date(2025, 4, 1), dt.date(2026, 12, 31), Decimal("45000000"), None, "national",
     ["police", "prisons"]),
    ("1.1", "1", "Train investigators and publish the unit's complaint procedure", "MOJ",
     dt.date(2025, 6, 1), dt.date(2026, 3, 31), Decimal("60000"), "USD", "upr_fund",
     ["police"]),
    ("2", "", "Extend free maternal health care to every county referral hospital", "MOH",
     dt.date(2025, 7, 1), dt.date(2028, 6, 30), Decimal("1200000"), "USD", "donor",
     ["health", "violence-women"]),
]  # fmt: skip


def seed_plan(seeder, recommendations: dict, institutions: dict, users: dict, *, state: str, currency: str):
    """The plan of ``state`` (its name) answering ``recommendations`` (by subject key), budgets in
    ``currency`` (the state's) and dollars."""
    coordinator = users["coordinator"]
    title = PLAN["title"].format(state=state)
    plan = seeder.ensure(Plan, title=title, defaults={**PLAN, "title": title, "created_by": coordinator})
    by_code = {}
    national = currency
    for code, parent, title, lead, start, end, amount, currency, source, keys in ACTIONS:
        action = seeder.ensure(
            Action,
            plan=plan,
            code=code,
            defaults={
                "parent": by_code.get(parent),
                "title": title,
                "lead_institution": institutions[lead],
                "start_date": start,
                "end_date": end,
                "budget_amount": amount,
                "budget_currency": currency or national,
                "budget_source": source,
                "created_by": coordinator,
            },
        )
        action.recommendations.add(*[recommendations[key] for key in keys if key in recommendations])
        by_code[code] = action
    for code, (name, action_codes) in CLUSTERS.items():
        cluster = seeder.ensure(Theme, scheme=Theme.Scheme.NATIONAL, code=code, defaults={"name": name})
        for action_code in action_codes:
            by_code[action_code].clusters.add(cluster)
    indicator = Indicator.objects.filter(recommendation__in=by_code["1"].recommendations.all()).first()
    if indicator:
        by_code["1"].indicators.add(indicator)
    seeder.ensure(
        StatusUpdate,
        action=by_code["1"],
        institution=by_code["1"].lead_institution,
        status="in_progress",
        defaults={
            "narrative": "The unit's founding regulation was gazetted; 12 of 20 investigators are recruited.",
            "amount_spent": Decimal("18500000"),
            "state": StatusUpdate.State.PUBLISHED,
            "published_at": timezone.now(),
            "created_by": users["focal.justice"],
        },
    )
    return plan
