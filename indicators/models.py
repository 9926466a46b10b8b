"""SMART indicators and their measured values."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from upr_tracker.db import Tracked


class Indicator(Tracked):
    """A SMART indicator measuring progress on one recommendation or on a national cluster of them."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Every six months")
        ANNUAL = "annual", _("Annually")
        ONCE = "once", _("Once")

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
    )
    cluster = models.ForeignKey(
        "reference.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        help_text=_("A national cluster the indicator measures, instead of a single recommendation."),
    )
    title = models.CharField(_("title"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    frequency = models.CharField(
        _("reporting frequency"), max_length=12, choices=Frequency.choices, blank=True
    )
    responsible_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, null=True, blank=True, related_name="indicators"
    )
    disaggregation = models.CharField(_("disaggregation"), max_length=300, blank=True)
    sdg_indicator_code = models.CharField(
        _("SDG indicator"), max_length=12, blank=True, help_text=_("e.g. 5.3.1")
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False, cluster__isnull=True)
                | Q(recommendation__isnull=True, cluster__isnull=False),
                name="indicator_measures_recommendation_or_cluster",
            ),
            models.CheckConstraint(
                condition=Q(sdg_indicator_code="")
                | Q(sdg_indicator_code__regex=r"^[0-9]{1,2}\.[0-9a-z]{1,2}\.[0-9]{1,2}$"),
                name="indicator_sdg_code_format",
            ),
        ]

    def __str__(self):
        return self.title

    def progress(self, value) -> float | None:
        """Share of the way from baseline to target that ``value`` has covered, 0–100; None if unknown.

        Works for targets below the baseline too (e.g. fewer child marriages).
        """
        if value is None or self.target_value is None:
            return None
        baseline = self.baseline_value or 0
        if self.target_value == baseline:
            return 100.0 if value == baseline else 0.0
        share = float((value - baseline) / (self.target_value - baseline)) * 100
        return max(0.0, min(100.0, round(share, 1)))


class IndicatorValue(Tracked):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    status_update = models.ForeignKey(
        "tracking.StatusUpdate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_values",
    )

    class Meta:
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="indicator_value_one_per_date"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date})"
