"""Civil society's voice: comments on recommendations and on published status updates.

Moderation, organisations and assessments come with the civil-society issue; the table is defined
here so the data model is complete from the start.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upr_tracker.db import Tracked


class Comment(Tracked):
    class Moderation(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="comments"
    )
    status_update = models.ForeignKey(
        "tracking.StatusUpdate", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"), max_length=5000)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author} on {self.recommendation.public_id}"
