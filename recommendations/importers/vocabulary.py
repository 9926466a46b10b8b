"""The reference vocabularies an import resolves names against, read once into dictionaries.

An import of 15,000 rows names the same 200 states and 50 themes over and over; a query per lookup would
cost more than the whole import. Each lookup that fails appends the reason to the row's ``problems`` and
returns None, so a parser collects every problem of a row rather than stopping at the first.
"""

import re

from django.utils.text import slugify

from reference.models import (
    AffectedGroup,
    Mechanism,
    SdgGoal,
    SdgTarget,
    Session,
    State,
    Theme,
    ThemeAlias,
    normalise_name,
)
from reference.selectors import StateResolver

from ..models import Response

# How sources word a state's response, compared by ``normalise_name`` (case, accents and punctuation do
# not count). The UPR's own words are "supported" and "noted"; older documents say "accepted" and
# "rejected"; national files and other languages say the rest.
RESPONSES = {
    normalise_name(word): response
    for response, words in {
        Response.SUPPORTED: (
            "supported",
            "support",
            "accepted",
            "accept",
            "agreed",
            "enjoys the support",
            "supported already implemented",
            "supported in process of implementation",
            "yes",
            "acceptée",
            "accepté",
            "soutenue",
            "appuyée",
            "aceptada",
            "aceptado",
            "apoyada",
            "apoyado",
        ),
        Response.NOTED: (
            "noted",
            "note",
            "taken note",
            "rejected",
            "reject",
            "not supported",
            "not accepted",
            "does not enjoy the support",
            "not agreed",
            "no",
            "notée",
            "prise en note",
            "rejetée",
            "rechazada",
            "rechazado",
            "tomada nota",
            "anotada",
            "no apoyada",
        ),
        Response.PENDING: (
            "pending",
            "under consideration",
            "under review",
            "to be considered",
            "considered",
            "deferred",
            "no response",
            "no position",
            "awaiting response",
            "en suspens",
            "pendiente",
            "en examen",
            "en estudio",
        ),
    }.items()
    for word in words
}
RESPONSES[""] = ""
UHRI_CODED = re.compile(r"^(?P<code>[A-Z]\d{1,3}|S)\s+(?P<name>\S.*)$")
# "12.4. Death penalty", "12.4 Death penalty", "3) Women": the numbered themes of older matrices.
NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?P<name>\D.*)$")
LEADING_NUMBER = re.compile(r"^\s*(\d+)\b")
THEME_CODE_LENGTH = Theme._meta.get_field("code").max_length


def _loose(name: str) -> str:
    """A looser form than ``normalise_name`` for labels third parties retype: "and" is dropped too, so
    "bisexual, transgender and intersex" meets "bisexual and transgender and intersex"."""
    return " ".join(word for word in normalise_name(name).split() if word != "and")


def _slug(name: str) -> str:
    """A code for an uncoded theme: the slug of its name, cut at a word boundary to fit the column."""
    slug = slugify(name)
    return slug if len(slug) <= THEME_CODE_LENGTH else slug[: THEME_CODE_LENGTH + 1].rsplit("-", 1)[0]


