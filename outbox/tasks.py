from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from upr_tracker.outbox import outbox_sweep


@shared_task
def outbox_sweep_task() -> int:
    """Run by Celery beat every minute: send again what no worker has started."""
    return outbox_sweep()


@shared_task
def mail_send_task(*, subject: str, body: str, recipients: list[str]) -> int:
    """One plain e-mail, for services that have no task of their own for it (``outbox.mail_send``)."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
