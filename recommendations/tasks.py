from celery import shared_task

from .import_previews import import_previews_delete_expired


@shared_task
def import_previews_expire_task() -> int:
    """Run by Celery beat every hour: delete import previews nobody confirmed or cancelled."""
    return import_previews_delete_expired()
