"""Institutions that implement recommendations, their people, and who leads or supports what."""

import calendar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from upr_tracker.db import Tracked


class Institution(Tracked):
    class Branch(models.TextChoices):
        EXECUTIVE = "executive", _("Executive")
        LEGISLATIVE = "legislative", _("Legislative")
        JUDICIAL = "judicial", _("Judicial")
        INDEPENDENT = "independent", _("Independent body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    branch = models.CharField(_("branch"), max_length=12, choices=Branch.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Membership(Tracked):
    """A person's role in an institution; one person may serve several institutions."""

    class Role(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Focal point")
        ALTERNATE = "alternate", _("Alternate focal point")
        VALIDATOR = "validator", _("Validating authority")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "institution", "role"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.institution}"


class Assignment(Tracked):
    """An institution made responsible for a recommendation, as its lead or in support."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORTING = "supporting", _("Supporting")

    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="assignments"
    )
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="assignments")

    class Frequency(models.TextChoices):
        ONCE = "once", _("Once, by the deadline")
        QUARTERLY = "quarterly", _("Every three months")
        SEMIANNUAL = "semiannual", _("Every six months")
        ANNUAL = "annual", _("Every year")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.LEAD)
    deadline = models.DateField(_("next report due"), null=True, blank=True, db_index=True)
    frequency = models.CharField(
        _("reporting schedule"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.ONCE,
        help_text=_("After each published report the next deadline moves on by this much."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "institution"], name="assignment_unique"),
            models.UniqueConstraint(
                fields=["recommendation"], condition=Q(role="lead"), name="assignment_one_lead"
            ),
        ]
        indexes = [models.Index(fields=["institution", "role"])]

    def __str__(self):
        return f"{self.institution} ({self.get_role_display()}) – {self.recommendation.public_id}"

    MONTHS = {Frequency.QUARTERLY: 3, Frequency.SEMIANNUAL: 6, Frequency.ANNUAL: 12}

    def following_deadline(self):
        """The deadline after the current one under this schedule, or None for a one-off report."""
        months = self.MONTHS.get(self.frequency)
        if not self.deadline or not months:
            return None
        month = self.deadline.month - 1 + months
        year, month = self.deadline.year + month // 12, month % 12 + 1
        day = min(self.deadline.day, calendar.monthrange(year, month)[1])
        return self.deadline.replace(year=year, month=month, day=day)


class WorkingGroup(Tracked):
    """A thematic working group: people from several institutions following a set of recommendations.

    Members see the group's recommendations, given one by one or through national clusters.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="working_groups", verbose_name=_("members")
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        blank=True,
        related_name="working_groups",
        verbose_name=_("recommendations"),
    )
    clusters = models.ManyToManyField(
        "reference.Theme",
        blank=True,
        related_name="working_groups",
        limit_choices_to={"scheme": "national"},
        verbose_name=_("national clusters"),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
