"""Who may see and change what inside the tracker: the one module views, API, search and exports ask.

The public rule (published only) lives in ``recommendations.permissions`` and is reused here; this
module adds what signed-in people see beyond it:

- the NMRF coordinator (``User.is_coordinator``) and superusers see and manage everything;
- a focal point (main or alternate) or validator sees what is assigned to their institution(s), and
  every status update of those institutions;
- a working-group member sees the group's recommendations (given one by one or through national
  clusters) and the non-draft status updates on them, read only.

The functions answer from memberships loaded once per request (``_institution_roles`` caches them on
the user object), so a list view calling ``can_…`` per row costs no extra query per row.
"""

from __future__ import annotations

from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from indicators.models import Indicator, IndicatorValue
from institutions.models import Assignment, Membership, WorkingGroup
from recommendations import permissions as public
from recommendations.models import Recommendation
from tracking.models import AuditEntry, Evidence, StatusUpdate

Transition = Literal["submit", "approve", "return", "publish"]
TRANSITIONS: tuple[Transition, ...] = ("submit", "approve", "return", "publish")

REPORTING_ROLES = {Membership.Role.FOCAL_POINT, Membership.Role.ALTERNATE}
EDITABLE_STATES = {StatusUpdate.State.DRAFT, StatusUpdate.State.RETURNED}
# What makes someone an author of an update: writing it, editing it, adding evidence to it.
AUTHOR_ACTIONS = (
    "tracking.status_update.created",
    "tracking.status_update.edited",
    "tracking.evidence.added",
    "tracking.evidence_link.added",
)


def is_coordinator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_coordinator or user.is_superuser))


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _institution_roles(user) -> dict[int, set[str]]:
    """institution id → the user's roles there. One query, cached on the user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_access_institution_roles", None)
    if cached is None:
        cached = {}
        for institution_id, role in Membership.objects.filter(
            user=user, institution__is_active=True
        ).values_list("institution_id", "role"):
            cached.setdefault(institution_id, set()).add(role)
        user._access_institution_roles = cached
    return cached


def institution_ids(user, roles=None) -> set[int]:
    """The institutions where ``user`` holds any of ``roles`` (any role when None)."""
    return {i for i, held in _institution_roles(user).items() if roles is None or held & set(roles)}


def reports_for(user, institution_id) -> bool:
    return bool(_institution_roles(user).get(institution_id, set()) & REPORTING_ROLES)


def validates_for(user, institution_id) -> bool:
    return Membership.Role.VALIDATOR in _institution_roles(user).get(institution_id, set())


def is_validator(user) -> bool:
    return bool(institution_ids(user, [Membership.Role.VALIDATOR]))


def needs_two_factor(user) -> bool:
    """Validators, coordinators and administrators must sign in with a second factor (TOTP)."""
    return bool(user.is_authenticated and (user.is_staff or is_coordinator(user) or is_validator(user)))


def _group_recommendations_q(user) -> Q:
    """Recommendations of the user's working groups, directly or through their clusters (subqueries,
    not joins: OR-ed joins over several many-to-many tables make PostgreSQL multiply rows)."""
    groups = WorkingGroup.objects.filter(members=user)
    themed = Recommendation.themes.through.objects.filter(theme__in=groups.values("clusters"))
    return Q(pk__in=groups.values("recommendations")) | Q(pk__in=themed.values("recommendation"))


def _mine_q(user) -> Q:
    assigned = Assignment.objects.filter(institution__in=institution_ids(user)).values("recommendation")
    return Q(pk__in=assigned) | _group_recommendations_q(user)


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    """Published recommendations for everyone; plus, signed in, those assigned or in one's groups."""
    if is_coordinator(user):
        return Recommendation.objects.all()
    if not user.is_authenticated:
        return public.visible_recommendations(user)
    return Recommendation.objects.filter(Q(is_published=True) | _mine_q(user))


