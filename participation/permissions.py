"""Who may see and do what in civil-society participation; views, API, feeds and exports ask here.

Public means: an approved comment or a current assessment, from an organisation the coordinator has
verified (or a coordinator's reply), on a published recommendation, and, for a comment on a status
update, a published one. It builds on ``recommendations.permissions`` so no path here can reach
unpublished government data. Roles beyond the public come from ``upr_tracker.access`` (coordinator)
and from the one current membership a person holds.
"""

from django.db.models import Q, QuerySet

from recommendations import permissions as public
from upr_tracker.access import is_coordinator

from .models import Assessment, Comment, Consultation, Moderation, OrganisationMember

_PUBLIC_ORGANISATION = Q(organisation__isnull=True) | Q(organisation__verified_at__isnull=False)


def current_membership(user) -> OrganisationMember | None:
    """The organisation ``user`` speaks for now, if any. One query, cached on the user object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_participation_membership"):
        user._participation_membership = (
            OrganisationMember.objects.filter(user=user, left_at__isnull=True)
            .select_related("organisation")
            .first()
        )
    return user._participation_membership


def published_comments(user) -> QuerySet[Comment]:
    """Comments anyone may read."""
    recommendations = public.visible_recommendations(user).values("pk")
    return public.visible_comments(user).filter(_PUBLIC_ORGANISATION, recommendation__in=recommendations)


def published_assessments(user, *, history: bool = False) -> QuerySet[Assessment]:
    """Current assessments anyone may read; with ``history``, the earlier approved ones too."""
    recommendations = public.visible_recommendations(user).values("pk")
    assessments = Assessment.objects.filter(
        moderation=Moderation.APPROVED,
        organisation__verified_at__isnull=False,
        recommendation__in=recommendations,
    )
    return assessments if history else assessments.current()


def can_comment(user) -> bool:
    """Members of an organisation speak for it; the coordinator may answer for the NMRF."""
    return current_membership(user) is not None or is_coordinator(user)


def can_assess(user) -> bool:
    return current_membership(user) is not None


def can_edit_comment(user, comment: Comment, *, now) -> bool:
    """The author, within the edit window, and only while still speaking for the same organisation."""
    if comment.author_id != user.pk or now > comment.editable_until:
        return False
    membership = current_membership(user)
    return comment.organisation_id is None or (
        membership and membership.organisation_id == comment.organisation_id
    )


def can_moderate(user) -> bool:
    return is_coordinator(user)


def can_manage_members(user, organisation) -> bool:
    """The organisation's administrators, and the coordinator."""
    if is_coordinator(user):
        return True
    membership = current_membership(user)
    return bool(
        membership
        and membership.organisation_id == organisation.pk
        and membership.role == OrganisationMember.Role.ADMIN
    )


def consultations_visible_to(user) -> QuerySet[Consultation]:
    """The coordinator and members of verified organisations take part in consultations; nobody else."""
    if is_coordinator(user):
        return Consultation.objects.all()
    membership = current_membership(user)
    if membership and membership.organisation.is_verified:
        return Consultation.objects.all()
    return Consultation.objects.none()


def can_submit_input(user, consultation: Consultation) -> bool:
    membership = current_membership(user)
    return bool(membership and membership.organisation.is_verified and consultation.is_open)


def can_view_all_inputs(user) -> bool:
    """The table of every organisation's input (and its export) is the coordinator's."""
    return is_coordinator(user)
