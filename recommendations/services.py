"""Writes to recommendations.

The import is the big one: tens of thousands of rows, all or nothing, idempotent. It therefore works on
whole sets rather than row by row: every existing recommendation the file touches is read in a handful
of queries, compared in memory, and only the differences are written, in batches, in one transaction.
"""

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from operator import attrgetter, itemgetter

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from reference.models import AffectedGroup, Theme
from upr_tracker import outbox
from upr_tracker.copy import copy_into

from .importers import (
    RELATIONS,
    DocumentOptions,
    ImportRow,
    ParsedImport,
    RowIssue,
    parse_files,
)
from .models import ImportRecord, Recommendation, RecommendationPart, Review, Translation, new_public_id

BATCH_SIZE = 2000
EMPTY: frozenset = frozenset()
# Serialises imports: two coordinators confirming at once must not both create the same rows.
IMPORT_LOCK = 0x5550_5249  # "UPRI"
SCALAR_FIELDS = ("paragraph", "text", "language", "response", "action_category", "source", "source_key")


@dataclass
class ImportReport:
    """What an import did, or would do: counts, and every row it refused or folded."""

    format: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_reviews: int = 0
    new_themes: list[str] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    duplicates: list[RowIssue] = field(default_factory=list)
    merged: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    files: list[str] = field(default_factory=list)
    matched: int = 0
    ambiguous: list[RowIssue] = field(default_factory=list)
    record_id: int | None = None
    near_duplicates: list[RowIssue] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        if not self.ok:
            outcome = f"Nothing imported: {len(self.errors)} bad row(s). The other rows would give:"
        elif self.dry_run:
            outcome = "Dry run, nothing written. It would give:"
        else:
            outcome = "Imported:"
        extra = ""
        if self.merged:
            extra += f", {len(self.merged)} copy(ies) merged with their tags"
        if self.matched:
            extra += f", {self.matched} matched to recommendations stored from another source"
        if self.ambiguous:
            extra += f", {len(self.ambiguous)} ambiguous"
        if self.skipped:
            extra += f", {self.skipped} row(s) that are not recommendations skipped"
        if self.new_themes or self.new_groups:
            extra += f", {len(self.new_themes) + len(self.new_groups)} new term(s) to review"
        return (
            f"{outcome} {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.duplicates)} duplicate row(s) skipped{extra} ({self.rows_read} rows read)."
        )

    @property
    def new_terms(self) -> list[str]:
        return [
            *(f"theme: {name}" for name in self.new_themes),
            *(f"affected persons: {n}" for n in self.new_groups),
        ]


@dataclass
class _Stored:
    """An existing recommendation, as far as an import compares it."""

    pk: int
    public_id: str
    review_key: tuple
    is_published: bool
    values: dict = field(default_factory=dict)


# What a re-import compares, read from an ``ImportRow`` and from a ``_Stored.values`` in one C call each.
COMPARED = (*SCALAR_FIELDS, *RELATIONS, "parts", "translations")
_incoming = attrgetter(*COMPARED)
_stored = itemgetter(*COMPARED)


def _any(values: list, sql_type: str = "bigint") -> RawSQL:
    """``field__in=_any(values)``: one array parameter instead of one per value. Django's own ``__in``
    with 15,000 values spends longer preparing the parameters than PostgreSQL spends on the query."""
    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", (values,))


