"""E-mails of the workflow: the next person on each transition, digests for focal points, summaries."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from institutions.models import Membership
from plans.selectors import actions_due_for_institution
from upr_tracker.access import REPORTING_ROLES, institution_ids

from . import selectors
from .models import StatusUpdate

User = get_user_model()


def _absolute(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _recipients(update: StatusUpdate, event: str) -> list[str]:
    """Who acts next: validators after submission, coordinators after approval, focal points otherwise."""
    members = Membership.objects.filter(institution=update.institution_id, user__is_active=True)
    if event == "submitted":
        users = User.objects.filter(pk__in=members.filter(role=Membership.Role.VALIDATOR).values("user"))
    elif event == "approved":
        users = User.objects.filter(is_coordinator=True, is_active=True)
    elif event == "published":
        users = User.objects.filter(pk__in=members.values("user"))
    else:
        users = User.objects.filter(pk__in=members.exclude(role=Membership.Role.VALIDATOR).values("user"))
    return sorted({u.email for u in users if u.email})


@shared_task
def status_update_notify_task(update_id: int, event: str) -> int:
    """Tell the next person that an update was submitted, approved, returned or published."""
    update = StatusUpdate.objects.select_related("recommendation", "action__plan", "institution").get(
        pk=update_id
    )
    recipients = _recipients(update, event)
    if not recipients:
        return 0
    context = {
        "update": update,
        "event": event,
        "url": _absolute(reverse("tracking:update", args=[update.pk])),
    }
    subject = f"[UPR tracker] {update.subject_code}: update {event} ({update.institution})"
    body = render_to_string("tracking/email/transition.txt", context)
    return send_mail(subject, body, None, recipients)


@shared_task
def focal_point_digest_task() -> int:
    """Daily: each focal point gets what is due in the next 14 days and what is overdue, if anything:
    reports on assigned recommendations, and the plan actions their institutions lead."""
    today = timezone.localdate()
    sent = 0
    users = User.objects.filter(
        is_active=True,
        memberships__role__in=[Membership.Role.FOCAL_POINT, Membership.Role.ALTERNATE],
    ).distinct()
    for user in users:
        late = list(selectors.overdue(user, today=today))
        soon = list(selectors.due_soon(user, today=today))
        reporting = institution_ids(user, REPORTING_ROLES)
        actions = list(actions_due_for_institution(reporting, today=today, days=selectors.DUE_SOON_DAYS))
        if not user.email or not (late or soon or actions):
            continue
        context = {"user": user, "overdue": late, "due_soon": soon, "actions": actions, "today": today}
        body = render_to_string(
            "tracking/email/digest.txt", {**context, "url": _absolute(reverse("tracking:my"))}
        )
        sent += send_mail(
            f"[UPR tracker] {len(late)} overdue, {len(soon)} due in the next {selectors.DUE_SOON_DAYS} days",
            body,
            None,
            [user.email],
        )
    return sent


@shared_task
def coordinator_summary_task() -> int:
    """Weekly: coordinators get, per institution, what is assigned, overdue and waiting."""
    recipients = sorted(
        {u.email for u in User.objects.filter(is_coordinator=True, is_active=True) if u.email}
    )
    if not recipients:
        return 0
    body = render_to_string(
        "tracking/email/summary.txt",
        {"rows": selectors.institution_summary(), "url": _absolute(reverse("tracking:deadlines"))},
    )
    return send_mail("[UPR tracker] Weekly summary per institution", body, None, recipients)


@shared_task(acks_late=True)
def workbook_confirm_task(upload_id: int) -> bool:
    """Write a large confirmed reporting workbook as drafts (see ``workbook_upload_confirm``)."""
    from .workbook.services import workbook_upload_confirm_queued

    return workbook_upload_confirm_queued(upload_id)