def recommendations_assigned_to(user) -> QuerySet[Recommendation]:
    """The "My recommendations" set: assigned to the user's institutions or in the user's groups."""
    if not user.is_authenticated:
        return Recommendation.objects.none()
    return Recommendation.objects.filter(_mine_q(user))


def can_view_recommendation(user, recommendation) -> bool:
    return recommendations_visible_to(user).filter(pk=recommendation.pk).exists()


def status_updates_visible_to(user) -> QuerySet[StatusUpdate]:
    """Published updates for everyone; one's institutions' updates; non-draft updates of one's groups."""
    if is_coordinator(user):
        return StatusUpdate.objects.all()
    if not user.is_authenticated:
        return public.visible_status_updates(user)
    groups = Recommendation.objects.filter(_group_recommendations_q(user)).values("pk")
    return StatusUpdate.objects.filter(
        Q(state=StatusUpdate.State.PUBLISHED)
        | Q(institution__in=institution_ids(user))
        | (Q(recommendation__in=groups) & ~Q(state=StatusUpdate.State.DRAFT))
    )


def can_view_update(user, update) -> bool:
    if update.state == StatusUpdate.State.PUBLISHED or is_coordinator(user):
        return True
    if update.institution_id in institution_ids(user):
        return True
    return status_updates_visible_to(user).filter(pk=update.pk).exists()


def can_create_update(user, recommendation, institution) -> bool:
    """A focal point reports for an institution assigned to the recommendation."""
    return (
        reports_for(user, institution.pk)
        and Assignment.objects.filter(recommendation=recommendation, institution=institution).exists()
    )


def can_report_on_action(user, action) -> bool:
    """A focal point of the lead institution reports progress on an action of an adopted plan.

    Reads ``action.plan`` (one query unless it was selected with the action).
    """
    return reports_for(user, action.lead_institution_id) and action.plan.state == "adopted"


def can_manage_plans(user) -> bool:
    return is_coordinator(user)


def can_edit_update(user, update) -> bool:
    """Focal points of the institution change drafts and returned updates; nobody changes the rest."""
    return update.state in EDITABLE_STATES and reports_for(user, update.institution_id)


def authors_of(update) -> set[int]:
    """Ids of the people who wrote or edited ``update``: its creator, everyone the audit log records
    editing it or adding evidence, and whoever recorded an indicator value with it.

    Two queries, cached on the update object.
    """
    cached = getattr(update, "_access_authors", None)
    if cached is None:
        entries = AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(StatusUpdate),
            object_id=update.pk,
            action__in=AUTHOR_ACTIONS,
        )
        values = IndicatorValue.objects.filter(status_update_id=update.pk)
        cached = {update.created_by_id} | set(entries.values_list("actor_id", flat=True))
        cached |= set(values.values_list("created_by_id", flat=True))
        cached.discard(None)
        update._access_authors = cached
    return cached


def is_author(user, update) -> bool:
    """Separation of duties: an author never approves or publishes the update they wrote or edited."""
    return bool(user.is_authenticated and user.pk in authors_of(update))


def can_transition(user, update, transition: Transition) -> bool:
    """Draft/returned → submitted (focal point) → approved (validator) → published (coordinator).

    ``return`` sends a submitted update back from the validator, or an approved one from the coordinator.
    Nobody approves or publishes an update they wrote or edited (``is_author``), even holding both roles.
    """
    state, State = update.state, StatusUpdate.State
    if transition == "submit":
        return state in EDITABLE_STATES and reports_for(user, update.institution_id)
    if transition == "approve":
        return (
            state == State.SUBMITTED
            and validates_for(user, update.institution_id)
            and not is_author(user, update)
        )
    if transition == "publish":
        return state == State.APPROVED and is_coordinator(user) and not is_author(user, update)
    if transition == "return":
        return (state == State.SUBMITTED and validates_for(user, update.institution_id)) or (
            state == State.APPROVED and is_coordinator(user)
        )
    return False


