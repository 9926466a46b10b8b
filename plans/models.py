"""Implementation plans and their actions: what the state decided to do about its recommendations.

A plan (a UPR implementation plan, a national human rights action plan, a sectoral plan) groups actions.
Each action has a lead institution, dates inside the plan's period (a sub-action inside its parent's),
a budget and the recommendations, national clusters and SDG targets it answers. Progress on an action is
not stored here: it is a ``tracking.StatusUpdate`` whose subject is the action, so it goes through the
same draft → submitted → approved → published workflow as a report on a recommendation. An action's
current status is the status of its latest published progress report (``ActionQuerySet.with_progress``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracking.models import ImplementationStatus
from upr_tracker.db import Tracked

CURRENCY_FORMAT = r"^[A-Z]{3}$"


class Plan(Tracked):
    class Kind(models.TextChoices):
        UPR = "upr", _("UPR implementation plan")
        NHRAP = "nhrap", _("National human rights action plan")
        SECTORAL = "sectoral", _("Sectoral plan")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UPR)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.DRAFT, db_index=True
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    document_url = models.URLField(
        _("plan document"), max_length=500, blank=True, help_text=_("Where the adopted text is published.")
    )

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="plan_period_order"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(adopted_on__isnull=False), name="plan_adopted_has_date"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        from .permissions import PUBLIC_PLAN_STATES

        return self.state in PUBLIC_PLAN_STATES


class BudgetSource(models.TextChoices):
    NATIONAL = "national", _("National budget")
    DONOR = "donor", _("Donor")
    VOLUNTARY_FUND = "upr_fund", _("UPR Voluntary Fund")
    OTHER = "other", _("Other")


def not_done_q() -> Q:
    """No published progress yet, or the latest is not "fully" (NULL-safe, unlike ``exclude``)."""
    return Q(current_status__isnull=True) | ~Q(current_status=ImplementationStatus.FULLY)


class ActionQuerySet(models.QuerySet):
    def with_progress(self, progress=None):
        """Each action with ``current_status`` and ``progress_at``: its latest published progress report.

        ``progress`` is the status updates the reader may see (published ones for the public); one
        subquery per column, no extra query per row.
        """
        from tracking.models import StatusUpdate

        progress = (
            StatusUpdate.objects.filter(state=StatusUpdate.State.PUBLISHED) if progress is None else progress
        )
        latest = progress.filter(action=OuterRef("pk"), state="published").order_by("-published_at", "-id")
        return self.annotate(
            current_status=Subquery(latest.values("status")[:1]),
            progress_at=Subquery(latest.values("published_at")[:1]),
        )

    def late(self, today=None):
        """Actions whose end date has passed and whose latest published progress is not "fully"."""
        today = today or timezone.localdate()
        return self.with_progress().filter(not_done_q(), end_date__lt=today)


class Action(Tracked):
    """One thing a plan commits an institution to do, by when, with what money, for which recommendations."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    code = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. 1.2"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="led_actions",
        verbose_name=_("lead institution"),
    )
    supporting_institutions = models.ManyToManyField(
        "institutions.Institution",
        blank=True,
        related_name="supported_actions",
        verbose_name=_("supporting institutions"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    expected_output = models.TextField(_("expected output"), blank=True)
    budget_amount = models.DecimalField(_("budget"), max_digits=16, decimal_places=2, null=True, blank=True)
    budget_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. KES, USD")
    )
    budget_source = models.CharField(
        _("source of funds"), max_length=10, choices=BudgetSource.choices, blank=True
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        blank=True,
        related_name="actions",
        verbose_name=_("recommendations"),
    )
    clusters = models.ManyToManyField(
        "reference.Theme",
        blank=True,
        related_name="actions",
        verbose_name=_("national clusters"),
        limit_choices_to={"scheme": "national"},
    )
    sdg_targets = models.ManyToManyField(
        "reference.SdgTarget", blank=True, related_name="actions", verbose_name=_("SDG targets")
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="actions", verbose_name=_("indicators")
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "code", "start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="action_date_order"),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="action_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_currency__regex=CURRENCY_FORMAT),
                name="action_budget_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(budget_currency="") | Q(budget_currency__regex=CURRENCY_FORMAT),
                name="action_currency_format",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def clean(self):
        """The rules a constraint cannot state: dates inside the plan's period and the parent's dates."""
        errors = {}
        if self.budget_amount is not None and self.budget_amount < 0:
            errors["budget_amount"] = _("A budget cannot be negative.")
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the budget.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end comes before the start.")
        plan = self.plan if self.plan_id else None
        if plan and self.start_date and self.start_date < plan.period_start:
            errors["start_date"] = _("The action starts before the plan's period (%(start)s).") % {
                "start": plan.period_start
            }
        if plan and self.end_date and self.end_date > plan.period_end:
            errors["end_date"] = _("The action ends after the plan's period (%(end)s).") % {
                "end": plan.period_end
            }
        parent = self.parent if self.parent_id else None
        if parent:
            if parent.plan_id != self.plan_id:
                errors["parent"] = _("A sub-action belongs to the same plan as its action.")
            elif self.pk and (parent.pk == self.pk or self.pk in parent.ancestor_ids()):
                errors["parent"] = _("An action cannot be part of itself.")
            if self.start_date and self.start_date < parent.start_date:
                errors.setdefault(
                    "start_date",
                    _("A sub-action starts no earlier than its action (%(start)s).")
                    % {"start": parent.start_date},
                )
            if self.end_date and self.end_date > parent.end_date:
                errors.setdefault(
                    "end_date",
                    _("A sub-action ends no later than its action (%(end)s).") % {"end": parent.end_date},
                )
        if errors:
            raise ValidationError(errors)

    def ancestor_ids(self) -> list[int]:
        """Ids of the actions above this one (one query per level: plans are a few levels deep)."""
        found, current = [], self.parent
        while current is not None and current.pk not in found:
            found.append(current.pk)
            current = current.parent
        return found

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}".strip() if self.code else self.title

    def is_late(self, today=None, status=None) -> bool:
        """Past its end date and not fully done; ``status`` is the current one if already annotated."""
        today = today or timezone.localdate()
        status = status if status is not None else getattr(self, "current_status", None)
        return self.end_date < today and status != ImplementationStatus.FULLY
