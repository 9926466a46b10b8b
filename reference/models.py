"""Reference vocabularies: states, mechanisms, UPR cycles and sessions, SDGs, themes, affected groups.

The project compiles these itself (``reference/data/``) and loads them with
``python manage.py load_reference_data``; coordinators may add national themes in the admin.
"""

import unicodedata

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from upr_tracker.db import Tracked


def normalise_name(name: str) -> str:
    """The form under which state names and aliases are compared.

    Case, accents, punctuation and "&"/"and" differences between exports ("Cote d'Ivoire",
    "Côte d’Ivoire", "Trinidad & Tobago") must not matter.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = ascii_only.lower().replace("&", " and ")
    kept = "".join(c if c.isalnum() else " " for c in ascii_only)
    words = [w for w in kept.split() if w != "the"]
    return " ".join(words)


class RegionalGroup(models.TextChoices):
    AFRICAN = "african", _("African Group")
    ASIA_PACIFIC = "asia_pacific", _("Asia-Pacific Group")
    EASTERN_EUROPEAN = "eastern_european", _("Eastern European Group")
    GRULAC = "grulac", _("Latin American and Caribbean Group")
    WEOG = "weog", _("Western European and Others Group")
    NONE = "none", _("No regional group")


class State(models.Model):
    class Membership(models.TextChoices):
        MEMBER = "member", _("UN member state")
        OBSERVER = "observer", _("Observer state")
        OTHER = "other", _("Other entity")

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, blank=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    regional_group = models.CharField(
        _("UN regional group"), max_length=20, choices=RegionalGroup.choices, db_index=True
    )
    membership = models.CharField(_("membership"), max_length=10, choices=Membership.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StateAlias(models.Model):
    """Another name a source uses for a state: historic ("Swaziland"), short ("DPR Korea") or UN style."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    normalised = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name_plural = _("state aliases")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        self.normalised = normalise_name(self.name)


class Mechanism(models.Model):
    class Kind(models.TextChoices):
        UPR = "upr", _("Universal Periodic Review")
        TREATY_BODY = "treaty_body", _("Treaty body")
        SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
        REGIONAL = "regional", _("Regional mechanism")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordering", "code"]

    def __str__(self):
        return f"{self.code} – {self.name}"


class Cycle(models.Model):
    number = models.PositiveSmallIntegerField(_("cycle"), unique=True)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="cycle_years"
            )
        ]

    def __str__(self):
        return _("Cycle %(number)s (%(start)s–%(end)s)") % {
            "number": self.number,
            "start": self.start_year,
            "end": self.end_year,
        }


class Session(models.Model):
    """A session of the UPR Working Group."""

    number = models.PositiveSmallIntegerField(_("session"), unique=True)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="sessions")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return _("Session %(number)s (%(year)s)") % {"number": self.number, "year": self.year}


class SdgGoal(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    short_title = models.CharField(max_length=100)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")

    def __str__(self):
        return f"{self.number}. {self.short_title}"


class SdgTarget(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text=_("e.g. 5.3 or 16.a"))
    goal = models.ForeignKey(SdgGoal, on_delete=models.CASCADE, related_name="targets")
    title = models.TextField()
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal__number", "ordering"]
        verbose_name = _("SDG target")

    def __str__(self):
        return f"{self.code} {self.title[:80]}"


class Theme(Tracked):
    """A theme or issue in a tree.

    The tracker ships UPR Info's 54 issues as one scheme; OHCHR (UHRI) coded themes form a second,
    created by the importers from the code and name they meet; coordinators add their national
    clusters as a third, nesting them as they like.
    """

    class Scheme(models.TextChoices):
        UPR_INFO = "upr-info", _("UPR Info issues")
        UHRI = "uhri", _("OHCHR Universal Human Rights Index themes")
        NATIONAL = "national", _("National clusters")

    scheme = models.CharField(_("scheme"), max_length=20, choices=Scheme.choices, default=Scheme.NATIONAL)
    code = models.CharField(_("code"), max_length=60, help_text=_("e.g. A12 for UHRI themes"))
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    is_reviewed = models.BooleanField(
        _("reviewed"),
        default=True,
        help_text=_(
            "Unticked for a theme an import created from a label it did not know: keep it or merge it."
        ),
    )

    class Meta:
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="theme_code_unique_in_scheme"),
            models.UniqueConstraint("scheme", Lower("name"), name="theme_name_unique_in_scheme"),
        ]

    def __str__(self):
        return self.name


class AffectedGroup(models.Model):
    """A group of affected persons (women, children, migrants, persons with disabilities…)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200, unique=True)
    is_reviewed = models.BooleanField(
        _("reviewed"),
        default=True,
        help_text=_(
            "Unticked for a group an import created from a name it did not know: keep it or merge it."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ThemeAlias(models.Model):
    """Another label for a theme: an older list's name ("Right to education - General" for a label
    without the code), a retired code. Importers find the theme through it, so that one topic is one
    theme whatever the document's age. Aliases point at a code, not a row, so that they can be loaded
    before the theme exists (UHRI themes are created by the loader and by the first import that names
    them alike)."""

    scheme = models.CharField(_("scheme"), max_length=20, choices=Theme.Scheme.choices)
    label = models.CharField(_("label"), max_length=200)
    code = models.CharField(_("code"), max_length=60)

    class Meta:
        ordering = ["scheme", "label"]
        verbose_name_plural = _("theme aliases")
        constraints = [
            models.UniqueConstraint("scheme", Lower("label"), name="theme_alias_label_unique_in_scheme"),
        ]

    def __str__(self):
        return f"{self.label} → {self.code}"
