"""The blocks every report is made of: what a recommendation's row or paragraph says, and its column.

The implementation matrix, the national report grid, the civil society view, the mid-term and the
one-year reports (and any other table of recommendations, such as an action plan's) take their cells
from here, so that "actions taken" or "position" reads the same in each. The functions read only what
``PREFETCH`` and ``selectors`` prefetch: no query per row.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from recommendations.models import Response

from . import selectors
from .document import Column, status_label

RESPONSE_LABELS = {**dict(Response.choices), "": _("No response recorded")}
NUMBER = Column(_("No."), 13, whole=True)  # a paragraph number, or else the 13-character identifier
MECHANISM = Column(_("Mechanism"), 7, whole=True)
SESSION = Column(_("Session or document"), 14)
TEXT = Column(_("Recommendation"), 60)
FROM = Column(_("Recommended by"), 22)
RESPONSE = Column(_("Position"), 12, words=("Supported", "Noted", "Pending", "response", "recorded"))
STATUS = Column(_("Status"), 14, traffic_light=True)
THEMES = Column(_("Themes and SDG targets"), 24)
INSTITUTIONS = Column(_("Institutions"), 22)
ACTIONS = Column(_("Actions taken"), 40)
INDICATORS = Column(_("Indicators"), 30)
DEADLINE = Column(_("Deadline"), 10, whole=True)
CIVIL_SOCIETY = Column(_("Civil society's assessment"), 28)
EVIDENCE = Column(_("Evidence"), 30)
STATE = Column(_("State"), 14)
# Relations the blocks read, for ``prefetch_related`` (with ``selectors.published_updates()`` etc.).
PREFETCH = ("recommending_states", "parts", "themes", "affected_groups", "sdg_targets", "translations")


def number(recommendation) -> str:
    """The paragraph number the state knows it by, or the tracker's identifier when there is none."""
    return recommendation.paragraph or recommendation.public_id


def mechanism(recommendation) -> str:
    return recommendation.review.mechanism.code


def session(recommendation) -> str:
    """ "Session 21 (2015)" for a UPR review, else the document and its year."""
    review = recommendation.review
    if review.session_id:
        return gettext("Session %(number)s (%(year)s)") % {
            "number": review.session.number,
            "year": review.year,
        }
    return f"{review.document_symbol} ({review.year})".strip()


def recommending_states(recommendation) -> str:
    return ", ".join(state.name for state in recommendation.recommending_states.all())


def text(recommendation) -> str:
    """The text in the report's language where a translation exists (needs ``translations``)."""
    language = get_language() or ""
    for translation in recommendation.translations.all():
        if translation.language.split("-")[0] == language.split("-")[0] and translation.text:
            return translation.text
    return recommendation.text


def text_and_states(recommendation) -> str:
    """The text, then who recommended it, as OHCHR's matrices print it."""
    states = recommending_states(recommendation)
    return f"{text(recommendation)}\n({states})" if states else text(recommendation)


def response(recommendation) -> str:
    """The position; a split recommendation's position part by part."""
    parts = recommendation.parts.all()
    if parts:
        return "\n".join(
            f"Part {part.position}: {RESPONSE_LABELS.get(part.response, part.response)}" for part in parts
        )
    return str(RESPONSE_LABELS.get(recommendation.response, recommendation.response))


def themes(recommendation) -> str:
    """Its themes, then the persons it concerns and its SDG targets, a line each."""
    lines = ["; ".join(theme.name for theme in recommendation.themes.all())]
    groups = "; ".join(group.name for group in recommendation.affected_groups.all())
    if groups:
        lines.append(gettext("Affected persons: %(groups)s") % {"groups": groups})
    if targets := sdg_targets(recommendation):
        lines.append(gettext("SDG targets: %(targets)s") % {"targets": targets})
    return "\n".join(line for line in lines if line)


def sdg_targets(recommendation) -> str:
    return ", ".join(target.code for target in recommendation.sdg_targets.all())


def institutions(recommendation, role: str) -> str:
    return ", ".join(str(a.institution) for a in recommendation.assignments.all() if a.role == role)


def lead_and_supporting(recommendation) -> str:
    """ "Lead: …" and "Supporting: …", a line each (what is assigned)."""
    lines = [
        (label, institutions(recommendation, role))
        for label, role in (("Lead", "lead"), ("Supporting", "supporting"))
    ]
    return "\n".join(f"{label}: {names}" for label, names in lines if names)


def deadline(recommendation) -> str:
    """The lead institution's deadline, else the earliest one."""
    assignments = [a for a in recommendation.assignments.all() if a.deadline]
    lead = [a for a in assignments if a.role == "lead"] or assignments
    return min(a.deadline for a in lead).isoformat() if lead else ""


def amount(value, unit: str = "") -> str:
    if value is None:
        return "–"
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return f"{text} {unit}".strip()


def indicator_lines(recommendation) -> str:
    """Each SMART indicator: baseline, target, latest value."""
    lines = []
    for indicator in recommendation.indicators.all():
        latest = indicator.latest_first[0] if indicator.latest_first else None
        baseline = amount(indicator.baseline_value, indicator.unit)
        if indicator.baseline_year:
            baseline += f" ({indicator.baseline_year})"
        target = amount(indicator.target_value, indicator.unit)
        if indicator.target_date:
            target += f" by {indicator.target_date.isoformat()}"
        current = f"{amount(latest.value, indicator.unit)} ({latest.date.isoformat()})" if latest else "–"
        lines.append(f"{indicator.title}: baseline {baseline}; target {target}; latest {current}")
    return "\n".join(lines)


def _period(update) -> str:
    if update.period_start and update.period_end:
        return f"{update.period_start.isoformat()} – {update.period_end.isoformat()}"
    if update.period_end or update.period_start:
        return (update.period_end or update.period_start).isoformat()
    return update.published_at.date().isoformat() if update.published_at else ""


def actions_taken(update) -> str:
    """The latest published update's narrative, with who reported it and for which period."""
    if update is None:
        return gettext("No published update yet.")
    source = ", ".join(part for part in (str(update.institution), _period(update)) if part)
    return f"{update.narrative}\n({source})".strip()


def public_address(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def evidence(update) -> str:
    """Each link and file of the update, with its public address (files are served after a check)."""
    if update is None:
        return ""
    lines = [f"{link.title}: {link.url}" if link.title else link.url for link in update.links.all()]
    lines += [
        f"{item.original_name}: {public_address(reverse('tracking:evidence', args=[item.pk]))}"
        for item in update.evidence.all()
    ]
    return "\n".join(lines)


def current_status(recommendation) -> str | None:
    update = selectors.latest_update(recommendation)
    return update.status if update else None


def civil_society(recommendation) -> str:
    """Each verified organisation's published assessment: its status and why (needs ``voices``)."""
    return "\n".join(
        f"{voice.organisation}: {status_label(voice.status)}"
        + (f" – {voice.rationale}" if voice.rationale else "")
        for voice in recommendation.voices
    )