def _load_stored(rows: list[ImportRow], review_keys: dict[int, tuple], keys: dict[str, dict], where=None):
    """Existing recommendations a file may mean, by public id and by source key (or ``where``):
    2 + 7 queries in all."""
    if where is None:
        public_ids = [row.public_id for row in rows if row.public_id]
        source_keys = [row.source_key for row in rows if row.source_key]
        where = Q(public_id__in=_any(public_ids, "text")) | Q(source_key__in=_any(source_keys, "text"))
    found = Recommendation.objects.filter(where).order_by()
    stored = {}
    for pk, public_id, review_id, is_published, *scalars in found.values_list(
        "pk", "public_id", "review_id", "is_published", *SCALAR_FIELDS
    ):
        values = dict(zip(SCALAR_FIELDS, scalars, strict=True))
        values["source_key"] = values["source_key"] or ""
        stored[pk] = _Stored(pk, public_id, review_keys[review_id], is_published, values)
    for name in RELATIONS:
        model_field = Recommendation._meta.get_field(name)
        through = model_field.remote_field.through.objects
        pairs = through.filter(**{f"{model_field.m2m_column_name()}__in": _any(list(stored))}).values_list(
            model_field.m2m_column_name(), model_field.m2m_reverse_name()
        )
        related = defaultdict(set)
        for pk, other in pairs:
            related[pk].add(keys[name][other] if name in keys else other)
        for pk, item in stored.items():
            item.values[name] = frozenset(related[pk]) if pk in related else EMPTY
    parts, translations = defaultdict(list), defaultdict(list)
    for pk, *part in (
        RecommendationPart.objects.filter(recommendation_id__in=_any(list(stored)))
        .order_by()
        .values_list("recommendation_id", "position", "text", "response")
    ):
        parts[pk].append(tuple(part))
    for pk, *translation in (
        Translation.objects.filter(recommendation_id__in=_any(list(stored)))
        .order_by()
        .values_list("recommendation_id", "language", "text")
    ):
        translations[pk].append(tuple(translation))
    for pk, item in stored.items():
        item.values["parts"] = tuple(sorted(parts[pk]))
        item.values["translations"] = tuple(sorted(translations[pk]))
    return stored


@dataclass
class _Plan:
    create: list[ImportRow] = field(default_factory=list)
    update: list[tuple[_Stored, ImportRow, set[str]]] = field(default_factory=list)
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


def _completed(row: ImportRow, stored: _Stored, *, add_states: bool) -> ImportRow:
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


def _match_second_source(plan: _Plan, reviews: dict[tuple, Review], review_keys: dict, keys: dict) -> None:
    """Rows about to be created that a recommendation of the same review, stored from another source,
    already holds (same or nearly the same text, recommending states among the row's): complete the
    stored ones instead of adding copies. UPR Info stores a recommendation once per recommending
    state, so one row may complete several. Rows whose candidates disagree in text are created all
    the same and listed, for the coordinator to decide."""
    review_ids = {reviews[row.review.key].pk for row in plan.create if row.review.key in reviews}
    if not review_ids:
        return
    stored = _load_stored([], review_keys, keys, where=Q(review_id__in=_any(list(review_ids))))
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


def _plan(rows: list[ImportRow], review_keys: dict, keys: dict[str, dict]) -> _Plan:
    """Sort rows into new, changed and unchanged, and refuse rows that would collide in the database."""
    stored = _load_stored(rows, review_keys, keys)
    by_public_id = {item.public_id: item for item in stored.values()}
    by_source_key = {item.values["source_key"]: item for item in stored.values() if item.values["source_key"]}
    plan, claimed, keys_in_file = _Plan(), {}, {}
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
        if _incoming(row) != _stored(match.values):
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


def _create_terms(parsed: ParsedImport, by) -> dict[str, dict]:
    """Create the themes and affected groups a file named for the first time, unreviewed (a coordinator
    keeps or merges them in the admin); return every term's id by its key, per relation."""
    Theme.objects.bulk_create(
        [
            Theme(scheme=scheme, code=code, name=name[:200], is_reviewed=False, created_by=by, updated_by=by)
            for (scheme, code), name in parsed.new_themes.items()
        ],
        ignore_conflicts=True,
    )
    AffectedGroup.objects.bulk_create(
        [
            AffectedGroup(code=code, name=name[:200], is_reviewed=False)
            for code, name in parsed.new_groups.items()
        ],
        ignore_conflicts=True,
    )
    return {
        "themes": {
            (scheme, code): pk for pk, scheme, code in Theme.objects.values_list("pk", "scheme", "code")
        },
        "affected_groups": {code: pk for pk, code in AffectedGroup.objects.values_list("pk", "code")},
    }


