"""What institutions report about implementation: status updates and their evidence.

The behaviour (submission, validation, publication) comes with the implementation-tracking issue;
the tables and their constraints are defined here so the data model is complete from the start.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from upr_tracker.db import Tracked


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY = "partially", _("Partially implemented")
    FULLY = "fully", _("Fully implemented")


class Level(models.TextChoices):
    LAW = "law", _("Law")
    POLICY = "policy", _("Policy")
    PRACTICE = "practice", _("Practice")


# Narratives are read by people and printed in reports: about ten pages each is plenty. Checked in
# ``clean`` (a database limit would need a migration for no gain: every write goes through a service).
NARRATIVE_MAX_LENGTH = 20_000


class StatusUpdate(Tracked):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    # The subject: a recommendation, or an action of a plan (its progress report). Exactly one is set.
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="status_updates",
        null=True,
        blank=True,
    )
    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, related_name="progress", null=True, blank=True
    )
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="status_updates"
    )
    status = models.CharField(_("status"), max_length=12, choices=ImplementationStatus.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    narrative = models.TextField(_("actions taken"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    period_start = models.DateField(_("reporting period from"), null=True, blank=True)
    period_end = models.DateField(_("reporting period to"), null=True, blank=True)
    state = models.CharField(
        _("workflow state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(
        default=1, help_text=_("Raised on every save; a save from an older version is refused.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    amount_spent = models.DecimalField(
        _("money spent"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For an action: spent so far, in the action's currency."),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="status_update_period_order",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="status_update_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False, action__isnull=True)
                | Q(recommendation__isnull=True, action__isnull=False),
                name="status_update_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(amount_spent__isnull=True) | Q(amount_spent__gte=0),
                name="status_update_amount_spent_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["recommendation", "state", "-published_at"])]

    def __str__(self):
        return f"{self.subject_code}: {self.get_status_display()} ({self.get_state_display()})"

    @property
    def subject(self):
        """What the update reports on: its recommendation, or its action (reads that row: one query)."""
        return self.action if self.action_id else self.recommendation

    @property
    def subject_code(self) -> str:
        return self.action.label if self.action_id else self.recommendation.public_id

    @property
    def subject_url(self) -> str:
        """The working page of the subject, where the people reporting on it start."""
        from django.urls import reverse

        if self.action_id:
            return reverse("plans:action", args=[self.action_id])
        return reverse("tracking:recommendation", args=[self.recommendation.public_id])

    def clean(self):
        too_long = {
            name: _("At most %(max)d characters (this has %(n)d).")
            % {"max": NARRATIVE_MAX_LENGTH, "n": len(getattr(self, name))}
            for name in ("narrative", "challenges")
            if len(getattr(self, name) or "") > NARRATIVE_MAX_LENGTH
        }
        if too_long:
            raise ValidationError(too_long)


class EvidenceLink(Tracked):
    status_update = models.ForeignKey(StatusUpdate, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("link"), max_length=500)
    title = models.CharField(_("title"), max_length=200, blank=True)

    def __str__(self):
        return self.title or self.url


def evidence_path(instance, filename):
    """Evidence lives under MEDIA_ROOT/evidence/, never under a URL: a view checks access and serves it."""
    return f"evidence/{instance.status_update_id}/{filename}"


class Evidence(Tracked):
    """A file attached to a status update; its type was checked by content when it was uploaded."""

    status_update = models.ForeignKey(StatusUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Kept from the public once the update is published; the institution and the NMRF see it."
        ),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.original_name


# What an audit code means, in the words the history pages show (codes stay for programs and the admin).
ACTION_LABELS = {
    "tracking.status_update.created": _("Report started"),
    "tracking.status_update.edited": _("Report edited"),
    "tracking.status_update.submitted": _("Submitted for validation"),
    "tracking.status_update.approved": _("Approved by the validator"),
    "tracking.status_update.returned": _("Returned for changes"),
    "tracking.status_update.published": _("Published"),
    "tracking.evidence.added": _("Evidence file attached"),
    "tracking.evidence.confidentiality_changed": _("Evidence file's visibility changed"),
    "tracking.evidence_link.added": _("Evidence link added"),
    "institutions.assignment.created": _("Institution assigned"),
    "institutions.assignment.edited": _("Assignment changed"),
    "institutions.assignment.rescheduled": _("Next deadline moved"),
    "indicators.indicator.created": _("Indicator defined"),
    "indicators.indicator.edited": _("Indicator changed"),
    "indicators.value.recorded": _("Value recorded"),
    "indicators.value.changed": _("Value corrected"),
    "plans.plan.created": _("Plan created"),
    "plans.plan.edited": _("Plan changed"),
    "plans.plan.adopted": _("Plan adopted"),
    "plans.plan.closed": _("Plan closed"),
    "plans.action.created": _("Action added"),
    "plans.action.edited": _("Action changed"),
    "plans.action.linked": _("Recommendations, clusters or SDG targets linked"),
    "plans.action.deleted": _("Action removed"),
}


class AuditEntry(models.Model):
    """One change on record: who did what to which row, when, and the fields it changed (old → new).

    Written by the services, never by ``save()``, so every entry carries the acting person and a
    namespaced action code such as ``tracking.status_update.submitted``.
    """

    action = models.CharField(_("action"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True, help_text=_("field: [old, new]"))
    comment = models.TextField(_("comment"), blank=True)
    # The client's address behind the trusted proxies (upr_tracker.clientip); empty outside a request.
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.action} {self.object_repr}"

    @property
    def description(self) -> str:
        """The action in words: "Submitted for validation" for ``tracking.status_update.submitted``."""
        label = ACTION_LABELS.get(self.action)
        if label is not None:
            return str(label)
        return " ".join(self.action.split(".")[-2:]).replace("_", " ").capitalize()


class WorkbookUpload(Tracked):
    """A reporting workbook a person uploaded: kept from the preview until it is confirmed.

    The file itself is kept (not the parsed rows), so confirming reads it again against the tracker as it
    is then: a draft edited between preview and confirmation is still caught as a conflict. ``updates``
    are the drafts its confirmation wrote, which its validators later review together. A large workbook
    is written by a worker (``confirming``); ``problem`` says why that stopped, when it did.
    """

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        CONFIRMING = "confirming", _("Being written")
        CONFIRMED = "confirmed", _("Confirmed")

    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("workbook"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEWED, db_index=True
    )
    summary = models.JSONField(_("preview"), default=dict, blank=True)
    problem = models.TextField(_("why the confirmation stopped"), blank=True)
    updates = models.ManyToManyField(StatusUpdate, blank=True, related_name="workbook_uploads")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"
