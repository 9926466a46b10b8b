"""The same search as one plain SQL ``count(*)`` on ``SearchEntry``: a reference, not the engine.

The tests check the engine's totals and facet counts against it, and the benchmark times it as the
floor: what PostgreSQL alone needs just to count the matching rows with its indexes (GIN on the
document and on the main arrays, B-trees on the main columns).

Free text is ``websearch_to_tsquery('english', q)`` unless ``tsquery`` (an SQL expression) is given:
the engine's completion of unknown words ("discrim") has no plain-SQL equivalent.
"""

from django.db import connection

from .facets import FACETS_BY_NAME, Vocabulary
from .selectors import SearchParams, _codes


def count_query(
    params: SearchParams, *, tsquery: str | None = None, without: str | None = None
) -> tuple[str, list]:
    """(SQL, parameters) counting the matches of ``params``, ignoring facet ``without`` if given."""
    conditions, args = [], []
    if params.q:
        conditions.append(f"document @@ {tsquery or 'websearch_to_tsquery(%s::regconfig, %s)'}")
        if not tsquery:
            args += ["english", params.q]
    for name, codes in _codes(params, Vocabulary.load()).items():
        if name == without:
            continue
        facet = FACETS_BY_NAME[name]
        operator = "&&" if facet.multi else "= ANY"
        conditions.append(f"{facet.column} {operator} (%s::int[])")
        args.append(codes.tolist())
    where = " AND ".join(conditions) or "true"
    return f"SELECT count(*) FROM search_searchentry WHERE {where}", args


def count(params: SearchParams, **options) -> int:
    sql, args = count_query(params, **options)
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchone()[0]


def facet_counts(params: SearchParams, facet_name: str) -> dict[int, int]:
    """One facet's counts under every other selection, grouped in SQL (slow at scale: tests only)."""
    facet = FACETS_BY_NAME[facet_name]
    sql, args = count_query(params, without=facet_name)
    value = f"unnest({facet.column})" if facet.multi else facet.column
    grouped = sql.replace(
        "SELECT count(*) FROM search_searchentry", f"SELECT {value}, count(*) FROM search_searchentry"
    )
    with connection.cursor() as cursor:
        cursor.execute(grouped + " GROUP BY 1", args)
        return dict(cursor.fetchall())
