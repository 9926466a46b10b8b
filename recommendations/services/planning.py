"""Sorting a file's rows into new, changed and unchanged, and matching a second source's rows to
the recommendations another source stored."""

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from django.db.models import Q

from ..importers import (
    RELATIONS,
    ImportRow,
    RowIssue,
)
from ..models import Review
from .stored import COMPARED, Stored, any_of, incoming_values, load_stored, stored_values


@dataclass
class Plan:
    create: list[ImportRow] = field(default_factory=list)
    update: list[tuple[Stored, ImportRow, set[str]]] = field(default_factory=list)
    unchanged: int = 0
    matched: int = 0
    ambiguous: list[RowIssue] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)


_WORDS = re.compile(r"\w+")
# Two texts of one recommendation from two sources differ by a typo, a quote mark, a final full stop.
SAME_TEXT = 0.9


def _comparable(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _same_text(one: str, other: str) -> bool:
    if one == other:
        return True
    matcher = SequenceMatcher(None, one, other, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SAME_TEXT
        and matcher.quick_ratio() >= SAME_TEXT
        and matcher.ratio() >= SAME_TEXT
    )


def _completed(row: ImportRow, stored: Stored, *, add_states: bool) -> ImportRow:
    """What a second source adds to a stored recommendation: its paragraph, a response it lacked, and
    its tags (and states, unless the stored one is one state's copy) added to the stored ones. The
    stored text, source and key stay: the first source still finds its row again."""
    values = stored.values
    merged = {name: values[name] | getattr(row, name) for name in RELATIONS}
    if not add_states:
        merged["recommending_states"] = values["recommending_states"]
    return replace(
        row,
        source=values["source"],
        source_key=values["source_key"],
        text=values["text"],
        language=values["language"],
        paragraph=values["paragraph"] or row.paragraph,
        response=values["response"] or row.response,
        action_category=values["action_category"] or row.action_category,
        parts=values["parts"] or row.parts,
        translations=values["translations"],
        public_id=stored.public_id,
        **merged,
    )


def match_second_source(plan: Plan, reviews: dict[tuple, Review], review_keys: dict, keys: dict) -> None:
    """Rows about to be created that a recommendation of the same review, stored from another source,
    already holds (same or nearly the same text, recommending states among the row's): complete the
    stored ones instead of adding copies. UPR Info stores a recommendation once per recommending
    state, so one row may complete several. Rows whose candidates disagree in text are created all
    the same and listed, for the coordinator to decide."""
    review_ids = {reviews[row.review.key].pk for row in plan.create if row.review.key in reviews}
    if not review_ids:
        return
    stored = load_stored([], review_keys, keys, where=Q(review_id__in=any_of(list(review_ids))))
    by_review = defaultdict(list)
    for item in stored.values():
        by_review[item.review_key].append((_comparable(item.values["text"]), item))
    remaining, claimed = [], set()
    for row in plan.create:
        text = _comparable(row.text)
        candidates = [
            item
            for other, item in by_review.get(row.review.key, ())
            if item.values["source"] != row.source
            and (
                item.values["recommending_states"] <= row.recommending_states
                or row.recommending_states <= item.values["recommending_states"]
            )
            and _same_text(text, other)
        ]
        if not candidates:
            remaining.append(row)
            continue
        if len({_comparable(item.values["text"]) for item in candidates}) > 1:
            ids = ", ".join(item.public_id for item in candidates)
            plan.ambiguous.append(
                RowIssue(row.file, row.line, f"may be the same as {ids}: imported as new, decide")
            )
            remaining.append(row)
            continue
        changed = False
        for item in candidates:
            if item.pk in claimed:
                continue
            claimed.add(item.pk)
            completed = _completed(row, item, add_states=len(candidates) == 1)
            changes = {name for name in COMPARED if getattr(completed, name) != item.values[name]}
            if changes:
                plan.update.append((item, completed, changes))
                changed = True
        if changed:
            plan.matched += 1
        else:
            plan.unchanged += 1
    plan.create = remaining


def plan_rows(rows: list[ImportRow], review_keys: dict, keys: dict[str, dict]) -> Plan:
    """Sort rows into new, changed and unchanged, and refuse rows that would collide in the database."""
    stored = load_stored(rows, review_keys, keys)
    by_public_id = {item.public_id: item for item in stored.values()}
    by_source_key = {item.values["source_key"]: item for item in stored.values() if item.values["source_key"]}
    plan, claimed, keys_in_file = Plan(), {}, {}
    for row in rows:
        match = by_public_id.get(row.public_id) if row.public_id else by_source_key.get(row.source_key)
        holder = by_source_key.get(row.source_key) if row.source_key else None
        first = keys_in_file.setdefault(row.source_key, row) if row.source_key else row
        if first is not row:
            message = f"has the same source_key as row {first.line}"
            plan.errors.append(RowIssue(row.file, row.line, message))
            continue
        if holder is not None and holder is not match:
            message = f"source_key {row.source_key} already belongs to {holder.public_id}"
            plan.errors.append(RowIssue(row.file, row.line, message))
            continue
        if match is None:
            plan.create.append(row)
            continue
        if match.pk in claimed:
            message = f"updates {match.public_id}, as row {claimed[match.pk]} does"
            plan.errors.append(RowIssue(row.file, row.line, message))
            continue
        claimed[match.pk] = row.line
        changes = set()
        if incoming_values(row) != stored_values(match.values):
            changes = {name for name in COMPARED if getattr(row, name) != match.values[name]}
        if match.review_key != row.review.key:
            changes.add("review")
        if row.is_published is not None and row.is_published != match.is_published:
            changes.add("is_published")
        if changes:
            plan.update.append((match, row, changes))
        else:
            plan.unchanged += 1
    return plan
