from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """The outbox's table and its two tasks; the functions the services call are in ``upr_tracker.outbox``."""

    name = "outbox"
    verbose_name = "Outbox"

    def ready(self):
        from celery.signals import task_prerun

        from upr_tracker.outbox import acknowledge

        task_prerun.connect(acknowledge, dispatch_uid="outbox-acknowledge", weak=False)
