"""Comments and assessments: posted by members, moderated by the coordinator."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import permissions
from participation.models import (
    COMMENT_EDIT_WINDOW,
    Assessment,
    Comment,
    CommentReport,
    Moderation,
    Organisation,
)
from recommendations import permissions as public
from search.services import search_index_refresh_later
from tracking.audit import audit_record
from tracking.models import StatusUpdate
from upr_tracker.errors import ApplicationError, Conflict

from .common import require, save_validated


def _publishes_directly(organisation: Organisation | None) -> bool:
    """The coordinator's replies and trusted, verified organisations skip pre-moderation."""
    return organisation is None or (organisation.is_trusted and organisation.is_verified)


@transaction.atomic
def comment_create(
    *,
    recommendation,
    body: str,
    by,
    parent: Comment | None = None,
    status_update: StatusUpdate | None = None,
) -> Comment:
    """A comment on a published recommendation, on one of its published status updates, or a reply."""
    require(permissions.can_comment(by), _("Only members of a registered organisation may comment."))
    if not public.visible_recommendations(by).filter(pk=recommendation.pk).exists():
        raise ApplicationError(_("This recommendation is not published."), status=404)
    if status_update is not None and (
        status_update.recommendation_id != recommendation.pk
        or status_update.state != StatusUpdate.State.PUBLISHED
    ):
        raise ApplicationError(_("Comments can only be made on published reports of this recommendation."))
    if parent is not None:
        if (
            not permissions.published_comments(by)
            .filter(pk=parent.pk, recommendation=recommendation)
            .exists()
        ):
            raise ApplicationError(_("You can only reply to a published comment on this recommendation."))
        status_update = parent.status_update
    membership = permissions.current_membership(by)
    organisation = membership.organisation if membership else None
    comment = save_validated(
        Comment(
            recommendation=recommendation,
            status_update=status_update,
            parent=parent,
            author=by,
            organisation=organisation,
            body=body,
            moderation=Moderation.APPROVED if _publishes_directly(organisation) else Moderation.PENDING,
            created_by=by,
        )
    )
    audit_record(action="participation.comment.created", actor=by, obj=comment)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, by) -> Comment:
    """Correct a comment within the edit window; the first version is kept and the edit shown.

    An edit to a moderated organisation's comment goes back to moderation.
    """
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=comment.pk)
    )
    require(
        permissions.can_edit_comment(by, comment, now=timezone.now()),
        _("Comments can be edited by their author for %(minutes)d minutes after posting.")
        % {"minutes": COMMENT_EDIT_WINDOW.seconds // 60},
    )
    if body == comment.body:
        return comment
    if not comment.original_body:
        comment.original_body = comment.body
    before = comment.body
    comment.body = body
    comment.edited_at = timezone.now()
    comment.updated_by = by
    if not _publishes_directly(comment.organisation):
        comment.moderation = Moderation.PENDING
    save_validated(comment)
    audit_record(
        action="participation.comment.edited", actor=by, obj=comment, changes={"body": [before, body]}
    )
    return comment


def _moderate(obj, *, decision: str, by, kind: str, publish=None):
    """Record the coordinator's decision on a comment or assessment, with its audit entry.

    ``publish`` does what approval means beyond the flag (an assessment becomes current).
    """
    require(permissions.can_moderate(by))
    if decision not in (Moderation.APPROVED, Moderation.REJECTED):
        raise ApplicationError(_("Choose approve or reject."))
    before = obj.moderation
    obj.moderation = decision
    obj.updated_by = by
    if decision == Moderation.APPROVED and publish is not None:
        publish(obj, by=by)
    else:
        obj.save(update_fields=["moderation", "updated_by", "updated_at"])
    audit_record(
        action=f"participation.{kind}.{decision}",
        actor=by,
        obj=obj,
        changes={"moderation": [before, decision]},
    )
    return obj


@transaction.atomic
def comment_moderate(*, comment: Comment, decision: str, by) -> Comment:
    """Approve or reject a comment; either way its open abuse reports are resolved."""
    comment = _moderate(
        Comment.objects.select_for_update().get(pk=comment.pk), decision=decision, by=by, kind="comment"
    )
    comment.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), updated_by=by)
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, reason: str, by) -> CommentReport:
    """Anyone, signed in or not, can flag a published comment; the coordinator sees it in the queue."""
    if not permissions.published_comments(by).filter(pk=comment.pk).exists():
        raise ApplicationError(_("This comment is not published."), status=404)
    report = save_validated(
        CommentReport(comment=comment, reason=reason, created_by=by if by.is_authenticated else None)
    )
    audit_record(action="participation.comment.reported", actor=by, obj=comment, comment=reason)
    return report


# Assessments


@transaction.atomic
def assessment_submit(
    *, recommendation, status: str, level: str, rationale: str, evidence_links: Iterable[str], by
) -> Assessment:
    """The organisation's own view of implementation; replaces its pending one, if any.

    A trusted organisation's assessment becomes current at once; otherwise when approved.
    """
    membership = permissions.current_membership(by)
    require(membership is not None, _("Only members of a registered organisation may post assessments."))
    if not public.visible_recommendations(by).filter(pk=recommendation.pk).exists():
        raise ApplicationError(_("This recommendation is not published."), status=404)
    organisation = membership.organisation
    assessment = (
        Assessment.objects.select_for_update()
        .filter(organisation=organisation, recommendation=recommendation, moderation=Moderation.PENDING)
        .first()
    ) or Assessment(organisation=organisation, recommendation=recommendation, created_by=by)
    assessment.status = status
    assessment.level = level
    assessment.rationale = rationale
    assessment.evidence_links = list(evidence_links)
    assessment.updated_by = by
    save_validated(assessment)
    audit_record(action="participation.assessment.submitted", actor=by, obj=assessment)
    if _publishes_directly(organisation):
        _assessment_publish(assessment, by=by)
    return assessment


def _assessment_publish(assessment: Assessment, *, by) -> None:
    """Make ``assessment`` the organisation's current one; the previous current one becomes history."""
    Assessment.objects.filter(
        organisation_id=assessment.organisation_id,
        recommendation_id=assessment.recommendation_id,
        is_current=True,
    ).update(is_current=False)
    assessment.moderation = Moderation.APPROVED
    assessment.updated_by = by
    assessment.is_current = True
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["moderation", "is_current", "published_at", "updated_by", "updated_at"])
    search_index_refresh_later([assessment.recommendation_id])


@transaction.atomic
def assessment_moderate(*, assessment: Assessment, decision: str, by) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.moderation != Moderation.PENDING:
        raise Conflict(_("This assessment was moderated already."))
    return _moderate(assessment, decision=decision, by=by, kind="assessment", publish=_assessment_publish)
