"""The facets: what each filter parameter means, how its values are coded in the index, how they read.

Every facet value is a small integer in ``SearchEntry`` and in the in-memory index: a primary key for
states, mechanisms, themes, affected groups, SDG targets and institutions, a number for cycles,
sessions, years and SDG goals, and the codes below for choice fields (0 always means "none"). The API
and the portal speak in the public values instead (ISO alpha-3 codes, mechanism codes, ``noted``…);
``Vocabulary`` translates both ways and gives each value its label.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext_lazy as _

from recommendations.models import ActionCategory, Response
from reference.models import RegionalGroup
from tracking.models import ImplementationStatus
from upr_tracker.numbers import number

NONE = "none"

# Codes of choice fields in the index, 0 being "none". The SQL in ``services`` builds them from these.
RESPONSE_CODES = {value: code for code, value in enumerate(Response.values, start=1)}
STATUS_CODES = {value: code for code, value in enumerate(ImplementationStatus.values, start=1)}
GROUP_CODES = {value: code for code, value in enumerate(RegionalGroup.values, start=1)}
# How the verified organisations' current assessments compare with the government's current status.
CIVIL_SOCIETY_CODES = {"agrees": 1, "disagrees": 2, "unanswered": 3}
CIVIL_SOCIETY_LABELS = {
    "agrees": _("Agrees with the government"),
    "disagrees": _("Disagrees with the government"),
    "unanswered": _("Assessed; no government report yet"),
}
REPEATED_LABELS = {"no": _("Not repeated"), "yes": _("Repeats a recommendation of an earlier cycle")}
# Addressed by an action of an adopted plan (``plans.permissions``): explicit, stable codes.
ADDRESSED_CODES = {"no": 0, "yes": 1}
ADDRESSED_LABELS = {
    "no": _("Not addressed by an action"),
    "yes": _("Addressed by an action of an adopted plan"),
}


@dataclass(frozen=True)
class Facet:
    """A filter and the counts shown for it.

    ``column`` is the ``SearchEntry`` field; ``multi`` facets hold several values per recommendation
    (an array). ``natural_order`` facets list their values in their own order (cycle 1, 2, 3…), the
    others by descending count.
    """

    name: str
    column: str
    label: str
    multi: bool = False
    natural_order: bool = False


FACETS = (
    Facet("state_under_review", "state", _("State under review")),
    Facet("regional_group", "state_group", _("Regional group of the state under review")),
    Facet("recommending_state", "recommending_states", _("Recommending state"), multi=True),
    Facet(
        "recommending_regional_group",
        "recommending_groups",
        _("Regional group of the recommending state"),
        multi=True,
    ),
    Facet("mechanism", "mechanism", _("Mechanism"), natural_order=True),
    Facet("cycle", "cycle", _("UPR cycle"), natural_order=True),
    Facet("session", "session", _("UPR session"), natural_order=True),
    Facet("year", "year", _("Year"), natural_order=True),
    Facet("response", "response", _("Response"), natural_order=True),
    Facet("action_category", "category", _("Action category"), natural_order=True),
    Facet("theme", "themes", _("Theme"), multi=True),
    Facet("affected_group", "affected_groups", _("Affected group"), multi=True),
    Facet("sdg_goal", "sdg_goals", _("SDG goal"), multi=True, natural_order=True),
    Facet("sdg_target", "sdg_targets", _("SDG target"), multi=True, natural_order=True),
    Facet("institution", "institutions", _("Responsible institution"), multi=True),
    Facet("status", "status", _("Implementation status"), natural_order=True),
    Facet("civil_society", "civil_society", _("Civil society assessment"), natural_order=True),
    Facet("repeated", "repeated", _("Repeated from an earlier cycle"), natural_order=True),
    Facet("addressed", "addressed", _("Action plans"), natural_order=True),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


@dataclass
class Values:
    """The values one facet can take: public value ↔ index code, with labels, order and tree parents."""

    by_value: dict[str, int] = field(default_factory=dict)
    value: dict[int, str] = field(default_factory=dict)
    label: dict[int, str] = field(default_factory=dict)
    order: dict[int, tuple] = field(default_factory=dict)
    parent: dict[int, int] = field(default_factory=dict)
    case_insensitive: bool = False

    def add(self, code: int, value: str, label: str, order: tuple = (), parent: int | None = None):
        self.value[code] = value
        self.by_value[value.lower() if self.case_insensitive else value] = code
        self.label[code] = label
        self.order[code] = order or (code,)
        if parent is not None:
            self.parent[code] = parent

    def code(self, value: str) -> int | None:
        return self.by_value.get(value.lower() if self.case_insensitive else value)

    def describe(self, code: int) -> tuple[str, str]:
        """(public value, label) of a code; a code the vocabulary lost since indexing shows as itself."""
        return self.value.get(code, str(code)), self.label.get(code, str(code))


class Years(Values):
    """Years need no table: any plausible year is a value, and its label is itself."""

    def code(self, value: str) -> int | None:
        year = number(value)
        return year if year is not None and 1900 <= year <= 2200 else None

    def describe(self, code: int) -> tuple[str, str]:
        return str(code), str(code)


def _choices(choices, codes: dict[str, int], none_label) -> Values:
    values = Values()
    values.add(0, NONE, str(none_label), order=(len(codes) + 1,))
    for value, label in choices:
        values.add(codes[value], value, str(label))
    return values


# One query for every vocabulary a search needs: facet values, their labels and the theme tree. Rows are
# (facet, code, public value, label, order, parent).
VOCABULARY_SQL = """
SELECT 'state_under_review', id, iso3, name, 0, NULL::bigint FROM reference_state
UNION ALL SELECT 'mechanism', id, code, code || ' – ' || name, ordering, NULL FROM reference_mechanism
UNION ALL
SELECT 'cycle', number, number::text, start_year || '–' || end_year, number, NULL FROM reference_cycle
UNION ALL SELECT 'session', number, number::text, year::text, number, NULL FROM reference_session
UNION ALL SELECT 'theme', id, id::text, name, 0, parent_id FROM reference_theme
UNION ALL SELECT 'affected_group', id, code, name, 0, NULL FROM reference_affectedgroup
UNION ALL
SELECT 'sdg_goal', number, number::text, number || '. ' || short_title, number, NULL FROM reference_sdggoal
UNION ALL
SELECT 'sdg_target', t.id, t.code, t.code || ' ' || t.title, g.number * 1000 + t.ordering, NULL
FROM reference_sdgtarget t JOIN reference_sdggoal g ON g.id = t.goal_id
UNION ALL
SELECT 'institution', id, id::text, CASE WHEN acronym = '' THEN name ELSE name || ' (' || acronym || ')' END,
       0, parent_id
