from django.db import models
from django.db.models import Q


class Message(models.Model):
    """A Celery task a committed change must cause, written in the change's own transaction.

    ``sent_at`` is the last time the broker accepted it, ``acknowledged_at`` the moment a worker started
    it. A message not acknowledged is sent again by the sweep (``upr_tracker.outbox.outbox_sweep``).
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["task"], condition=Q(acknowledged_at__isnull=True), name="outbox_pending"),
            models.Index(fields=["created_at"], name="outbox_created"),
        ]

    def __str__(self):
        return f"{self.task}({self.args}, {self.kwargs})"
