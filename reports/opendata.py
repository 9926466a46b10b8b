"""The open-data dump: every public recommendation in the tracker's native template (``importers.native``).

``native.export_rows`` builds each row from model instances and prefetched relations, about a
thousand rows a second: a million-row dump would take a quarter of an hour. Here PostgreSQL formats
the rows itself and ``COPY … TO STDOUT`` streams them to disk, in ranges of ``CHUNK_IDS`` ids, two
ranges at a time on two connections (PostgreSQL then uses both cores), every connection reading the
same snapshot. Ranges go to files in a scratch folder and are appended in order: the worker's memory
holds a copy buffer, whatever the size of the dump.

The columns, their order and every value's spelling are those of ``native.export_rows``, which stays
the reference: the tests compare both on the same data, and the dump imports back with
``import_recommendations --format native``. (CSV quoting may differ — COPY quotes empty strings —
which no CSV reader sees; and texts that could run as formulas are defused, ``upr_tracker.cells``, as
the native importer expects.) JSON and XLSX are converted from that CSV, row by row.
"""

import contextlib
import csv
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection, transaction
from django.db.models import QuerySet

from recommendations.importers import native
from recommendations.models import Recommendation
from upr_tracker.cells import formula_defuse_sql, formula_restore

COLUMNS = native.COLUMNS
CHUNK_IDS = 50_000
CONNECTIONS = 2
_RANGE = "BETWEEN %(low)s AND %(high)s"
# (alias, link table, vocabulary table, key, value, order as the models' Meta.ordering, extra join)
_LISTS = [
    ("recommending_states", "reference_state", "state_id", "y.iso3", "y.name, y.id", ""),
    ("themes", "reference_theme", "theme_id", "y.scheme || ':' || y.code", "y.scheme, y.code, y.id", ""),
    ("affected_groups", "reference_affectedgroup", "affectedgroup_id", "y.code", "y.name, y.id", ""),
    ("sdg_goals", "reference_sdggoal", "sdggoal_id", "y.number::text", "y.number, y.id", ""),
    (
        "sdg_targets",
        "reference_sdgtarget",
        "sdgtarget_id",
        "y.code",
        "g.number, y.ordering, y.id",
        "JOIN reference_sdggoal g ON g.id = y.goal_id",
    ),
]


def _aggregate(alias: str, rows_sql: str, opening: str = "", closing: str = "", separator: str = ";") -> str:
    """A LEFT JOIN of ``alias``: the values of ``rows_sql`` (sorted by id, then order) joined per id.

    The input is sorted in a subquery rather than with ``string_agg(… ORDER BY …)``: PostgreSQL 15
    sorts every group of an ordered aggregate on its own, which cost more than all the rest.
    """
    return (
        f"LEFT JOIN (SELECT id, '{opening}' || string_agg(v, '{separator}') || '{closing}' AS v "
        f"FROM ({rows_sql}) s GROUP BY id) {alias} ON {alias}.id = r.id"
    )


_JOINS = "\n".join(
    _aggregate(
        alias,
        f"SELECT x.recommendation_id AS id, {value} AS v FROM recommendations_recommendation_{alias} x "
        f"JOIN {table} y ON y.id = x.{key} {extra} WHERE x.recommendation_id {_RANGE} ORDER BY 1, {order}",
    )
    for alias, table, key, value, order, extra in _LISTS
)
# Parts and translations as json.dumps(…, ensure_ascii=False) writes them; to_json escapes as it does.
_PARTS = _aggregate(
    "parts",
    """SELECT recommendation_id AS id, format('{"position": %%s, "text": %%s, "response": %%s}', position,
    to_json(text), to_json(response)) AS v FROM recommendations_recommendationpart
    WHERE recommendation_id """
    + _RANGE
    + " ORDER BY recommendation_id, position",
    "[",
    "]",
    ", ",
)
_TRANSLATIONS = _aggregate(
    "translations",
    "SELECT recommendation_id AS id, to_json(language)::text || ': ' || to_json(text)::text AS v "
    f"FROM recommendations_translation WHERE recommendation_id {_RANGE} ORDER BY recommendation_id, language",
    "{",
    "}",
    ", ",
)
_SQL = f"""COPY (
SELECT r.public_id, r.source, {formula_defuse_sql("coalesce(r.source_key, '')")}, m.code, s.iso3,
       coalesce(se.number::text, ''), {formula_defuse_sql("v.document_symbol")},
       coalesce(to_char(v.date, 'YYYY-MM-DD'), ''), v.year::text, {formula_defuse_sql("r.paragraph")},
       {formula_defuse_sql("r.text")},
       r.language, coalesce(recommending_states.v, ''), r.response, coalesce(r.action_category::text, ''),
       coalesce(themes.v, ''), coalesce(affected_groups.v, ''), coalesce(sdg_goals.v, ''),
       coalesce(sdg_targets.v, ''), coalesce(parts.v, ''), coalesce(translations.v, ''),
       CASE WHEN r.is_published THEN '{native.YES}' ELSE '{native.NO}' END
FROM recommendations_recommendation r
JOIN recommendations_review v ON v.id = r.review_id
JOIN reference_mechanism m ON m.id = v.mechanism_id
JOIN reference_state s ON s.id = v.state_id
LEFT JOIN reference_session se ON se.id = v.session_id
{_JOINS}
{_PARTS}
{_TRANSLATIONS}
WHERE r.id {_RANGE} AND r.id IN ({{ids}})
ORDER BY r.id
) TO STDOUT WITH (FORMAT csv)"""