class Vocabulary:
    """Every lookup table an import needs; ``load()`` costs nine queries."""

    def __init__(self, *, resolver, states, sessions, mechanisms, themes, groups, goals, targets, aliases=()):
        self._resolver = resolver
        self.warnings: list[tuple[str, int, str]] = []
        self._responses: dict[str, str | None] = {}
        self.where: tuple[str, int] = ("", 0)
        self._states_by_iso3 = {state.iso3: state for state in states}
        self._sessions = sessions
        self._mechanisms = mechanisms
        self.theme_ids = {(scheme, code): pk for pk, scheme, code, _ in themes}
        self._themes_by_name = {(scheme, _loose(name)): (scheme, code) for _, scheme, code, name in themes}
        for scheme, label, code in aliases:
            self._themes_by_name.setdefault((scheme, _loose(label)), (scheme, code))
        self.new_themes: dict[tuple[str, str], str] = {}
        self.new_groups: dict[str, str] = {}
        self._groups = {}
        for code, name in groups:
            self._groups.update({code.lower(): code, name.lower(): code, _loose(name): code})
        self._goals = goals
        self._targets = targets
        self._state_cache: dict[str, State | None] = {}
        self._name_cache: dict[tuple[str, str], tuple[str, str] | None] = {}

    @classmethod
    def load(cls) -> "Vocabulary":
        return cls(
            resolver=StateResolver.load(),
            states=list(State.objects.all()),
            sessions={session.number: session for session in Session.objects.select_related("cycle")},
            mechanisms={mechanism.code.upper(): mechanism for mechanism in Mechanism.objects.all()},
            themes=list(Theme.objects.values_list("pk", "scheme", "code", "name")),
            groups=list(AffectedGroup.objects.values_list("code", "name")),
            aliases=[(alias.scheme, alias.label, alias.code) for alias in ThemeAlias.objects.all()],
            goals=dict(SdgGoal.objects.values_list("number", "pk")),
            targets={code.lower(): pk for code, pk in SdgTarget.objects.values_list("code", "pk")},
        )

    def state(self, name: str, what: str, problems: list[str]) -> State | None:
        """The state a source calls ``name`` (any alias); ``what`` names its role in the message."""
        if name not in self._state_cache:
            self._state_cache[name] = self._resolver.get(name)
        state = self._state_cache[name]
        if state is None:
            problems.append(f"unknown {what} '{name}'" if name else f"{what} is missing")
        return state

    def state_by_iso3(self, code: str, what: str, problems: list[str]) -> State | None:
        state = self._states_by_iso3.get(code.upper())
        if state is None:
            problems.append(f"unknown {what} '{code}'" if code else f"{what} is missing")
        return state

    def session(self, value: str, problems: list[str]) -> Session | None:
        if not value:
            problems.append("session is missing")
            return None
        if not value.isdigit():
            problems.append(f"session '{value}' is not a number")
            return None
        session = self._sessions.get(int(value))
        if session is None:
            problems.append(f"session {value} does not exist")
        return session

    def mechanism(self, code: str, problems: list[str]) -> Mechanism | None:
        mechanism = self._mechanisms.get(code.upper())
        if mechanism is None:
            problems.append(f"unknown mechanism '{code}'" if code else "mechanism is missing")
        return mechanism

    def warn(self, message: str) -> None:
        """Note something a coordinator should look at in the row being read; it does not stop the import."""
        self.warnings.append((*self.where, message))

    def response(self, value: str, problems: list[str]) -> str:
        response = self._responses.get(value)
        if response is None:
            response = self._responses[value] = RESPONSES.get(normalise_name(value))
        if response is None:
            problems.append(f"unknown response '{value}'")
            return ""
        return response

    def action_category(self, value: str, problems: list[str]) -> int | None:
        if not value:
            return None
        if value not in {"1", "2", "3", "4", "5"}:
            problems.append(f"action category '{value}' is not 1 to 5")
            return None
        return int(value)

    def theme_named(self, scheme: str, name: str) -> tuple[str, str]:
        """The theme of ``scheme`` called ``name``; one not known yet is registered in ``new_themes``
        (created unreviewed by the import, for the coordinator to keep or merge)."""
        key = self._name_cache.get((scheme, name))
        if key is None:
            key = self._themes_by_name.get((scheme, _loose(name)))
            if key is None:
                key = (scheme, _slug(name))
                self.new_themes.setdefault(key, name)
                self._themes_by_name[(scheme, _loose(name))] = key
            self._name_cache[(scheme, name)] = key
        return key

    def theme_by_key(self, value: str, problems: list[str]) -> tuple[str, str] | None:
        """A theme written ``scheme:code``, as the tracker's own format does."""
        scheme, _, code = value.partition(":")
        if (scheme, code) not in self.theme_ids:
            problems.append(f"unknown theme '{value}'")
            return None
        return (scheme, code)

    def uhri_theme(self, label: str) -> tuple[str, str]:
        """The UHRI theme a label names, registering it in ``new_themes`` when the database lacks it.

        A coded label ("A12 Acceptance of international norms") is found by its code. An uncoded one
        (newer UHRI lists dropped the codes) is found by its name among the themes known or met so far,
        which is why parsers register all coded labels of a file first; failing that it becomes a theme
        whose code is the slug of its name. Never fails: UHRI labels carry what a new theme needs.
        """
        scheme = Theme.Scheme.UHRI
        original, key = label, self._name_cache.get((scheme, label))
        if key is not None:
            return key
        numbered = NUMBERED.match(label)
        if numbered:  # "12.4. Death penalty": the number is the old list's, the name finds the theme
            label = numbered["name"].strip()
        coded = UHRI_CODED.match(label)
        name = coded["name"] if coded else label
        key = self._uhri_key(scheme, coded, name)
        self._name_cache[(scheme, original)] = key
        return key

    def _uhri_key(self, scheme: str, coded, name: str) -> tuple[str, str]:
        by_name = self._themes_by_name.get((scheme, _loose(name)))
        if coded and (
            (scheme, coded["code"]) in self.theme_ids or (scheme, coded["code"]) in self.new_themes
        ):
            return (scheme, coded["code"])
        if by_name is not None:
            return by_name
        key = (scheme, coded["code"] if coded else _slug(name))
        self.new_themes.setdefault(key, name)
        self._themes_by_name[(scheme, _loose(name))] = key
        return key

    def affected_group(self, name: str) -> str:
        """The code of the affected group called ``name`` (or coded so); one not known yet is registered
        in ``new_groups`` and created unreviewed by the import. Never fails: a name is all a group needs."""
        code = (
            self._groups.get(name.lower()) or self._groups.get(_loose(name)) or self._groups.get(_slug(name))
        )
        if code is None:
            code = _slug(name) or "group"
            self.new_groups.setdefault(code, name)
            self._groups[_loose(name)] = code
        return code

    def sdg_goal(self, value: str, problems: list[str]) -> int | None:
        """A goal given as "16" or "16 - Peace, Justice And Strong Institutions"."""
        number = LEADING_NUMBER.match(value)
        pk = self._goals.get(int(number[1])) if number else None
        if pk is None:
            problems.append(f"unknown SDG goal '{value}'")
        return pk

    def sdg_target(self, code: str, problems: list[str]) -> int | None:
        pk = self._targets.get(code.lower())
        if pk is None:
            problems.append(f"unknown SDG target '{code}'")
        return pk
