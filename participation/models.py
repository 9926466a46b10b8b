"""Civil society's voice inside the state's tracker.

Organisations (CSOs and the NHRI) and their members comment on recommendations and on published
status updates, publish their own assessment of implementation next to the government's, answer the
coordinator's consultations, and anyone can follow what is published. Nothing here is public before
the coordinator has verified the organisation and, unless the organisation is trusted, moderated the
content: the visibility rule lives in ``participation.access``.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracking.models import ImplementationStatus, Level
from upr_tracker.db import Tracked

# How long after posting an author may still correct a comment; the edit is shown as such.
COMMENT_EDIT_WINDOW = timedelta(minutes=getattr(settings, "PARTICIPATION_EDIT_WINDOW_MINUTES", 15))


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)


class Organisation(Tracked):
    """A civil society organisation or the national human rights institution.

    It registers itself; its content becomes public only once the coordinator has verified it.
    A trusted organisation's comments and assessments are published without pre-moderation.
    """

    class Kind(models.TextChoices):
        CSO = "cso", _("Civil society organisation")
        NHRI = "nhri", _("National human rights institution")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices, default=Kind.CSO)
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("about the organisation"), max_length=2000, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, db_index=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Its comments and assessments are published without moderation."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class OrganisationMember(Tracked):
    """A person speaking for an organisation, from ``joined_at`` until ``left_at``.

    Leaving or being removed ends the membership and keeps the row, so that what the person wrote
    stays attributed to the organisation. A person speaks for one organisation at a time.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_members"
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(left_at__isnull=True), name="member_one_current_organisation"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="member_left_after_join",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class Comment(Tracked):
    """A comment on a recommendation, or on one of its published status updates, or a reply to one.

    ``body`` is plain text with light Markdown (links, lists, emphasis), rendered through the
    sanitiser at display. An edit keeps the first version in ``original_body`` and is shown as edited.
    """

    Moderation = Moderation

    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="comments"
    )
    status_update = models.ForeignKey(
        "tracking.StatusUpdate", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        help_text=_("The organisation the author spoke for; empty for a reply by the NMRF coordinator."),
    )
    body = models.TextField(_("comment"), max_length=5000)
    original_body = models.TextField(_("text before the edit"), max_length=5000, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["recommendation", "moderation"])]

    def __str__(self):
        return f"{self.author} on {self.recommendation.public_id}"

    @property
    def editable_until(self):
        return self.created_at + COMMENT_EDIT_WINDOW


class CommentReport(Tracked):
    """Someone flagged a comment as abusive; the coordinator resolves it (``created_by`` is the reporter)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField(_("reason"), max_length=1000)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on comment {self.comment_id}"


class AssessmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Assessment(Tracked):
    """An organisation's own view of how far a recommendation is implemented.

    Same scale and levels as the government's status updates. Every submission is a new row: the
    approved one shown now is ``is_current`` (one per organisation and recommendation), the earlier
    approved ones are its history, and at most one newer submission awaits moderation.
    """

    Moderation = Moderation

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments")
    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=12, choices=ImplementationStatus.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    rationale = models.TextField(_("rationale"), max_length=10000)
    evidence_links = ArrayField(
        models.URLField(max_length=500), size=10, default=list, blank=True, verbose_name=_("evidence links")
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING, db_index=True
    )
    is_current = models.BooleanField(_("current"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "recommendation"],
                condition=Q(is_current=True),
                name="assessment_one_current_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["organisation", "recommendation"],
                condition=Q(moderation="pending"),
                name="assessment_one_pending_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(moderation="approved", published_at__isnull=False),
                name="assessment_current_is_published",
            ),
        ]
        indexes = [models.Index(fields=["recommendation", "is_current"])]

    def __str__(self):
        return f"{self.organisation}: {self.get_status_display()} ({self.recommendation.public_id})"


class Consultation(Tracked):
    """The coordinator asks organisations for their input on a set of recommendations until a deadline."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    closed_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", related_name="consultations", verbose_name=_("recommendations")
    )

    class Meta:
        ordering = ["-deadline"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.now() < self.deadline


class ConsultationInput(Tracked):
    """One organisation's input on one recommendation of a consultation; revised in place while open."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="inputs")
    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="consultation_inputs"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultation_inputs"
    )
    body = models.TextField(_("input"), max_length=5000)

    class Meta:
        ordering = ["consultation", "recommendation", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "recommendation", "organisation"], name="consultation_input_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} on {self.recommendation.public_id} ({self.consultation})"


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Follow(models.Model):
    """Someone follows a recommendation, a state, a theme or an institution (exactly one of them).

    The follower is a signed-in person (``user``) or, for visitors without an account, an e-mail
    address (``email``, stored in lower case). An address follows nothing until its owner has confirmed
    on the page the e-mailed link opens: until ``confirmed_at`` is set it gets no digest, only that one
    link, sent again at most once an hour (``link_sent_at``). A person's follows are confirmed when made.
    The digest sends what was published since ``last_sent_at``.
    """

    TARGETS = ("recommendation", "state", "theme", "institution")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.ForeignKey(
        "reference.State", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(
        "reference.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    link_sent_at = models.DateTimeField(_("last confirmation e-mail"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    recommendation__isnull=False,
                    state__isnull=True,
                    theme__isnull=True,
                    institution__isnull=True,
                )
                | Q(
                    recommendation__isnull=True,
                    state__isnull=False,
                    theme__isnull=True,
                    institution__isnull=True,
                )
                | Q(
                    recommendation__isnull=True,
                    state__isnull=True,
                    theme__isnull=False,
                    institution__isnull=True,
                )
                | Q(
                    recommendation__isnull=True,
                    state__isnull=True,
                    theme__isnull=True,
                    institution__isnull=False,
                ),
                name="follow_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, email="") | (Q(user__isnull=True) & ~Q(email="")),
                name="follow_exactly_one_follower",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(confirmed_at__isnull=False),
                name="follow_by_user_confirmed",
            ),
            models.UniqueConstraint(
                fields=["user", "recommendation", "state", "theme", "institution"],
                condition=Q(user__isnull=False),
                nulls_distinct=False,
                name="follow_unique",
            ),
            models.UniqueConstraint(
                fields=["email", "recommendation", "state", "theme", "institution"],
                condition=~Q(email=""),
                nulls_distinct=False,
                name="follow_unique_email",
            ),
        ]

    def __str__(self):
        return f"{self.user or self.email} follows {self.target}"

    @property
    def target(self):
        return next(getattr(self, name) for name in self.TARGETS if getattr(self, f"{name}_id"))

    @property
    def target_kind(self) -> str:
        return next(name for name in self.TARGETS if getattr(self, f"{name}_id"))
