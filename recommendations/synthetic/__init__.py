"""Synthetic UPR recommendations for benchmarks, drawn from the real distributions.

The tables in ``distributions`` are facts compiled once from UPR Info's export of sessions 1–9 (14,437
recommendations): who recommends, who receives, how specific the action is, how it is answered, which
issues it concerns.
Texts are composed from a verb of the action category, one or two topics of the recommendation's issues
and an optional qualifier, so that full-text search meets the vocabulary real recommendations use.

Rows are loaded with PostgreSQL ``COPY`` (one million in a few minutes) and marked
``source="native"``, ``source_key="synthetic:<seed>:<n>"``: a second run with the same seed skips the
rows it already made, and ``synthetic_recommendations_delete`` removes them.
"""

import random
import time
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from recommendations.models import Recommendation, Response, Review, new_public_id
from reference.models import Mechanism, RegionalGroup, Session, State, Theme
from upr_tracker.copy import copy_rows

from .distributions import (
    ACTION_CATEGORY_WEIGHTS,
    CYCLE_1_SESSIONS,
    INSTRUMENT_VERBS,
    INSTRUMENTS,
    INSTRUMENTS_ISSUE,
    ISSUES,
    QUALIFIER_SHARE,
    QUALIFIERS,
    RECOMMENDATIONS_MADE,
    RECOMMENDATIONS_MADE_BY_OTHERS,
    RECOMMENDATIONS_RECEIVED,
    RECOMMENDATIONS_RECEIVED_BY_OTHERS,
    RECOMMENDING_GROUP_SHARES,
    REVIEW_ORDER,
    STATE_COUNT_WEIGHTS,
    SUPPORTED_SHARE,
    THEME_COUNT_WEIGHTS,
    VERBS,
)

KEY_PREFIX = "synthetic"
MAX_SEED = 2**16 - 1
MAX_COUNT = 2**24 - 1


