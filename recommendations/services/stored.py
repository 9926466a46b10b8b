"""What an import compares: the stored recommendations a file touches, read in a handful of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..importers import (
    RELATIONS,
    ImportRow,
    RowIssue,
)
from ..models import Recommendation, RecommendationPart, Translation

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
class Stored:
    """An existing recommendation, as far as an import compares it."""

    pk: int
    public_id: str
    review_key: tuple
    is_published: bool
    values: dict = field(default_factory=dict)


# What a re-import compares, read from an ``ImportRow`` and from a ``Stored.values`` in one C call each.
COMPARED = (*SCALAR_FIELDS, *RELATIONS, "parts", "translations")
incoming_values = attrgetter(*COMPARED)
stored_values = itemgetter(*COMPARED)


def any_of(values: list, sql_type: str = "bigint") -> RawSQL:
    """``field__in=any_of(values)``: one array parameter instead of one per value. Django's own ``__in``
    with 15,000 values spends longer preparing the parameters than PostgreSQL spends on the query."""
    return RawSQL(f"SELECT unnest(%s::{sql_type}[])", (values,))


def load_stored(rows: list[ImportRow], review_keys: dict[int, tuple], keys: dict[str, dict], where=None):
    """Existing recommendations a file may mean, by public id and by source key (or ``where``):
    2 + 7 queries in all."""
    if where is None:
        public_ids = [row.public_id for row in rows if row.public_id]
        source_keys = [row.source_key for row in rows if row.source_key]
        where = Q(public_id__in=any_of(public_ids, "text")) | Q(source_key__in=any_of(source_keys, "text"))
    found = Recommendation.objects.filter(where).order_by()
    stored = {}
    for pk, public_id, review_id, is_published, *scalars in found.values_list(
        "pk", "public_id", "review_id", "is_published", *SCALAR_FIELDS
    ):
        values = dict(zip(SCALAR_FIELDS, scalars, strict=True))
        values["source_key"] = values["source_key"] or ""
        stored[pk] = Stored(pk, public_id, review_keys[review_id], is_published, values)
    for name in RELATIONS:
        model_field = Recommendation._meta.get_field(name)
        through = model_field.remote_field.through.objects
        pairs = through.filter(**{f"{model_field.m2m_column_name()}__in": any_of(list(stored))}).values_list(
            model_field.m2m_column_name(), model_field.m2m_reverse_name()
        )
        related = defaultdict(set)
        for pk, other in pairs:
            related[pk].add(keys[name][other] if name in keys else other)
        for pk, item in stored.items():
            item.values[name] = frozenset(related[pk]) if pk in related else EMPTY
    parts, translations = defaultdict(list), defaultdict(list)
    for pk, *part in (
        RecommendationPart.objects.filter(recommendation_id__in=any_of(list(stored)))
        .order_by()
        .values_list("recommendation_id", "position", "text", "response")
    ):
        parts[pk].append(tuple(part))
    for pk, *translation in (
        Translation.objects.filter(recommendation_id__in=any_of(list(stored)))
        .order_by()
        .values_list("recommendation_id", "language", "text")
    ):
        translations[pk].append(tuple(translation))
    for pk, item in stored.items():
        item.values["parts"] = tuple(sorted(parts[pk]))
        item.values["translations"] = tuple(sorted(translations[pk]))
    return stored
