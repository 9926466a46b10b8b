"""Every change civil-society participation makes: atomic, validated, on the audit record.

Services check permissions themselves (``participation.permissions``) so that the HTML views and the
API cannot disagree, raise ``ApplicationError`` with a sentence a person can act on, and send e-mail
only once the transaction has committed.
"""

from .consultations import consultation_close, consultation_create, consultation_inputs_save
from .contributions import (
    assessment_moderate,
    assessment_submit,
    comment_create,
    comment_edit,
    comment_moderate,
    comment_report,
)
from .follows import (
    follow_digest_send,
    follow_email_confirm,
    follow_email_read,
    follow_email_request,
    follow_pending_expire,
    follow_toggle,
    follow_unsubscribe,
    unsubscribe_read,
)
from .organisations import (
    email_verify,
    invitation_read,
    member_invite,
    member_join,
    member_leave,
    organisation_register,
    organisation_verify,
    verification_link,
)

__all__ = [
    "assessment_moderate",
    "assessment_submit",
    "comment_create",
    "comment_edit",
    "comment_moderate",
    "comment_report",
    "consultation_close",
    "consultation_create",
    "consultation_inputs_save",
    "email_verify",
    "follow_digest_send",
    "follow_email_confirm",
    "follow_email_read",
    "follow_email_request",
    "follow_pending_expire",
    "follow_toggle",
    "follow_unsubscribe",
    "invitation_read",
    "member_invite",
    "member_join",
    "member_leave",
    "organisation_register",
    "organisation_verify",
    "unsubscribe_read",
    "verification_link",
]
