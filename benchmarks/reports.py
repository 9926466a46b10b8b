"""How fast reports are generated, and how much memory the worker needs for them.

    .venv/bin/python benchmarks/reports.py [--count 1000000] [--grid 10000]

Runs against the server in ``DATABASE_URL`` in a database of its own, ``bench_reports``, created,
migrated and loaded the first time and kept for the next runs (filling it takes about three minutes;
``BENCH_REPORTS_DATABASE`` names another):

- ``generate_recommendations --count COUNT``: published synthetic UPR recommendations;
- a CRC review of Kenya with exactly GRID published recommendations, each with recommending states,
  themes, a lead institution and a published status update with an evidence link, which is the
  scope of the national report grid measured.

Each report runs as the worker runs it (``report_job_run``), in a fresh process of its own, so that
its peak resident memory (``ru_maxrss``) is the report's alone. Targets on the 2-core reference machine:
grid of 10,000 in XLSX ≤ 15 s, DOCX ≤ 30 s and PDF ≤ 60 s with a peak that does not grow with the rows
(the PDF is laid out as its rows are read); open-data CSV of 1,000,000 at ≥ 50,000 rows/s with a peak
under 250 MB that does not grow with the rows (compare ``--count 100000``).
"""

import argparse
import json
import os
import subprocess
import sys
import time

from bench_database import bench_database_url, create_database, setup_django

DATABASE = os.environ.get("BENCH_REPORTS_DATABASE", "bench_reports")
BENCH_SYMBOL = "CRC/C/KEN/CO/BENCH"


def _prepare(count: int, grid: int) -> None:
    """Create and fill the benchmark database, adding only what is missing."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    call_command("generate_recommendations", count=count, verbosity=0)
    _bench_grid(grid)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _bench_grid(size: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from institutions.models import Assignment, Institution
    from recommendations.models import Recommendation, Review
    from reference.models import Mechanism, State, Theme
    from tracking.models import EvidenceLink, StatusUpdate

    kenya = State.objects.get(iso3="KEN")
    review, _ = Review.objects.get_or_create(
        state=kenya,
        mechanism=Mechanism.objects.get(code="CRC"),
        document_symbol=BENCH_SYMBOL,
        defaults={"year": 2016},
    )
    if review.recommendations.count() == size:
        return
    with transaction.atomic():
        review.recommendations.all().delete()
        justice, _ = Institution.objects.get_or_create(
            name="Ministry of Justice (benchmark)", defaults={"branch": Institution.Branch.EXECUTIVE}
        )
        states = list(State.objects.order_by("name")[:40])
        themes = list(Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO)[:20])
        statuses = ["not_started", "in_progress", "partially", "fully"]
        recommendations = Recommendation.objects.bulk_create(
            Recommendation(
                review=review,
                paragraph=f"{100 + n // 100}.{n % 100 + 1}",
                text=f"Adopt measures on the rights of the child, recommendation {n} — état, права, 权利.",
                response="supported" if n % 4 else "noted",
                is_published=True,
            )
            for n in range(size)
        )
        through_states = Recommendation.recommending_states.through
        through_states.objects.bulk_create(
            through_states(recommendation=r, state=states[n % len(states)])
            for n, r in enumerate(recommendations)
        )
        through_themes = Recommendation.themes.through
        through_themes.objects.bulk_create(
            through_themes(recommendation=r, theme=themes[n % len(themes)])
            for n, r in enumerate(recommendations)
        )
        Assignment.objects.bulk_create(
            Assignment(recommendation=r, institution=justice) for r in recommendations
        )
        now = timezone.now()
        updates = StatusUpdate.objects.bulk_create(
            StatusUpdate(
                recommendation=r,
                institution=justice,
                status=statuses[n % 4],
                narrative="A bill was tabled; consultations were held in every county.",
                state=StatusUpdate.State.PUBLISHED,
                published_at=now,
            )
            for n, r in enumerate(recommendations)
        )
        EvidenceLink.objects.bulk_create(
            EvidenceLink(status_update=u, url=f"https://example.org/evidence/{u.pk}", title="Report")
            for u in updates
        )


def _run_one(kind: str, fmt: str, scope: dict) -> dict:
    """Generate one report as the worker does; in this (fresh) process."""
    import resource

    from accounts.models import User
    from reports.models import ReportJob
    from reports.services import report_job_run

    user, _ = User.objects.get_or_create(username="benchmark", defaults={"is_coordinator": True})
    job = ReportJob.objects.create(kind=kind, fmt=fmt, scope=scope, requested_by=user)
    started = time.perf_counter()
    report_job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    result = {
        "kind": kind,
        "format": fmt,
        "status": job.status,
        "error": job.error,
        "rows": job.rows_done,
        "seconds": round(seconds, 2),
        "rows_per_second": round(job.rows_done / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "file_mb": round((job.file_size or 0) / 1e6, 1),
    }
    if job.file:
        job.file.delete()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="synthetic recommendations (open data)")
    parser.add_argument("--grid", type=int, default=10_000, help="recommendations in the grid's scope")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "FORMAT", "SCOPE"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    url = bench_database_url(DATABASE)
    if options.one:
        setup_django(url)
        kind, fmt, scope = options.one
        print(json.dumps(_run_one(kind, fmt, json.loads(scope))))
        return
    create_database(url, DATABASE)
    setup_django(url)
    _prepare(options.count, options.grid)
    grid = {"state": "KEN", "mechanism": "CRC", "published_only": True}
    runs = [
        ("grid", "xlsx", grid, "≤ 15 s"),
        ("grid", "docx", grid, "≤ 30 s"),
        ("grid", "pdf", grid, "≤ 60 s, flat memory"),
        ("open_data", "csv", {"published_only": True}, "≥ 50,000 rows/s, < 250 MB"),
    ]
    print(f"load average {os.getloadavg()[0]:.2f}")
    for kind, fmt, scope, target in runs:
        command = [sys.executable, __file__, "--one", kind, fmt, json.dumps(scope)]
        result = json.loads(
            subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
        )
        print(
            f"{kind:<10} {fmt:<5} {result['rows']:>9,} rows {result['seconds']:>7.2f} s "
            f"{result['rows_per_second']:>8,} rows/s  peak RSS {result['peak_rss_mb']:>4} MB  "
            f"file {result['file_mb']:>6} MB  {result['status']}  target {target}"
        )


if __name__ == "__main__":
    main()
