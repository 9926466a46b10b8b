"""Loading the project's reference vocabularies from ``reference/data/`` into the database.

The JSON files are the project's own compilation of public facts (UN membership and regional groups,
ISO codes, the names exports use for states, UPR cycles and sessions, SDG goals and targets, UPR Info's
issues, UHRI's affected persons). The loader never deletes: rows added by coordinators in the admin
(national themes, extra aliases) survive a reload.
"""

import json
from collections.abc import Iterable
from pathlib import Path

from django.db import models, transaction

from .models import (
    AffectedGroup,
    Cycle,
    Mechanism,
    SdgGoal,
    SdgTarget,
    Session,
    State,
    StateAlias,
    Theme,
    ThemeAlias,
    normalise_name,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(filename: str) -> dict:
    """One data file; reading it each time keeps the loader free of module-level state."""
    return json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))


def _sync(queryset: models.QuerySet, rows: Iterable[dict], *, key: tuple[str, ...]) -> dict[str, int]:
    """Create the rows missing from ``queryset`` and update the ones that differ, matched on ``key``.

    Rows use attribute names (``cycle_id``, not ``cycle``) so foreign keys compare without queries.
    Unchanged rows are not written, which is what makes a second load report zero changes. Each new or
    changed object is validated with ``full_clean`` (choices, lengths, slugs); uniqueness is left to
    the database, as checking it per row would cost one query each.
    """
    model = queryset.model
    existing = {tuple(getattr(obj, field) for field in key): obj for obj in queryset}
    to_create, to_update, changed_fields = [], [], set()
    for row in rows:
        obj = existing.get(tuple(row[field] for field in key))
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
        else:
            changed = {field for field, value in row.items() if getattr(obj, field) != value}
            if not changed:
                continue
            for field in changed:
                setattr(obj, field, row[field])
            changed_fields |= changed
            to_update.append(obj)
        obj.full_clean(validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields))
    return {"created": len(to_create), "updated": len(to_update)}


def _ids(model: type[models.Model], field: str) -> dict:
    """Map a natural key to primary keys, to fill the ``*_id`` of dependent rows."""
    return dict(model.objects.values_list(field, "pk"))


def _load_cycles_and_sessions() -> dict[str, dict[str, int]]:
    data = _read("cycles_sessions.json")
    counts = {"cycles": _sync(Cycle.objects.all(), data["cycles"], key=("number",))}
    cycle_ids = _ids(Cycle, "number")
    sessions = [
        {"number": session["number"], "cycle_id": cycle_ids[session["cycle"]], "year": session["year"]}
        for session in data["sessions"]
    ]
    counts["sessions"] = _sync(Session.objects.all(), sessions, key=("number",))
    return counts


def _load_sdgs() -> dict[str, dict[str, int]]:
    data = _read("sdgs.json")
    counts = {"sdg_goals": _sync(SdgGoal.objects.all(), data["goals"], key=("number",))}
    goal_ids = _ids(SdgGoal, "number")
    targets = [
        {"code": t["code"], "goal_id": goal_ids[t["goal"]], "title": t["title"], "ordering": t["ordering"]}
        for t in data["targets"]
    ]
    counts["sdg_targets"] = _sync(SdgTarget.objects.all(), targets, key=("code",))
    return counts


def _load_mechanisms() -> dict[str, dict[str, int]]:
    mechanisms = _read("mechanisms.json")["mechanisms"]
    return {"mechanisms": _sync(Mechanism.objects.all(), mechanisms, key=("code",))}


def _state_alias_rows(entry: dict, state_id: int) -> list[dict]:
    """Every name a state is known by, once per normalised form.

    The state's own name and official name are stored as aliases too, so that resolving a name is a
    single lookup on ``StateAlias.normalised``.
    """
    rows = {}
    for name in [entry["name"], entry["official_name"], *entry["aliases"]]:
        normalised = normalise_name(name)
        if normalised and normalised not in rows:
            rows[normalised] = {"normalised": normalised, "name": name, "state_id": state_id}
    return list(rows.values())


def _load_states() -> dict[str, dict[str, int]]:
    entries = _read("states.json")["states"]
    states = [{field: value for field, value in entry.items() if field != "aliases"} for entry in entries]
    counts = {"states": _sync(State.objects.all(), states, key=("iso3",))}
    state_ids = _ids(State, "iso3")
    aliases = [row for entry in entries for row in _state_alias_rows(entry, state_ids[entry["iso3"]])]
    counts["state_aliases"] = _sync(StateAlias.objects.all(), aliases, key=("normalised",))
    return counts


def _load_upr_info_themes() -> dict[str, dict[str, int]]:
    """UPR Info's issues."""
    themes = [{"scheme": Theme.Scheme.UPR_INFO, **theme} for theme in _read("themes_upr_info.json")["themes"]]
    queryset = Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO)
    return {"themes_upr_info": _sync(queryset, themes, key=("scheme", "code"))}


def _load_uhri_themes() -> dict[str, dict[str, int]]:
    """UHRI's coded themes and the other labels that mean them. A theme an import created first under
    the same code keeps its row (and its recommendations); its name is brought in line."""
    data = _read("themes_uhri.json")
    themes = [{"scheme": Theme.Scheme.UHRI, **theme} for theme in data["themes"]]
    queryset = Theme.objects.filter(scheme=Theme.Scheme.UHRI, code__in=[theme["code"] for theme in themes])
    counts = {"themes_uhri": _sync(queryset, themes, key=("scheme", "code"))}
    aliases = [{"scheme": Theme.Scheme.UHRI, **alias} for alias in data["aliases"]]
    counts["theme_aliases"] = _sync(ThemeAlias.objects.all(), aliases, key=("scheme", "label"))
    return counts


def _load_affected_groups() -> dict[str, dict[str, int]]:
    groups = _read("affected_groups.json")["groups"]
    return {"affected_groups": _sync(AffectedGroup.objects.all(), groups, key=("code",))}


@transaction.atomic
def reference_data_load(*, stdout=None) -> dict[str, dict[str, int]]:
    """Load every vocabulary, idempotently and all or nothing.

    OHCHR's UHRI coded themes ("A12 Acceptance of international norms") are shipped with the labels
    other documents use for them; the index revises its list, so importers still create a theme they
    meet for the first time, unreviewed, for a coordinator to keep or merge.

    Returns ``{vocabulary: {"created": n, "updated": n}}``; a second run returns only zeros. With
    ``stdout`` (a management command's), one line per vocabulary is written as it is loaded.
    """
    counts = {}
    for loader in (
        _load_cycles_and_sessions,
        _load_sdgs,
        _load_mechanisms,
        _load_states,
        _load_upr_info_themes,
        _load_uhri_themes,
        _load_affected_groups,
    ):
        loaded = loader()
        counts.update(loaded)
        if stdout is not None:
            for vocabulary, numbers in loaded.items():
                stdout.write(f"{vocabulary}: {numbers['created']} created, {numbers['updated']} updated")
    return counts


def state_own_names_alias(*, state: State) -> list[StateAlias]:
    """Make a state's name and official name resolvable after it was added or renamed in the admin.

    A form already taken by another state is left alone: resolving must stay unambiguous, and the
    coordinator sees the existing alias in that state's admin page.
    """
    created = []
    for name in (state.name, state.official_name):
        normalised = normalise_name(name)
        if normalised and not StateAlias.objects.filter(normalised=normalised).exists():
            created.append(StateAlias.objects.create(state=state, name=name, normalised=normalised))
    return created