FROM institutions_institution
"""


class Vocabulary:
    """Every facet's ``Values``, read in one query (about a thousand short rows).

    Read per search rather than cached, so that a renamed institution or a new national theme shows at
    once; it costs a few milliseconds.
    """

    def __init__(self, rows):
        self.facets: dict[str, Values] = {
            "state_under_review": Values(case_insensitive=True),
            "mechanism": Values(case_insensitive=True),
            "affected_group": Values(case_insensitive=True),
            "sdg_target": Values(case_insensitive=True),
        }
        for name, code, value, label, order, parent in rows:
            self.facets.setdefault(name, Values()).add(code, value, label, (order, label), parent)
        states = self.facets["state_under_review"]
        self.facets["recommending_state"] = states
        cycles = self.facets.setdefault("cycle", Values())
        for code in cycles.value:
            cycles.label[code] = str(
                _("Cycle %(number)s (%(years)s)") % {"number": code, "years": cycles.label[code]}
            )
        sessions = self.facets.setdefault("session", Values())
        for code in sessions.value:
            sessions.label[code] = str(
                _("Session %(number)s (%(year)s)") % {"number": code, "year": sessions.label[code]}
            )
        groups = Values()
        for value, label in RegionalGroup.choices:
            groups.add(GROUP_CODES[value], value, str(label))
        self.facets["regional_group"] = self.facets["recommending_regional_group"] = groups
        self.facets["response"] = _choices(Response.choices, RESPONSE_CODES, _("No response recorded"))
        self.facets["status"] = _choices(ImplementationStatus.choices, STATUS_CODES, _("No status reported"))
        self.facets["year"] = Years()
        categories = Values()
        categories.add(0, NONE, str(_("Not categorised")), order=(6,))
        for value, label in ActionCategory.choices:
            categories.add(value, str(value), str(label))
        self.facets["action_category"] = categories
        self.facets["civil_society"] = _choices(
            CIVIL_SOCIETY_LABELS.items(), CIVIL_SOCIETY_CODES, _("Not assessed")
        )
        repeated = Values()
        for code, (value, label) in enumerate(REPEATED_LABELS.items()):
            repeated.add(code, value, str(label))
        self.facets["repeated"] = repeated
        addressed = Values()
        for value, label in ADDRESSED_LABELS.items():
            addressed.add(ADDRESSED_CODES[value], value, str(label))
        self.facets["addressed"] = addressed
        for facet in FACETS:
            self.facets.setdefault(facet.name, Values())

    @classmethod
    def load(cls) -> "Vocabulary":
        """One query."""
        with connection.cursor() as cursor:
            cursor.execute(VOCABULARY_SQL)
            return cls(cursor.fetchall())

    def __getitem__(self, facet_name: str) -> Values:
        return self.facets[facet_name]