class _Weighted:
    """Weighted choice by bisecting cumulative weights: ~1 µs a draw, the loop's hot path."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def pick_distinct(self, rng: random.Random, count: int, exclude=None) -> list:
        picked = []
        while len(picked) < min(count, len(self.items) - (exclude is not None)):
            item = self.pick(rng)
            if item != exclude and item not in picked:
                picked.append(item)
        return picked


@dataclass
class Universe:
    """The reference rows the generator draws from, loaded once per run (a handful of queries)."""

    mechanism_id: int
    sessions: dict[int, tuple[int, int]]  # session number -> (session id, year)
    reviewed: dict[int, _Weighted]  # session number -> states reviewed then (state id, slot), weighted
    recommending: _Weighted  # state ids
    theme_ids: dict[str, int]  # issue name -> theme id

    @classmethod
    def load(cls) -> "Universe":
        rows = Session.objects.values_list("number", "pk", "year", "cycle__number")
        sessions = {number: (pk, year) for number, pk, year, _cycle in rows}
        cycles = {number: cycle for number, _pk, _year, cycle in rows}
        states = list(State.objects.values_list("pk", "iso3", "regional_group", "membership"))
        state_ids = {iso3: pk for pk, iso3, _group, _membership in states}
        return cls(
            mechanism_id=Mechanism.objects.get(code="UPR").pk,
            sessions=sessions,
            reviewed=_review_slots(sessions, cycles, state_ids),
            recommending=_recommending_states(states),
            theme_ids=_issue_theme_ids(),
        )


def _review_slots(sessions: dict, cycles: dict, state_ids: dict) -> dict[int, _Weighted]:
    """Which states each session reviews: cycle 1 as it happened, later cycles in the same order."""
    by_session = {}
    for number in sessions:
        cycle = cycles[number]
        if cycle == 1:
            codes = CYCLE_1_SESSIONS[number - 1].split() if number <= len(CYCLE_1_SESSIONS) else []
        else:
            first = min(n for n, c in cycles.items() if c == cycle)
            last = max(n for n, c in cycles.items() if c == cycle)
            per_session = len(REVIEW_ORDER) / (last - first + 1)
            codes = [iso3 for i, iso3 in enumerate(REVIEW_ORDER) if first + int(i / per_session) == number]
        slots = [(state_ids[iso3], REVIEW_ORDER.index(iso3)) for iso3 in codes if iso3 in state_ids]
        weights = [
            RECOMMENDATIONS_RECEIVED.get(REVIEW_ORDER[slot], RECOMMENDATIONS_RECEIVED_BY_OTHERS)
            for _, slot in slots
        ]
        if slots:
            by_session[number] = _Weighted(slots, weights)
    return by_session


def _recommending_states(states: list[tuple]) -> _Weighted:
    """Every state, weighted so each regional group makes its share and, within it, each state its own."""
    observers = {pk for pk, _iso3, _group, membership in states if membership == State.Membership.OBSERVER}
    counts = {
        pk: RECOMMENDATIONS_MADE.get(iso3, RECOMMENDATIONS_MADE_BY_OTHERS)
        for pk, iso3, _group, membership in states
        if membership in (State.Membership.MEMBER, State.Membership.OBSERVER)
    }
    group_of = {pk: (RegionalGroup.NONE if pk in observers else group) for pk, _iso3, group, _m in states}
    group_totals = {}
    for pk, count in counts.items():
        group_totals[group_of[pk]] = group_totals.get(group_of[pk], 0) + count
    weights = {
        pk: RECOMMENDING_GROUP_SHARES.get(group_of[pk], 0) * count / group_totals[group_of[pk]]
        for pk, count in counts.items()
    }
    return _Weighted(weights.keys(), weights.values())


def _issue_theme_ids() -> dict[str, int]:
    codes = {slugify(name): name for name in ISSUES}
    found = dict(Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO, code__in=codes).values_list("code", "pk"))
    missing = sorted(name for code, name in codes.items() if code not in found)
    if missing:
        raise LookupError(f"UPR Info issues missing, run load_reference_data: {', '.join(missing)}")
    return {name: found[code] for code, name in codes.items()}


def synthetic_public_id(seed: int, n: int) -> str:
    """A public id unique per (seed, n), shaped like ``new_public_id``'s ("R" and 10 hex digits).

    Seed and row number are packed into 40 bits and scrambled by a bijection (odd multipliers and an
    xor-shift modulo 2**40), so that ids look random but never collide among synthetic rows.
    """
    mask = 2**40 - 1
    x = (seed << 24) | n
    x = (x * 0x9E3779B97F) & mask
    x ^= x >> 19
    x = (x * 0xC2B2AE3D27) & mask
    return f"R{x:010X}"


@dataclass
class Row:
    n: int
    session: int
    state_id: int
    paragraph: str
    text: str
    response: str
    action_category: int
    theme_ids: list[int]
    state_ids: list[int]


class Generator:
    """Draws rows one by one from a seeded random stream: the same seed gives the same rows."""

    def __init__(self, universe: Universe, seed: int):
        self.universe = universe
        self.rng = random.Random(seed)
        self.categories = _Weighted(ACTION_CATEGORY_WEIGHTS, ACTION_CATEGORY_WEIGHTS.values())
        self.theme_counts = _Weighted(THEME_COUNT_WEIGHTS, THEME_COUNT_WEIGHTS.values())
        self.state_counts = _Weighted(STATE_COUNT_WEIGHTS, STATE_COUNT_WEIGHTS.values())
        self.issues = _Weighted(ISSUES, [count for count, _topics in ISSUES.values()])
        self.session_numbers = sorted(universe.reviewed)
        self.paragraphs = {}

    def row(self, n: int) -> Row:
        rng = self.rng
        session = self.session_numbers[int(rng.random() * len(self.session_numbers))]
        state_id, slot = self.universe.reviewed[session].pick(rng)
        category = self.categories.pick(rng)
        issues = self.issues.pick_distinct(rng, self.theme_counts.pick(rng))
        text, issues = self._text(category, issues)
        supported = rng.random() < SUPPORTED_SHARE[category]
        state_ids = self.universe.recommending.pick_distinct(
            rng, self.state_counts.pick(rng), exclude=state_id
        )
        position = self.paragraphs[session, state_id] = self.paragraphs.get((session, state_id), 0) + 1
        return Row(
            n=n,
            session=session,
            state_id=state_id,
            paragraph=f"{90 + (slot * 7 + session) % 60}.{position}",
            text=text,
            response=Response.SUPPORTED if supported else Response.NOTED,
            action_category=category,
            theme_ids=[self.universe.theme_ids[issue] for issue in issues],
            state_ids=state_ids,
        )

    def _text(self, category: int, issues: list[str]) -> tuple[str, list[str]]:
        """The recommendation's sentence, and its issues (an instrument adds the issue it concerns)."""
        rng = self.rng
        if issues[0] == INSTRUMENTS_ISSUE:
            instrument, related = rng.choice(INSTRUMENTS)
            text = rng.choice(INSTRUMENT_VERBS[category]).format(instrument)
            if related not in issues:
                issues = [issues[0], related, *issues[1:2]]
        else:
            topics = [rng.choice(ISSUES[issue][1]) for issue in issues[:2] if ISSUES[issue][1]]
            text = rng.choice(VERBS[category]).format(" and ".join(topics))
        if rng.random() < QUALIFIER_SHARE:
            text += rng.choice(QUALIFIERS)
        return text + ".", issues


def _m2m_fields():
    """The many-to-many fields a synthetic row fills, with the ``Row`` attribute holding their ids."""
    meta = Recommendation._meta
    return [(meta.get_field("themes"), "theme_ids"), (meta.get_field("recommending_states"), "state_ids")]


def _tables() -> list[str]:
    return [Recommendation._meta.db_table, *(field.m2m_db_table() for field, _attribute in _m2m_fields())]


