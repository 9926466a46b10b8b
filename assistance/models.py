"""What the tracker suggests, the models it suggests with, and what coordinators decided.

Suggestions live only here until a person accepts them: accepting one writes the theme, category or
SDG target onto the recommendation (``assistance.services``), and only then does the public see it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recommendations.models import ActionCategory, Recommendation
from reference.models import SdgTarget, Theme


class Kind(models.TextChoices):
    THEME = "theme", _("Theme")
    CATEGORY = "category", _("Action category")
    SDG_TARGET = "sdg_target", _("SDG target")


class SuggesterModelQuerySet(models.QuerySet):
    def latest_of(self, kind: str):
        """The model in use for ``kind``: the newest version, or None."""
        return self.filter(kind=kind).order_by("-version").first()

    def in_use(self) -> dict[str, "SuggesterModel"]:
        """kind → the model in use, for every kind trained. One query."""
        return {m.kind: m for m in self.order_by("kind", "-version").distinct("kind")}


class SuggesterModel(models.Model):
    """A trained suggester: its version, what it learned from, how well it did, and the model itself.

    The model is a joblib file under MEDIA_ROOT (several MB: the vocabulary and one weight vector per
    label), written once and never changed; a new training makes a new version.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    trained_at = models.DateTimeField(_("trained"), default=timezone.now)
    training_size = models.PositiveIntegerField(_("recommendations learned from"))
    labels = models.PositiveIntegerField(_("labels"), default=0)
    evaluation = models.JSONField(
        _("evaluation figures"),
        default=dict,
        blank=True,
        help_text=_("Cross-validated on the training data: F1, recall@3, accuracy."),
    )
    seconds = models.FloatField(_("training time (s)"), default=0)
    artifact = models.FileField(_("serialised model"), upload_to="assistance/models/")

    objects = SuggesterModelQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("suggester model")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="suggester_model_version_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    def figures(self) -> list[str]:
        """The evaluation figures as lines people read ("upr-info: micro-F1 0.874, …")."""
        names = {
            "micro_f1": "micro-F1",
            "macro_f1": "macro-F1",
            "precision_at_3": "precision@3",
            "recall_at_3": "recall@3",
            "accuracy": "accuracy",
        }

        def line(values: dict) -> str:
            shown = [f"{label} {values[key]:.3f}" for key, label in names.items() if key in values]
            if "examples" in values:
                shown.append(f"on {values['examples']} recommendations")
            return ", ".join(shown)

        nested = {k: v for k, v in self.evaluation.items() if isinstance(v, dict)}
        if nested:
            return [f"{scheme}: {line(values)}" for scheme, values in nested.items()]
        shown = line(self.evaluation)
        if shown and self.kind == Kind.SDG_TARGET:
            shown = f"SDG goals: {shown}"
        return [shown] if shown else []


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Suggestion.State.PENDING)


class Suggestion(models.Model):
    """One suggested theme, action category or SDG target for one recommendation, and its fate.

    A value is suggested at most once per recommendation: a rejected theme is not offered again, and a
    pending one gets the newer model's confidence. A correction is recorded as two rows: the suggestion,
    ``corrected``, and the value the person chose instead, ``accepted``, with no model and ``corrects``
    pointing back.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        CORRECTED = "corrected", _("Corrected")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    action_category = models.PositiveSmallIntegerField(
        _("action category"), choices=ActionCategory.choices, null=True, blank=True
    )
    sdg_target = models.ForeignKey(
        SdgTarget, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    suggester = models.ForeignKey(
        SuggesterModel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("model version"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    # DO_NOTHING lets the queue delete pending suggestions in one statement (Django collects rows first
    # for any other rule); nothing points to a pending suggestion, and a recommendation's deletion takes
    # a suggestion and its correction together.
    corrects = models.OneToOneField(
        "self", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="correction"
    )
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation_id", "kind", "-confidence"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind=Kind.THEME,
                    theme__isnull=False,
                    action_category__isnull=True,
                    sdg_target__isnull=True,
                )
                | Q(
                    kind=Kind.CATEGORY,
                    theme__isnull=True,
                    action_category__isnull=False,
                    sdg_target__isnull=True,
                )
                | Q(
                    kind=Kind.SDG_TARGET,
                    theme__isnull=True,
                    action_category__isnull=True,
                    sdg_target__isnull=False,
                ),
                name="suggestion_value_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="suggestion_confidence_range",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_at__isnull=True)
                | (~Q(state="pending") & Q(decided_at__isnull=False)),
                name="suggestion_decided_has_date",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "theme"],
                condition=Q(theme__isnull=False),
                name="suggestion_theme_once",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "action_category"],
                condition=Q(action_category__isnull=False),
                name="suggestion_category_once",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "sdg_target"],
                condition=Q(sdg_target__isnull=False),
                name="suggestion_sdg_target_once",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "kind", "-confidence"], name="suggestion_queue"),
            models.Index(fields=["decided_at"], name="suggestion_decided_at"),
        ]

    def __str__(self):
        return f"{self.recommendation_id}: {self.value_label} ({self.get_state_display()})"

    @property
    def value_label(self) -> str:
        """The suggested value as people read it. Reads the theme or target: select_related them."""
        if self.kind == Kind.THEME:
            return self.theme.name
        if self.kind == Kind.CATEGORY:
            return str(ActionCategory(self.action_category).label)
        return f"{self.sdg_target.code} {self.sdg_target.title}"


class ProcessedRecommendation(models.Model):
    """When the assistance last made suggestions for a recommendation and looked for related ones.

    Lets the periodic sweep (``tasks.assist_new_recommendations_task``) find recommendations it has not
    seen, however they arrived (import, administration, API), without reprocessing the rest.
    """

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, primary_key=True, related_name="assistance"
    )
    suggested_at = models.DateTimeField(_("suggestions made"), null=True, blank=True)
    related_at = models.DateTimeField(_("related recommendations found"), null=True, blank=True)

    class Meta:
        verbose_name = _("processed recommendation")

    def __str__(self):
        return str(self.recommendation_id)