def _reviews_for(rows: Iterable[ImportRow], reviews: dict[tuple, Review], by) -> int:
    """Create the reviews rows need and give existing ones the document symbol or date they lack.

    Returns how many were created; ``reviews`` (by key) gains them.
    """
    missing, completed = {}, {}
    for row in rows:
        data = row.review
        review = reviews.get(data.key) or missing.get(data.key)
        if review is None:
            missing[data.key] = Review(
                state_id=data.state_id,
                mechanism_id=data.mechanism_id,
                session_id=data.session_id,
                document_symbol=data.document_symbol,
                date=data.date,
                year=data.year,
                created_by=by,
                updated_by=by,
            )
        elif review.pk and (
            data.document_symbol and not review.document_symbol or data.date and not review.date
        ):
            review.document_symbol = review.document_symbol or data.document_symbol
            review.date = review.date or data.date
            review.updated_by, review.updated_at = by, timezone.now()
            completed[review.pk] = review
    Review.objects.bulk_create(missing.values(), batch_size=BATCH_SIZE)
    Review.objects.bulk_update(completed.values(), ["document_symbol", "date", "updated_by", "updated_at"])
    reviews.update(missing)
    return len(missing)


def _fresh_public_ids(count: int, exclude: set[str]) -> list[str]:
    """``count`` public ids unused so far (nor in ``exclude``): random ids rarely collide, but one
    collision would abort a 100,000-row import, so they are checked in one query."""
    ids: set[str] = set()
    while len(ids) < count:
        candidates = {new_public_id() for _ in range(count - len(ids))} - ids - exclude
        taken = Recommendation.objects.filter(public_id__in=_any(list(candidates), "text"))
        ids |= candidates - set(taken.values_list("public_id", flat=True))
    return list(ids)


def _write_related(
    pairs: list[tuple[int, ImportRow]], names: set[str], term_ids: dict[str, dict], by
) -> None:
    """Insert the many-to-many rows, parts and translations of ``(pk, row)`` pairs, for ``names``."""
    for name in RELATIONS:
        if name in names:
            model_field = Recommendation._meta.get_field(name)
            copy_into(
                model_field.remote_field.through,
                [model_field.m2m_field_name(), model_field.m2m_reverse_field_name()],
                (
                    (pk, term_ids[name][other] if name in term_ids else other)
                    for pk, row in pairs
                    for other in getattr(row, name)
                ),
            )
    if "parts" in names:
        rows = ((pk, *part) for pk, row in pairs for part in row.parts)
        copy_into(RecommendationPart, ["recommendation", "position", "text", "response"], rows)
    if "translations" in names:
        now, user = timezone.now(), by.pk if by else None
        rows = (
            (pk, *translation, now, now, user, user) for pk, row in pairs for translation in row.translations
        )
        fields = [
            "recommendation",
            "language",
            "text",
            "created_at",
            "updated_at",
            "created_by",
            "updated_by",
        ]
        copy_into(Translation, fields, rows)


def _delete_related(pks: list[int], names: set[str]) -> None:
    for name in RELATIONS:
        if name in names:
            model_field = Recommendation._meta.get_field(name)
            related = model_field.remote_field.through.objects
            related.filter(**{f"{model_field.m2m_column_name()}__in": _any(pks)}).delete()
    if "parts" in names:
        RecommendationPart.objects.filter(recommendation_id__in=_any(pks)).delete()
    if "translations" in names:
        Translation.objects.filter(recommendation_id__in=_any(pks)).delete()


def _scalar_values(row: ImportRow) -> list:
    """The row's values for ``SCALAR_FIELDS`` as stored: a missing source key is NULL, not ""."""
    return [
        (getattr(row, name) or None) if name == "source_key" else getattr(row, name) for name in SCALAR_FIELDS
    ]


