"""The import of recommendations: tens of thousands of rows, all or nothing, idempotent. It therefore works on
whole sets rather than row by row: every existing recommendation the file touches is read in a handful
of queries, compared in memory, and only the differences are written, in batches, in one transaction.
"""

import time
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from reference.models import AffectedGroup, Theme
from upr_tracker import outbox
from upr_tracker.copy import copy_into

from ..importers import (
    RELATIONS,
    DocumentOptions,
    ImportRow,
    ParsedImport,
    RowIssue,
    parse_files,
)
from ..models import ImportRecord, Recommendation, RecommendationPart, Review, Translation, new_public_id
from .planning import Plan, match_second_source, plan_rows
from .stored import BATCH_SIZE, IMPORT_LOCK, SCALAR_FIELDS, ImportReport, Stored, any_of


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
        taken = Recommendation.objects.filter(public_id__in=any_of(list(candidates), "text"))
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
            related.filter(**{f"{model_field.m2m_column_name()}__in": any_of(pks)}).delete()
    if "parts" in names:
        RecommendationPart.objects.filter(recommendation_id__in=any_of(pks)).delete()
    if "translations" in names:
        Translation.objects.filter(recommendation_id__in=any_of(pks)).delete()


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
    changes: list[tuple[Stored, ImportRow, set[str]]], reviews: dict[tuple, Review], term_ids, by
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
    plan: Plan, parsed: ParsedImport, reviews: dict[tuple, Review], *, publish: bool, by, progress
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
        plan = plan_rows(parsed.rows, review_keys, keys)
        match_second_source(plan, reviews, review_keys, keys)
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