def _review_ids(universe: Universe, keys: set[tuple[int, int]], known: dict) -> dict:
    """Review ids for (session number, state id), creating the UPR reviews not there yet."""
    missing = keys - known.keys()
    if missing:
        Review.objects.bulk_create(
            [
                Review(
                    state_id=state_id,
                    mechanism_id=universe.mechanism_id,
                    session_id=universe.sessions[session][0],
                    year=universe.sessions[session][1],
                )
                for session, state_id in missing
            ],
            ignore_conflicts=True,
        )
        session_numbers = {pk: number for number, (pk, _year) in universe.sessions.items()}
        reviews = Review.objects.filter(mechanism_id=universe.mechanism_id, session__isnull=False)
        for pk, session_id, state_id in reviews.values_list("pk", "session_id", "state_id"):
            known[session_numbers[session_id], state_id] = pk
    return known


def _existing_numbers(seed: int) -> set[int]:
    prefix = f"{KEY_PREFIX}:{seed}:"
    synthetic = Recommendation.objects.filter(source_key__startswith=prefix).order_by()
    keys = synthetic.values_list("source_key", flat=True)
    return {int(key[len(prefix) :]) for key in keys.iterator(chunk_size=50_000)}


def _insert(universe: Universe, seed: int, rows: list[Row], reviews: dict) -> None:
    """Write one batch: the recommendations, then their themes and recommending states."""
    table = Recommendation._meta.db_table
    reviews = _review_ids(universe, {(row.session, row.state_id) for row in rows}, reviews)
    public_ids = [synthetic_public_id(seed, row.n) for row in rows]
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT public_id FROM {table} WHERE public_id = ANY(%s)", [public_ids])
        taken = {public_id for (public_id,) in cursor.fetchall()}
        public_ids = [new_public_id() if public_id in taken else public_id for public_id in public_ids]
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        copy_rows(
            table,
            ["id", "public_id", "review_id", "paragraph", "text", "language", "response", "action_category"]
            + ["source", "source_key", "is_published", "created_at", "updated_at"],
            (
                (
                    pk,
                    public_id,
                    reviews[row.session, row.state_id],
                    row.paragraph,
                    row.text,
                    "en",
                    row.response,
                    row.action_category,
                    Recommendation.Source.NATIVE,
                    f"{KEY_PREFIX}:{seed}:{row.n}",
                    True,
                    now,
                    now,
                )
                for pk, public_id, row in zip(ids, public_ids, rows, strict=True)
            ),
        )
        for field, attribute in _m2m_fields():
            copy_rows(
                field.m2m_db_table(),
                [field.m2m_column_name(), field.m2m_reverse_name()],
                ((pk, other) for pk, row in zip(ids, rows, strict=True) for other in getattr(row, attribute)),
            )


def synthetic_recommendations_create(
    *, count: int, seed: int = 0, batch_size: int = 20_000, stdout=None
) -> int:
    """Make rows 0 … count-1 of the seed's stream that are not in the database yet; returns how many.

    Each batch is its own transaction, so an interrupted run keeps what it wrote and the next run with
    the same seed fills in the rest. Progress and speed go to ``stdout`` (a management command's).
    """
    if not 0 <= seed <= MAX_SEED or not 0 <= count <= MAX_COUNT:
        raise ValueError(f"seed must be within 0–{MAX_SEED} and count within 0–{MAX_COUNT}")
    universe = Universe.load()
    generator = Generator(universe, seed)
    existing = _existing_numbers(seed)
    reviews, batch, created, started = {}, [], 0, time.monotonic()
    for n in range(count):
        row = generator.row(n)
        if n not in existing:
            batch.append(row)
        if len(batch) >= batch_size or (n == count - 1 and batch):
            _insert(universe, seed, batch, reviews)
            created += len(batch)
            batch = []
            if stdout:
                rate = created / max(time.monotonic() - started, 1e-9)
                stdout.write(f"{n + 1:>12,} / {count:,} rows, {created:,} new ({rate:,.0f} rows/s)")
    if created:
        with connection.cursor() as cursor:
            for table in _tables():
                cursor.execute(f"ANALYZE {table}")
    return created


def synthetic_recommendations_delete(*, seed: int | None = None, batch_size: int = 10_000) -> int:
    """Delete the synthetic rows (of one seed, or all), and the UPR reviews they leave empty.

    Deletes go through the ORM in batches, so whatever was attached to a synthetic row since (an
    assignment, a status update) goes with it as it would for any recommendation.
    """
    prefix = f"{KEY_PREFIX}:{seed}:" if seed is not None else f"{KEY_PREFIX}:"
    synthetic = Recommendation.objects.filter(source_key__startswith=prefix).order_by()
    review_ids = set(synthetic.values_list("review_id", flat=True).distinct())
    deleted = 0
    while ids := list(synthetic.values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            Recommendation.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    Review.objects.filter(pk__in=review_ids, recommendations__isnull=True).delete()
    return deleted