INSERTED_FIELDS = ["id", "public_id", "review", "is_published", *SCALAR_FIELDS]
INSERTED_FIELDS += ["created_at", "updated_at", "created_by", "updated_by"]


def _create(rows: list[ImportRow], reviews: dict[tuple, Review], *, publish: bool, by, progress) -> list[int]:
    """Insert new recommendations in batches; returns their ids, in the order of ``rows``."""
    with connection.cursor() as cursor:
        table = Recommendation._meta.db_table
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    given = {row.public_id for row in rows if row.public_id}
    public_ids = iter(_fresh_public_ids(len(rows) - len(given), given))
    now, user = timezone.now(), by.pk if by else None
    values = [
        (
            pk,
            row.public_id or next(public_ids),
            reviews[row.review.key].pk,
            publish if row.is_published is None else row.is_published,
            *_scalar_values(row),
            now,
            now,
            user,
            user,
        )
        for pk, row in zip(ids, rows, strict=True)
    ]
    for start in range(0, len(values), BATCH_SIZE):
        copy_into(Recommendation, INSERTED_FIELDS, values[start : start + BATCH_SIZE])
        if progress:
            progress(f"{min(start + BATCH_SIZE, len(values))} of {len(values)} recommendations written")
    return ids


def _update(
    changes: list[tuple[_Stored, ImportRow, set[str]]], reviews: dict[tuple, Review], term_ids, by
) -> None:
    """Update changed recommendations in place: their fields, and the relations that changed."""
    now, updated, fields, relations = timezone.now(), [], {"updated_at", "updated_by"}, set()
    for stored, row, changed in changes:
        recommendation = Recommendation(
            pk=stored.pk, public_id=stored.public_id, review=reviews[row.review.key]
        )
        for name, value in zip(SCALAR_FIELDS, _scalar_values(row), strict=True):
            setattr(recommendation, name, value)
        recommendation.is_published = stored.is_published if row.is_published is None else row.is_published
        recommendation.updated_at, recommendation.updated_by = now, by
        updated.append(recommendation)
        fields |= changed & {*SCALAR_FIELDS, "review", "is_published"}
        relations |= changed & {*RELATIONS, "parts", "translations"}
    Recommendation.objects.bulk_update(updated, sorted(fields), batch_size=BATCH_SIZE)
    # A changed relation is rewritten for every updated row: simpler, and corrections are few.
    pks = [recommendation.pk for recommendation in updated]
    _delete_related(pks, relations)
    _write_related([(stored.pk, row) for stored, row, _ in changes], relations, term_ids, by)


def _apply(
    plan: _Plan, parsed: ParsedImport, reviews: dict[tuple, Review], *, publish: bool, by, progress
) -> int:
    """Write the plan; returns the number of reviews created."""
    term_ids = _create_terms(parsed, by)
    new_reviews = _reviews_for([*plan.create, *(row for _, row, _ in plan.update)], reviews, by)
    ids = _create(plan.create, reviews, publish=publish, by=by, progress=progress)
    _write_related(
        list(zip(ids, plan.create, strict=True)), {*RELATIONS, "parts", "translations"}, term_ids, by
    )
    if plan.update:
        _update(plan.update, reviews, term_ids, by)
    recommendations_follow_up_later(ids, [stored.pk for stored, _, _ in plan.update])
    return new_reviews


