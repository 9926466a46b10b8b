"""Search latency at scale: the API (results + every facet count) and the portal's search page.

    DATABASE_URL=postgres://…/bench_search .venv/bin/python benchmarks/search_latency.py [--repeat 7]

Runs against the database ``DATABASE_URL`` names, which must hold the data already. To build one with a
million recommendations (about half an hour on the 2-core reference machine, most of it the generator):

    createdb bench_search
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_reference_data
    .venv/bin/python manage.py import_recommendations ../shared/data/upr-info/*.csv --format upr-info
    .venv/bin/python manage.py generate_recommendations --count 985000
    .venv/bin/python manage.py rebuild_search_index

Each of the fixed searches below is sent through Django's test client (the whole stack: URL routing,
middleware, DRF, serialisation) ``--repeat`` times after one warm-up, with the throttle off. Nothing is
cached between requests but the facet index itself (with its counts over every row, made as it loads).
Printed per search: the number of results, API p50/p95 in ms, SQL queries per API call, the portal
page's p50 (when ``/search/`` exists), the floor — PostgreSQL's ``SELECT count(*)`` with the same
conditions on the index table, best of the repetitions — and the ratio API p50 / floor. Then the p95
over all API and all portal requests.
Targets: API p95 ≤ 150 ms, portal p95 ≤ 250 ms, ratio ≤ 2.

``--gc-freeze`` moves everything loaded so far out of the garbage collector's reach once warm (what
``gc.freeze()`` after start-up does in a server): without it, a full collection over Django's own
objects lands in some requests and adds 100–200 ms to them.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upr_tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from reference.models import Theme  # noqa: E402
from search.index import current_index  # noqa: E402
from search.selectors import SearchParams  # noqa: E402
from search.sql import count_query  # noqa: E402

# (query string, floor tsquery when websearch_to_tsquery would not say the same). "{theme:code}" is
# replaced by the id of that UPR Info issue in the database at hand.
SEARCHES = [
    ("", None),
    ("q=women", None),
    ("q=rights", None),
    ('q="death penalty"', None),
    ("q=torture", None),
    ("q=discrim", "to_tsquery('english', 'discrim:*')"),
    ("q=women violence", None),
    ("q=freedom of expression", None),
    ("q=trafficking -children", None),
    ("q=ratify OR accede", None),
    ("state_under_review=FRA", None),
    ("cycle=2", None),
    ("response=noted", None),
    ("state_under_review=FRA&response=noted", None),
    ("recommending_regional_group=weog&response=noted", None),
    ("theme={theme:death-penalty}", None),
    ("session=13&regional_group=african", None),
    ("year=2010&action_category=5", None),
    ("recommending_state=CAN&recommending_state=NOR", None),
    ("q=women&regional_group=asia_pacific&response=supported", None),
    ("q=education&cycle=1&sort=newest", None),
    ("q=children&theme={theme:rights-of-the-child}&sort=session", None),
    ("q=tortrue", None),
    ("mechanism=UPR&status=none&sort=oldest", None),
]


def resolve_themes(query: str) -> str:
    while "{theme:" in query:
        start = query.index("{theme:")
        end = query.index("}", start)
        code = query[start + 7 : end]
        theme = Theme.objects.get(scheme=Theme.Scheme.UPR_INFO, code=code)
        query = query[:start] + str(theme.pk) + query[end + 1 :]
    return query


def timed(function, repeat: int) -> list[float]:
    function()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = function()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def floor_ms(sql: str, args: list, repeat: int) -> float:
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            cursor.execute(sql, args)
            cursor.fetchone()
            best = min(best, (time.perf_counter() - started) * 1000)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() once warm, as a WSGI server set up for it does: no full collections mid-request",
    )
    options = parser.parse_args()
    repeat = options.repeat

    started = time.perf_counter()
    index = current_index()
    print(
        f"{index.size:,} recommendations indexed; facet index loaded in {time.perf_counter() - started:.1f} s"
    )
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {repeat} repetitions per search\n"
    )
    try:
        resolve("/search/")
        portal = True
    except Resolver404:
        portal = False

    client = Client()
    if options.gc_freeze:
        client.get("/api/v1/recommendations/?facets=true")
        if portal:
            client.get("/search/")
        gc.collect()
        gc.freeze()
    api_all, portal_all, rows = [], [], []
    columns = (
        ("results", 9),
        ("API p50", 8),
        ("p95", 7),
        ("SQL", 4),
        ("portal", 7),
        ("floor", 7),
        ("ratio", 6),
    )
    header = f"{'search':56}" + "".join(f" {name:>{width}}" for name, width in columns)
    print(header)
    print("-" * len(header))
    for raw_query, tsquery in SEARCHES:
        query = resolve_themes(raw_query)
        url = f"/api/v1/recommendations/?{query}&facets=true&page_size=20".replace("?&", "?")
        queries = []

        def count(execute, *args, queries=queries):
            queries.append(args[0])
            return execute(*args)

        with connection.execute_wrapper(count):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        results = response.json()["count"]
        api = timed(lambda url=url: client.get(url), repeat)
        api_all += api
        portal_ms = None
        if portal:
            page = f"/search/?{query}"
            samples = timed(lambda page=page: client.get(page), repeat)
            portal_all += samples
            portal_ms = statistics.median(samples)
        params = SearchParams.from_querydict(QueryDict(query))
        floor = floor_ms(*count_query(params, tsquery=tsquery), repeat)
        api_p50 = statistics.median(api)
        rows.append((raw_query, api_p50, floor))
        shown = raw_query or "(everything)"
        portal_text = f"{portal_ms:7.1f}" if portal_ms is not None else "      –"
        print(
            f"{shown[:56]:56} {results:>9,} {api_p50:8.1f} {percentile(api, 0.95):7.1f} "
            f"{len(queries):>4} {portal_text} {floor:7.1f} {api_p50 / floor:6.2f}"
        )
    print()
    print(f"API p95 over all {len(api_all)} requests: {percentile(api_all, 0.95):.1f} ms (target ≤ 150)")
    if portal_all:
        print(
            f"portal p95 over all {len(portal_all)} requests: "
            f"{percentile(portal_all, 0.95):.1f} ms (target ≤ 250)"
        )
    within = sum(1 for _query, api_p50, floor in rows if api_p50 <= 2 * floor)
    print(f"searches within twice the floor: {within} of {len(rows)}")


if __name__ == "__main__":
    throttle_off = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}
    with override_settings(
        REST_FRAMEWORK=throttle_off, ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]
    ):
        main()