def allowed_transitions(user, update) -> list[Transition]:
    return [t for t in TRANSITIONS if can_transition(user, update, t)]


def can_view_evidence(user, evidence: Evidence) -> bool:
    """As its update, except that a confidential file never reaches the public: only the NMRF and the
    institution's own people see it."""
    if evidence.confidential:
        return is_coordinator(user) or evidence.status_update.institution_id in institution_ids(user)
    return can_view_update(user, evidence.status_update)


def can_mark_evidence(user, evidence: Evidence) -> bool:
    """Who may mark a file confidential or public again: the coordinator, the institution's focal points
    and its validator, at any stage (a file published by mistake can be withdrawn from the public)."""
    return is_coordinator(user) or evidence.status_update.institution_id in institution_ids(
        user, [*REPORTING_ROLES, "validator"]
    )


def can_manage_assignments(user) -> bool:
    return is_coordinator(user)


def can_manage_indicators(user) -> bool:
    return is_coordinator(user)


def indicators_visible_to(user) -> QuerySet[Indicator]:
    """Indicators of the recommendations one may see, and every cluster indicator."""
    return Indicator.objects.filter(
        Q(recommendation__in=recommendations_visible_to(user).values("pk")) | Q(cluster__isnull=False)
    )


def indicator_values_visible_to(user) -> QuerySet[IndicatorValue]:
    """The public's values, plus, signed in, values of indicators one may see that were entered on their
    own or with a status update one may see (never another institution's draft)."""
    if is_coordinator(user):
        return IndicatorValue.objects.all()
    if not user.is_authenticated:
        return public.visible_indicator_values(user)
    return IndicatorValue.objects.filter(
        Q(status_update__isnull=True) | Q(status_update__in=status_updates_visible_to(user).values("pk")),
        indicator__in=indicators_visible_to(user).values("pk"),
    )


def can_record_indicator_value(user, indicator: Indicator) -> bool:
    """Coordinators; focal points of the responsible institution, of one assigned to the recommendation,
    or of one leading an action the indicator measures."""
    return is_coordinator(user) or works_on_indicator(user, indicator, REPORTING_ROLES)


def can_view_history(user, obj) -> bool:
    """History is for the people who work on the record: coordinators and its institution's members."""
    if is_coordinator(user):
        return True
    if isinstance(obj, StatusUpdate):
        return obj.institution_id in institution_ids(user)
    if isinstance(obj, Assignment):
        return obj.institution_id in institution_ids(user)
    if isinstance(obj, IndicatorValue):
        obj = obj.indicator
    if isinstance(obj, Indicator):
        return works_on_indicator(user, obj)
    return False


def works_on_indicator(user, indicator: Indicator, roles=None) -> bool:
    """Members (holding one of ``roles``, any when None) of the responsible institution or of one
    assigned to the measured recommendation, or of one leading an action the indicator measures.

    Seeing an indicator (anyone may, on a published recommendation) is not working on it: its history
    names people and lists values before they are public. Two queries at most.
    """
    mine = institution_ids(user, roles)
    if not mine:
        return False
    if indicator.responsible_institution_id in mine:
        return True
    if indicator.actions.filter(lead_institution__in=mine).exists():  # it measures an action they lead
        return True
    return bool(
        indicator.recommendation_id
        and Assignment.objects.filter(
            recommendation_id=indicator.recommendation_id, institution__in=mine
        ).exists()
    )


def can_view_workbook_upload(user, upload) -> bool:
    """An uploaded reporting workbook: its uploader, the coordinator, and the validators of the
    institutions its drafts were written for. Reads the upload's updates: one query."""
    if is_coordinator(user) or (user.is_authenticated and upload.created_by_id == user.pk):
        return True
    validating = institution_ids(user, [Membership.Role.VALIDATOR])
    return bool(validating) and upload.updates.filter(institution__in=validating).exists()