def _copy_range(sql: str, params: dict, snapshot: str | None, path: Path) -> int:
    """COPY one id range into ``path``; returns its rows.

    With a ``snapshot``, on this thread's own connection, reading what the exporter's snapshot shows.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if snapshot:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            cursor.execute("SET LOCAL jit = off")  # compiling the plan costs a second and saves nothing
            with open(path, "wb") as stream:
                cursor.cursor.copy_expert(cursor.cursor.mogrify(sql, params).decode(), stream)
            return cursor.cursor.rowcount
    finally:
        if snapshot:
            connection.close()


def _range_sql(recommendations: QuerySet[Recommendation], low: int, high: int) -> str:
    """The COPY statement for one id range, the queryset's own filter restricted to the range too."""
    ids = recommendations.order_by().filter(pk__gte=low, pk__lte=high).values("pk")
    ids_sql, ids_params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        return _SQL.replace("{ids}", cursor.mogrify(ids_sql, ids_params).decode().replace("%", "%%"))


def write_csv(
    recommendations: QuerySet[Recommendation], path, progress: Callable[[int], None], *, parallel: bool = True
) -> int:
    """Write the dump of ``recommendations`` as CSV (UTF-8 with BOM, header first) to ``path``.

    Calls ``progress(rows)`` after each range; returns the number of rows. Runs inside the caller's
    transaction; ``parallel`` adds a second connection reading its snapshot, which sees committed
    data only: leave it off inside a transaction that wrote what the dump must contain (tests).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM recommendations_recommendation")
        low, high = cursor.fetchone()
        snapshot = None
        if parallel:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
    ranges = (
        [] if low is None else [(start, start + CHUNK_IDS - 1) for start in range(low, high + 1, CHUNK_IDS)]
    )
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerow(COLUMNS)
    directory = Path(path).parent
    with tempfile.TemporaryDirectory(dir=directory) as scratch, ThreadPoolExecutor(CONNECTIONS) as pool:
        ranges_sql = [
            (_range_sql(recommendations, a, b), {"low": a, "high": b}, snapshot, Path(scratch) / f"{a}.csv")
            for a, b in ranges
        ]
        # In parallel, the pool copies ranges ahead into the scratch folder; alone, one after the other.
        copied = (pool.map if parallel else map)(lambda arguments: _copy_range(*arguments), ranges_sql)
        rows = 0
        with open(path, "ab") as stream:
            for count, (*_, part) in zip(copied, ranges_sql, strict=True):
                rows += count
                with open(part, "rb") as chunk:
                    shutil.copyfileobj(chunk, stream)
                part.unlink()
                progress(rows)
    return rows


def read_csv(path) -> Iterator[list[str]]:
    """The dump's rows back from its CSV, header excluded, texts as written (no formula defusing):
    what JSON and XLSX are written from."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader, None)
        for row in reader:
            yield [formula_restore(value) for value in row]


@contextlib.contextmanager
def csv_dump(
    recommendations: QuerySet[Recommendation], directory, progress: Callable[[int], None], **options
):
    """A temporary CSV dump in ``directory``, for the formats converted from it."""
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".csv") as scratch:
        write_csv(recommendations, scratch.name, progress, **options)
        yield scratch.name