@transaction.atomic
def recommendations_publish(*, recommendations, publish: bool, by) -> int:
    """Publish (or withdraw from the public) these recommendations; returns how many changed.

    Each change is on the audit record, and the search index follows once it commits. A withdrawal
    refreshes the index in this transaction instead: what is no longer public must not be counted or
    found for a moment longer (one refresh of the changed rows, inside the admin's request).
    """
    from search.services import search_index_refresh, search_index_refresh_later
    from tracking.audit import audit_record

    changing = list(recommendations.exclude(is_published=publish).select_for_update(of=("self",)))
    Recommendation.objects.filter(pk__in=[r.pk for r in changing]).update(
        is_published=publish, updated_by=by, updated_at=timezone.now()
    )
    for recommendation in changing:
        audit_record(
            action="recommendations.recommendation." + ("published" if publish else "unpublished"),
            actor=by,
            obj=recommendation,
            changes={"is_published": [not publish, publish]},
        )
    if publish:
        search_index_refresh_later(r.pk for r in changing)
    elif changing:
        search_index_refresh(recommendation_ids=[r.pk for r in changing])
    return len(changing)


def recommendations_follow_up_later(created: list[int], updated: list[int]) -> None:
    """After commit: refresh the search index for every row written, and give the new recommendations
    their theme, category and SDG suggestions and their related/repeated links."""
    from search.services import search_index_refresh_later

    if created or updated:
        search_index_refresh_later([*created, *updated])
    if created:
        outbox.send("assistance.tasks.suggest_for_recommendations_task", list(created))
        outbox.send("assistance.tasks.find_related_task", list(created))


def _near_duplicates(rows: list[ImportRow]) -> list[RowIssue]:
    """New rows that nearly repeat a recommendation already stored for the same state (reported only)."""
    from assistance.related import import_near_duplicates

    return [
        RowIssue(
            found.row.file, found.row.line, f"nearly repeats {found.public_id} (similarity {found.score:.2f})"
        )
        for found in import_near_duplicates(rows)
    ]


def review_key(review: Review) -> tuple:
    """The natural key of a stored review, as ``ReviewData.key`` computes it for a file's row."""
    if review.session_id is not None:
        return (review.state_id, review.mechanism_id, review.session_id, "")
    return (review.state_id, review.mechanism_id, None, review.document_symbol)


