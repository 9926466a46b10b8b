"""How fast a ministry's reporting workbook downloads, previews and confirms at 2,000 rows.

    .venv/bin/python benchmarks/workbook.py [--rows 2000] [--rounds 3]

Runs against the server in ``DATABASE_URL`` in a database of its own, ``bench_workbook``, created,
migrated and filled the first time and kept for the next runs: ``--rows`` synthetic recommendations
assigned to one ministry, a third of them with a draft, a fifth with a published report, a quarter with
one indicator and a tenth with two more. Each round goes through the whole Django stack (test client,
signed in as the ministry's focal point):

- download: ``GET /tracking/workbook/download/`` (target < 5 s);
- preview: ``POST /tracking/workbook/upload/`` of the same workbook with half of its rows changed by
  openpyxl, as a person would, one of them with a status that does not exist (target < 10 s);
- confirm: ``POST …/confirm/`` with the refused row left out. Above 100 rows the request plans the
  workbook again and hands the writing to a worker through the outbox (target < 10 s: well inside a web
  request's timeout);
- worker: what the worker then does, timed in this process: the accepted half written as drafts through
  the tracking services (no target). Rolled back, so every round starts from the same data.

The best of ``--rounds`` is kept; the load average is printed with the figures.
"""

import argparse
import io
import os
import time

from bench_database import bench_database_url, create_database, setup_django

DATABASE = "bench_workbook"
MINISTRY = "Benchmark Ministry of Justice"


def _prepare(rows: int):
    """The ministry, its focal point and ``rows`` assignments with drafts, reports and indicators."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from indicators.models import Indicator
    from institutions.models import Assignment, Institution, Membership
    from recommendations.models import Recommendation
    from tracking.models import StatusUpdate

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    ministry, _ = Institution.objects.get_or_create(name=MINISTRY, defaults={"branch": "executive"})
    focal, _ = get_user_model().objects.get_or_create(username="bench.focal")
    Membership.objects.get_or_create(user=focal, institution=ministry, role=Membership.Role.FOCAL_POINT)
    missing = rows - Assignment.objects.filter(institution=ministry).count()
    if missing > 0:
        call_command("generate_recommendations", count=missing, seed=19, verbosity=0)
        fresh = list(
            Recommendation.objects.exclude(assignments__institution=ministry).order_by("id")[:missing]
        )
        today = timezone.localdate()
        Assignment.objects.bulk_create(
            Assignment(recommendation=r, institution=ministry, deadline=today) for r in fresh
        )
        updates, indicators = [], []
        for n, recommendation in enumerate(fresh):
            common = {"recommendation": recommendation, "institution": ministry, "status": "in_progress"}
            if n % 3 == 0:
                updates.append(StatusUpdate(narrative=f"Draft report {n}.", **common))
            if n % 5 == 0:
                updates.append(
                    StatusUpdate(
                        narrative=f"Published report {n}.",
                        state="published",
                        published_at=timezone.now(),
                        **common,
                    )
                )
            count = 3 if n % 10 == 0 else 1 if n % 4 == 0 else 0
            for k in range(count):
                indicators.append(
                    Indicator(
                        recommendation=recommendation,
                        title=f"Indicator {k + 1} of recommendation {n}",
                        unit="%",
                        baseline_value=20,
                        baseline_year=2020,
                        target_value=80,
                        responsible_institution=ministry,
                    )
                )
        StatusUpdate.objects.bulk_create(updates)
        Indicator.objects.bulk_create(indicators)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return focal


def _fill(content: bytes) -> bytes:
    """Half of the rows changed as a person would; one status that does not exist."""
    from openpyxl import load_workbook

    from tracking.workbook.writer import FIELD_COLUMN, FIRST_INDICATOR, KEY_HEADER

    workbook = load_workbook(io.BytesIO(content))
    sheet = next(s for s in workbook.worksheets if s.cell(1, 1).value == KEY_HEADER)
    for number in range(2, sheet.max_row + 1, 2):
        sheet.cell(number, FIELD_COLUMN["status"] + 1).value = "Partially implemented"
        sheet.cell(number, FIELD_COLUMN["narrative"] + 1).value = f"Reported offline, row {number}."
        if sheet.cell(number, FIRST_INDICATOR + 1).value:
            sheet.cell(number, FIRST_INDICATOR + 2).value = 50
    sheet.cell(3, FIELD_COLUMN["status"] + 1).value = "Nearly there"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    url = bench_database_url(DATABASE)
    create_database(url, DATABASE)
    setup_django(url)
    focal = _prepare(options.rows)

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client

    from tracking.models import WorkbookUpload
    from tracking.workbook.services import workbook_upload_confirm_queued

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(focal)
    timings = {"download": [], "preview": [], "confirm": [], "worker": []}
    client.get("/tracking/workbook/")  # the page a person opens first: a warm process, as a server is
    print(f"load average {os.getloadavg()[0]:.2f} (before)")
    for _round in range(options.rounds):
        start = time.perf_counter()
        response = client.get("/tracking/workbook/download/")
        timings["download"].append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        content = response.content
        filled = _fill(content)
        with transaction.atomic():
            start = time.perf_counter()
            response = client.post(
                "/tracking/workbook/upload/", {"file": SimpleUploadedFile("bench.xlsx", filled)}
            )
            timings["preview"].append(time.perf_counter() - start)
            assert response.status_code == 302, response.content[:300]
            upload = WorkbookUpload.objects.latest("id")
            counts = upload.summary["counts"]
            refused = [r["row"] for r in upload.summary["rows"] if r["outcome"] == "refused"]
            start = time.perf_counter()
            client.post(f"/tracking/workbook/uploads/{upload.pk}/confirm/", {"leave_out": refused})
            timings["confirm"].append(time.perf_counter() - start)  # the request: plans and queues
            upload.refresh_from_db()
            assert upload.state == WorkbookUpload.State.CONFIRMING, upload.state
            start = time.perf_counter()
            workbook_upload_confirm_queued(upload.pk)  # what the worker does, timed in this process
            timings["worker"].append(time.perf_counter() - start)
            written = upload.updates.count()
            transaction.set_rollback(True)
    print(f"load average {os.getloadavg()[0]:.2f} (after)")
    print(f"workbook: {options.rows} rows, {len(content) / 1024:.0f} KB; preview counts {counts}")
    targets = {"download": 5.0, "preview": 10.0, "confirm": 10.0, "worker": None}
    for name, values in timings.items():
        best = min(values)
        target = targets[name]
        verdict = "–" if target is None else ("met" if best < target else "MISSED")
        extra = f", {written} drafts written" if name == "worker" else ""
        print(
            f"{name:9} best {best:6.2f} s  (all: {', '.join(f'{v:.2f}' for v in values)}){extra}  "
            f"target {'< ' + str(target) + ' s' if target else 'none'}: {verdict}"
        )


if __name__ == "__main__":
    main()
