"""The in-memory facet index: every facet column of ``SearchEntry`` as numpy arrays, one copy per process.

Why in memory: counting 16 facets for a search in PostgreSQL means one ``GROUP BY`` per facet (0.4–4.7 s
per search at a million rows) or one pass over all matching rows; numpy counts the same with
``bincount`` over the matching row positions in milliseconds. Filtering on facets alone never touches
the database.

Layout: row ``i`` is the ``i``-th recommendation id in ascending order (``ids``). A single-valued facet
is one integer array of length N. A multi-valued facet (themes, recommending states…) is kept by row and
by value (``MultiColumn``). Counts over every row are made once per load (``rollup``); sort orders
are permutations of the rows, made when first asked for.

Memory: about 120 bytes per recommendation (≈120 MB at a million, per process). Loading reads two
binary ``COPY`` streams and takes about 5 s at a million rows on the 2-core reference machine. The index
knows the database's ``SearchIndexState.version`` it was loaded from; ``current_index()`` compares it
with the database (one tiny query) and reloads on change, so the first search in each process after a
refresh pays the load.
"""

import io
import threading
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .facets import FACETS

SCALAR_COLUMNS = [facet.column for facet in FACETS if not facet.multi]
MULTI_COLUMNS = [facet.column for facet in FACETS if facet.multi]
SORT_COLUMNS = ["sort_day", "paragraph_key"]
COPY_HEADER = 19  # PGCOPY signature, flags and header extension length


@dataclass
class MultiColumn:
    """A multi-valued facet, twice: by row (CSR) and by value (each value's rows, like a posting list).

    By row serves small result sets (read the values of the rows found); by value serves filters (a
    value's rows) and counts over large sets (sum the mask over each value's rows, which avoids
    compacting millions of values).
    """

    values: np.ndarray  # every row's values, row after row
    offsets: np.ndarray  # row i's values are values[offsets[i]:offsets[i + 1]]
    codes: np.ndarray  # the distinct values, ascending
    starts: np.ndarray  # value codes[j] holds rows[starts[j]:starts[j + 1]]
    rows: np.ndarray  # row positions, grouped by value

    @classmethod
    def build(cls, values: np.ndarray, offsets: np.ndarray) -> "MultiColumn":
        row_of_value = np.repeat(np.arange(len(offsets) - 1, dtype=np.int32), np.diff(offsets))
        by_value = np.argsort(values, kind="stable")
        grouped = values[by_value]
        starts = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1]))) if len(values) else []
        starts = np.asarray(starts, dtype=np.int64)
        return cls(values, offsets, grouped[starts], np.append(starts, len(values)), row_of_value[by_value])

    def rows_with_any(self, codes, size: int) -> np.ndarray:
        """Boolean mask of the rows holding at least one of ``codes``."""
        mask = np.zeros(size, dtype=bool)
        for code in codes:
            j = np.searchsorted(self.codes, code)
            if j < len(self.codes) and self.codes[j] == code:
                mask[self.rows[self.starts[j] : self.starts[j + 1]]] = True
        return mask

    def count_positions(self, positions: np.ndarray) -> np.ndarray:
        """Counts per value over the rows at ``positions``: the cost follows their number, not N."""
        starts = self.offsets[positions]
        lengths = self.offsets[positions + 1] - starts
        total = int(lengths.sum())
        # Each value's index is its row's start plus its place among the values gathered so far.
        index = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        return np.bincount(self.values[index]) if total else np.zeros(1, dtype=np.int64)

    def count_mask(self, mask: np.ndarray) -> np.ndarray:
        """Counts per value over the rows of ``mask``: one pass over every value's rows."""
        counts = np.zeros(int(self.codes[-1]) + 1 if len(self.codes) else 1, dtype=np.int64)
        if len(self.rows):
            hits = mask.view(np.uint8)[self.rows]
            counts[self.codes] = np.add.reduceat(hits, self.starts[:-1], dtype=np.int64)
        return counts

    def count_all(self) -> np.ndarray:
        return np.bincount(self.values) if len(self.values) else np.zeros(1, dtype=np.int64)


