"""Recommendations received by a state, and the reviews they come from."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reference.models import AffectedGroup, Mechanism, SdgGoal, SdgTarget, Session, State, Theme
from upr_tracker.db import Tracked


class Review(Tracked):
    """One examination of a state by a mechanism, ending in recommendations.

    For the UPR it is the state and the Working Group session; for other mechanisms the document
    (concluding observations, visit report, IACHR report) and its date identify it.
    """

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reviews")
    mechanism = models.ForeignKey(Mechanism, on_delete=models.PROTECT, related_name="reviews")
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    document_symbol = models.CharField(
        _("document symbol"), max_length=100, blank=True, help_text=_("e.g. A/HRC/28/15 or CCPR/C/FRA/CO/5")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)

    class Meta:
        ordering = ["-year", "state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "mechanism", "session"],
                condition=Q(session__isnull=False),
                name="review_unique_state_session",
            ),
            models.UniqueConstraint(
                fields=["state", "mechanism", "document_symbol"],
                condition=Q(session__isnull=True),
                name="review_unique_state_document",
            ),
            models.CheckConstraint(
                condition=Q(session__isnull=False) | ~Q(document_symbol=""),
                name="review_identified_by_session_or_document",
            ),
        ]

    def __str__(self):
        if self.session_id:
            return f"{self.state} – {self.mechanism.code} {self.session}"
        return f"{self.state} – {self.mechanism.code} {self.document_symbol}"


class Response(models.TextChoices):
    SUPPORTED = "supported", _("Supported")
    NOTED = "noted", _("Noted")
    PENDING = "pending", _("Pending")


class ActionCategory(models.IntegerChoices):
    """UPR Info's scale of how specific the action asked for is."""

    MINIMAL = 1, _("1 – Minimal action")
    CONTINUING = 2, _("2 – Continuing action")
    CONSIDERING = 3, _("3 – Considering action")
    GENERAL = 4, _("4 – General action")
    SPECIFIC = 5, _("5 – Specific action")


def new_public_id() -> str:
    return "R" + secrets.token_hex(6).upper()


class RecommendationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_state(self, state):
        return self.filter(review__state=state)


class Recommendation(Tracked):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        UPR_INFO = "upr-info", _("UPR Info export")
        OHCHR = "ohchr", _("OHCHR matrix / thematic list")
        NATIVE = "native", _("Tracker template")
        UHRI = "uhri", _("OHCHR Universal Human Rights Index export")

    public_id = models.CharField(
        _("public identifier"), max_length=20, unique=True, default=new_public_id, editable=False
    )
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True, help_text=_("e.g. 115.3"))
    text = models.TextField(_("text"))
    language = models.CharField(_("language of the text"), max_length=10, default="en")
    recommending_states = models.ManyToManyField(
        State, blank=True, related_name="recommendations_made", verbose_name=_("recommending states")
    )
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, blank=True, db_index=True
    )
    action_category = models.PositiveSmallIntegerField(
        _("action category"), choices=ActionCategory.choices, null=True, blank=True, db_index=True
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="recommendations", verbose_name=_("themes")
    )
    affected_groups = models.ManyToManyField(
        AffectedGroup, blank=True, related_name="recommendations", verbose_name=_("affected groups")
    )
    sdg_goals = models.ManyToManyField(
        SdgGoal, blank=True, related_name="recommendations", verbose_name=_("SDG goals")
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="recommendations", verbose_name=_("SDG targets")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    source_key = models.CharField(
        _("source identifier"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifies the row in its source file, so that a re-import updates it in place."),
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "paragraph", "id"]

    def __str__(self):
        return f"{self.public_id}: {self.text[:80]}"


class RecommendationPart(models.Model):
    """A part of a split recommendation, with its own response."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    response = models.CharField(_("response"), max_length=10, choices=Response.choices)

    class Meta:
        ordering = ["recommendation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "position"], name="part_position_unique"),
        ]

    def __str__(self):
        return f"{self.recommendation.public_id} ({self.position})"


class Translation(Tracked):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "language"], name="translation_one_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.public_id} [{self.language}]"


class RecommendationLink(Tracked):
    """A link between two recommendations: repeated across cycles, or similar from another mechanism."""

    class Kind(models.TextChoices):
        REPEATED = "repeated", _("Repeats an earlier recommendation")
        SIMILAR = "similar", _("Similar recommendation")
        RELATED = "related", _("Related recommendation")

    source = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    score = models.FloatField(_("similarity"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="link_not_to_itself"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1), name="link_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.source.public_id} → {self.target.public_id} ({self.kind})"


class ImportRecord(models.Model):
    """One confirmed import: who, which files, read as what, what it did, the terms it created.

    The audit entry of the import points at this row (``recommendations.import.confirmed``), so the
    history can say which file brought a recommendation in.
    """

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    files = models.JSONField(_("files"), default=list)
    format = models.CharField(_("format"), max_length=20)
    counts = models.JSONField(_("counts"), default=dict)
    new_terms = models.JSONField(_("new terms"), default=list)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return (
            f"{', '.join(self.files)} ({self.format}, {self.at:%Y-%m-%d %H:%M})"
            if self.at
            else ", ".join(self.files)
        )


class SavedColumnMapping(Tracked):
    """A column mapping a coordinator made for a kind of spreadsheet, kept under a name for next time
    (the JSON ``importers.mapping`` reads: columns, values of coded columns, defaults)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    mapping = models.JSONField(_("mapping"), default=dict)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
