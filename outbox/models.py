from django.db import models


class Message(models.Model):
    """A Celery task a committed change must cause, written in the change's own transaction.

    The table holds what is still owed: a row is deleted when a worker starts its task. ``sent_at`` is
    the last time the broker accepted it; a row never sent, or sent long ago, is sent again by the sweep
    (``upr_tracker.outbox.outbox_sweep``).
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["task"], name="outbox_task")]

    def __str__(self):
        return f"{self.task}({self.args}, {self.kwargs})"