@dataclass
class FacetIndex:
    version: int
    ids: np.ndarray
    columns: dict[str, np.ndarray]
    multi: dict[str, MultiColumn]
    sort_keys: dict[str, np.ndarray]
    rollup: dict[str, np.ndarray] = field(default_factory=dict)
    orders: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)

    def order(self, sort: str) -> tuple[np.ndarray, np.ndarray]:
        """(rows in ``sort`` order, each row's rank in it), made on first use: a sort of N rows.

        Ties end on the id, so that pages never overlap or skip.
        """
        if sort not in self.orders:
            day, session = self.sort_keys["sort_day"], self.columns["session"]
            primary = {
                "newest": -day,
                "oldest": day,
                "session": np.where(session > 0, session, np.iinfo(np.int32).max),
            }[sort]
            permutation = np.lexsort(
                (self.ids, self.sort_keys["paragraph_key"], self.columns["state"], primary)
            )
            rank = np.empty(self.size, dtype=np.int32)
            rank[permutation] = np.arange(self.size, dtype=np.int32)
            self.orders[sort] = permutation.astype(np.int32), rank
        return self.orders[sort]

    def positions_of(self, ids: np.ndarray) -> np.ndarray:
        """Row positions of recommendation ids; ids the index does not hold (yet) are dropped."""
        if not len(self.ids) or not len(ids):
            return np.zeros(0, dtype=np.int64)
        positions = np.searchsorted(self.ids, ids)
        positions[positions >= len(self.ids)] = 0
        return positions[self.ids[positions] == ids]


def _copy(cursor, sql: str) -> bytes:
    buffer = io.BytesIO()
    cursor.copy_expert(f"COPY ({sql}) TO STDOUT (FORMAT binary)", buffer)
    return buffer.getvalue()


def _records(data: bytes, fields: list[tuple[str, str]]) -> np.ndarray:
    """Parse a binary COPY of fixed-width, non-null columns into a structured array, without a loop."""
    layout = [("count", ">i2")]
    for name, kind in fields:
        layout += [(f"{name}_length", ">i4"), (name, kind)]
    dtype = np.dtype(layout)
    body = data[COPY_HEADER : len(data) - 2]  # the trailer is a field count of -1
    return np.frombuffer(body, dtype=dtype, count=len(body) // dtype.itemsize)


def _load(version: int) -> FacetIndex:
    """Two sequential reads in id order: the single-valued columns with each array's length, then every
    array's values, row after row (their lengths say where each facet's values start)."""
    columns = [*SCALAR_COLUMNS, *SORT_COLUMNS]
    lengths = [f"cardinality({column})" for column in MULTI_COLUMNS]
    with connection.cursor() as cursor:
        scalars = _records(
            _copy(
                cursor,
                "SELECT recommendation_id, "
                + ", ".join([f"{column}::int4" for column in columns] + lengths)
                + " FROM search_searchentry ORDER BY recommendation_id",
            ),
            [("recommendation_id", ">i8")] + [(c, ">i4") for c in columns + MULTI_COLUMNS],
        )
        values = _records(
            _copy(
                cursor,
                f"SELECT unnest({' || '.join(MULTI_COLUMNS)}) FROM search_searchentry "
                "ORDER BY recommendation_id",
            ),
            [("value", ">i4")],
        )["value"].astype(np.int32)
    ids = scalars["recommendation_id"].astype(np.int64)
    size = len(ids)
    table = {column: scalars[column].astype(np.int32) for column in columns}
    index = FacetIndex(
        version, ids, {c: table[c] for c in SCALAR_COLUMNS}, {}, {c: table[c] for c in SORT_COLUMNS}
    )

    counts = np.stack([scalars[column].astype(np.int64) for column in MULTI_COLUMNS])  # facet × row
    row_starts = np.concatenate(([0], np.cumsum(counts.sum(axis=0))[:-1]))
    before = np.concatenate((np.zeros((1, size), dtype=np.int64), np.cumsum(counts, axis=0)[:-1]))
    for number, column in enumerate(MULTI_COLUMNS):
        lengths_f = counts[number]
        offsets = np.zeros(size + 1, dtype=np.int32)
        np.cumsum(lengths_f, out=offsets[1:])
        starts = row_starts + before[number]
        where = np.repeat(starts - offsets[:-1], lengths_f) + np.arange(offsets[-1])
        index.multi[column] = MultiColumn.build(values[where], offsets)

    # Counts over every row: the answer for an empty search, and the base that large result sets are
    # counted against (counting the few rows left out is cheaper than the many kept).
    for facet in FACETS:
        if facet.multi:
            index.rollup[facet.name] = index.multi[facet.column].count_all()
        else:
            index.rollup[facet.name] = np.bincount(index.columns[facet.column], minlength=1)
    return index


_lock = threading.Lock()
_current: FacetIndex | None = None


def database_version() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce((SELECT version FROM search_searchindexstate WHERE id = 1), 0)")
        return cursor.fetchone()[0]


def current_index() -> FacetIndex:
    """This process's facet index, reloaded first if the database's version moved on. One query.

    A refresh that commits while the index loads changes the version: the load is then repeated, so that
    the arrays always match the version they are filed under.
    """
    global _current
    version = database_version()
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        index = _current
        if index is not None and index.version == version:
            return index
        for _attempt in range(3):
            index = _load(version)
            after = database_version()
            if after == version:
                break
            version = after
        _current = index
        return index


def forget_index() -> None:
    """Drop this process's index (tests that swap databases use it)."""
    global _current
    _current = None
