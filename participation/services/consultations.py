"""The coordinator's consultations and the organisations' input."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import permissions
from participation.models import (
    Consultation,
    ConsultationInput,
)
from tracking.audit import audit_record
from upr_tracker.errors import ApplicationError

from .common import require, save_validated


@transaction.atomic
def consultation_create(*, title: str, description: str, deadline, recommendations, by) -> Consultation:
    require(permissions.can_moderate(by))
    if deadline <= timezone.now():
        raise ApplicationError(_("The deadline must be in the future."))
    recommendations = list(recommendations)
    if not recommendations:
        raise ApplicationError(_("Choose at least one recommendation."))
    consultation = save_validated(
        Consultation(title=title, description=description, deadline=deadline, created_by=by)
    )
    consultation.recommendations.set(recommendations)
    audit_record(action="participation.consultation.opened", actor=by, obj=consultation)
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, by) -> Consultation:
    require(permissions.can_moderate(by))
    if consultation.closed_at is None:
        consultation.closed_at = timezone.now()
        consultation.updated_by = by
        consultation.save(update_fields=["closed_at", "updated_by", "updated_at"])
        audit_record(action="participation.consultation.closed", actor=by, obj=consultation)
    return consultation


@transaction.atomic
def consultation_inputs_save(*, consultation: Consultation, inputs: dict[int, str], by) -> int:
    """Save the organisation's input per recommendation (id → text); empty text withdraws it.

    Returns how many inputs the organisation now has in the consultation.
    """
    require(permissions.can_submit_input(by, consultation), _("This consultation is closed."))
    organisation = permissions.current_membership(by).organisation
    allowed = set(consultation.recommendations.values_list("pk", flat=True))
    if set(inputs) - allowed:
        raise ApplicationError(_("A recommendation is not part of this consultation."))
    existing = {
        i.recommendation_id: i
        for i in ConsultationInput.objects.select_for_update().filter(
            consultation=consultation, organisation=organisation
        )
    }
    for recommendation_id, body in inputs.items():
        body = body.strip()
        current = existing.get(recommendation_id)
        if not body:
            if current:
                current.delete()
            continue
        if current is None:
            current = ConsultationInput(
                consultation=consultation,
                recommendation_id=recommendation_id,
                organisation=organisation,
                created_by=by,
            )
        elif current.body == body:
            continue
        current.body = body
        current.updated_by = by
        save_validated(current)
    audit_record(action="participation.consultation.input_saved", actor=by, obj=consultation)
    return ConsultationInput.objects.filter(consultation=consultation, organisation=organisation).count()