def recommendations_import(
    *,
    parsed: ParsedImport,
    publish: bool = True,
    dry_run: bool = False,
    by=None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Bring the database in line with the parsed files, all or nothing.

    Rows match existing recommendations by public id or source key; new ones are created, changed ones
    updated in place, the rest not touched at all (a second import of the same file writes nothing).
    If any row is bad, or ``dry_run`` is set, nothing is written and the report says what would have
    happened. New recommendations are published when ``publish`` is set (UN recommendations are public
    documents); an update leaves publication as it is unless the file itself says (the native format).
    Rows are not passed through ``full_clean``: the parsers validated every value against the reference
    data already, and model validation would cost queries per row.
    """
    started = time.perf_counter()
    report = ImportReport(
        format=parsed.format,
        rows_read=parsed.rows_read,
        errors=list(parsed.errors),
        duplicates=list(parsed.duplicates),
        merged=list(parsed.merged),
        warnings=list(parsed.warnings),
        encodings=parsed.encodings,
        formats=parsed.formats,
        skipped=parsed.skipped,
        files=list(parsed.names),
        dry_run=dry_run,
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        reviews = {review_key(review): review for review in Review.objects.order_by()}
        review_keys = {review.pk: key for key, review in reviews.items()}
        keys = {
            "themes": {
                pk: (scheme, code) for pk, scheme, code in Theme.objects.values_list("pk", "scheme", "code")
            },
            "affected_groups": dict(AffectedGroup.objects.values_list("pk", "code")),
        }
        plan = _plan(parsed.rows, review_keys, keys)
        _match_second_source(plan, reviews, review_keys, keys)
        report.matched, report.ambiguous = plan.matched, plan.ambiguous
        report.errors += plan.errors
        report.errors.sort(key=lambda issue: (issue.file, issue.line))
        report.created, report.updated, report.unchanged = len(plan.create), len(plan.update), plan.unchanged
        report.new_themes = sorted(parsed.new_themes.values())
        report.new_groups = sorted(parsed.new_groups.values())
        if report.ok and plan.create:
            report.near_duplicates = _near_duplicates(plan.create)
        if report.applied:
            report.new_reviews = _apply(plan, parsed, reviews, publish=publish, by=by, progress=progress)
            report.record_id = _record_import(report, by).pk
    report.seconds = time.perf_counter() - started
    return report


def _record_import(report: ImportReport, by) -> ImportRecord:
    """The row and the audit entry of a confirmed import: who, which files, what it did, new terms."""
    from tracking.audit import audit_record

    counts = {
        "rows_read": report.rows_read,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "duplicates": len(report.duplicates),
        "merged": len(report.merged),
        "skipped": report.skipped,
        "matched": report.matched,
        "ambiguous": len(report.ambiguous),
        "new_reviews": report.new_reviews,
    }
    record = ImportRecord.objects.create(
        by=by if by is not None and by.is_authenticated else None,
        files=report.files,
        format=report.format,
        counts=counts,
        new_terms=report.new_terms,
    )
    audit_record(
        action="recommendations.import.confirmed",
        actor=by,
        obj=record,
        changes={"files": report.files, "format": report.format, **counts, "new_terms": report.new_terms},
    )
    return record


def recommendations_import_files(
    *,
    files: Iterable[tuple[str, bytes]],
    format: str | None = None,
    encoding: str | None = None,
    options: DocumentOptions | None = None,
    publish: bool = True,
    dry_run: bool = False,
    by=None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Parse ``(name, content)`` files and import them together, as one import. Without ``format``
    each file's format is recognised from its content (the report says which was chosen)."""
    started = time.perf_counter()
    parsed = parse_files(files, format=format, encoding=encoding, options=options, progress=progress)
    report = recommendations_import(parsed=parsed, publish=publish, dry_run=dry_run, by=by, progress=progress)
    report.seconds = time.perf_counter() - started
    return report


@transaction.atomic
def recommendations_term_merge(*, term, into, by) -> int:
    """Merge a theme or affected group (one an import created unreviewed, typically) into another of
    its kind: every recommendation tagged with ``term`` is tagged with ``into`` instead, sub-themes move
    under ``into``, and ``term`` is deleted. Returns how many recommendations moved. On the audit
    record; the search index follows once it commits."""
    from search.services import search_index_refresh_later
    from tracking.audit import audit_record

    if type(term) is not type(into) or term.pk == into.pk:
        raise ValueError("merge a term into another term of the same kind")
    if isinstance(term, Theme) and term.scheme != into.scheme:
        raise ValueError("merge a theme into a theme of the same scheme")
    name = "themes" if isinstance(term, Theme) else "affected_groups"
    model_field = Recommendation._meta.get_field(name)
    through = model_field.remote_field.through.objects
    column, other = model_field.m2m_column_name(), model_field.m2m_reverse_name()
    moved = list(through.filter(**{other: term.pk}).values_list(column, flat=True))
    has_into = set(through.filter(**{other: into.pk, f"{column}__in": moved}).values_list(column, flat=True))
    through.bulk_create([through.model(**{column: pk, other: into.pk}) for pk in moved if pk not in has_into])
    through.filter(**{other: term.pk}).delete()
    if isinstance(term, Theme):
        Theme.objects.filter(parent=term).update(parent=into)
    audit_record(
        action=f"reference.{'theme' if isinstance(term, Theme) else 'affected_group'}.merged",
        actor=by,
        obj=into,
        changes={"merged": [str(term), str(into)], "recommendations": len(moved)},
    )
    term.delete()
    search_index_refresh_later(moved)
    return len(moved)


def recommendations_term_keep(*, term, by) -> None:
    """Mark a term an import created as reviewed: the coordinator keeps it as it is."""
    from tracking.audit import audit_record

    type(term).objects.filter(pk=term.pk).update(is_reviewed=True)
    audit_record(
        action=f"reference.{'theme' if isinstance(term, Theme) else 'affected_group'}.reviewed",
        actor=by,
        obj=term,
        changes={"is_reviewed": [False, True]},
    )
