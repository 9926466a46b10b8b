"""A running job's lease: its worker renews a heartbeat; a job whose heartbeat stops goes back to the queue.

A worker killed with -9 (or a machine lost) cannot say its job failed, and the broker hands the
unacknowledged message to another worker only after its visibility timeout (two hours). So each run
holds a lease on its job: a thread of the worker writes ``heartbeat_at`` every quarter of
``REPORTS_LEASE_SECONDS``, on a connection of its own (the report itself is read in one long
transaction, whose writes nobody would see). Celery beat runs ``services.report_jobs_requeue_stale``,
which puts a running job whose heartbeat is older than the lease back in the queue; it runs again from
the start. A run is known by its attempt number: a run whose job was handed to another attempt has
lost its lease, stops at its next row (``LeaseLost``) and writes nothing more on the job.
"""

import threading

from django.db import DEFAULT_DB_ALIAS, connections

from .models import ReportJob


class LeaseLost(Exception):
    """This run's job was given to another run: stop without touching the job."""


class Lease:
    def __init__(self, job_id: int, attempt: int, *, seconds: float):
        self.job_id = job_id
        self.attempt = attempt
        self.every = max(seconds / 4, 0.1)
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"report-lease-{job_id}", daemon=True)

    def __enter__(self) -> "Lease":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        if self.lost:
            raise LeaseLost(f"report job {self.job_id}: attempt {self.attempt} was superseded")

    def _beat(self) -> None:
        connection = connections.create_connection(DEFAULT_DB_ALIAS)
        table = ReportJob._meta.db_table
        renew = f"UPDATE {table} SET heartbeat_at = now() WHERE id = %s AND attempts = %s AND status = %s"
        try:
            while not self._stop.wait(self.every):
                with connection.cursor() as cursor:
                    cursor.execute(renew, [self.job_id, self.attempt, ReportJob.Status.RUNNING])
                    if cursor.rowcount:
                        continue
                    # Not renewed: superseded, or a row this connection cannot see (a test's transaction).
                    cursor.execute(f"SELECT attempts, status FROM {table} WHERE id = %s", [self.job_id])
                    row = cursor.fetchone()
                    if row is not None and tuple(row) != (self.attempt, ReportJob.Status.RUNNING):
                        self.lost = True
                        return
        finally:
            connection.close()
