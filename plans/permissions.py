"""What the public may see of plans: the one definition pages, API, search SQL and exports ask.

Adopted plans are public, and so are closed ones (what a past plan did stays on record); drafts are the
coordinators' work. Progress on an action is public once published, as any status update.
Coverage ("addressed by an action") counts adopted plans only: a closed plan no longer commits anyone.
"""

from django.db.models import QuerySet

from upr_tracker import access

from .models import Action, Plan

PUBLIC_PLAN_STATES = (Plan.State.ADOPTED, Plan.State.CLOSED)
ADDRESSING_PLAN_STATES = (Plan.State.ADOPTED,)

# The recommendations addressed by an action of an adopted plan, for SQL that cannot use the ORM (the
# search index refresh). Kept next to the rule it states.
ADDRESSED_RECOMMENDATIONS_SQL = f"""
    SELECT DISTINCT ar.recommendation_id
    FROM plans_action_recommendations ar
    JOIN plans_action a ON a.id = ar.action_id
    JOIN plans_plan p ON p.id = a.plan_id
    WHERE p.state IN ({", ".join(f"'{state}'" for state in ADDRESSING_PLAN_STATES)})
"""


def plans_visible_to(user) -> QuerySet[Plan]:
    """Adopted and closed plans for everyone; drafts too for coordinators."""
    if access.is_coordinator(user):
        return Plan.objects.all()
    return Plan.objects.filter(state__in=PUBLIC_PLAN_STATES)


def actions_visible_to(user) -> QuerySet[Action]:
    if access.is_coordinator(user):
        return Action.objects.all()
    return Action.objects.filter(plan__state__in=PUBLIC_PLAN_STATES)


def addressing_actions() -> QuerySet[Action]:
    """The actions that count for coverage: those of adopted plans."""
    return Action.objects.filter(plan__state__in=ADDRESSING_PLAN_STATES)
