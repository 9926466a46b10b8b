"""A job's progress, written as rows go by, where the progress bar sees it at once.

The report is read in one transaction (one consistent picture of the data), so progress written on
the same connection would stay invisible until the end. It goes through a connection of its own,
in autocommit, every ``every`` rows and at most once a second.
"""

import time
from collections.abc import Iterable, Iterator

from django.db import DEFAULT_DB_ALIAS, connections

from .models import ReportJob

MAX_RUNNING_PERCENT = 99  # 100 means the file is there


class Progress:
    def __init__(self, job_id: int, *, every: int = 500, interval: float = 1.0, lease=None):
        self.job_id = job_id
        self.lease = lease  # a ``reports.lease.Lease``: a superseded run stops at its next row
        self.every = every
        self.interval = interval
        self.total: int | None = None
        self.done = 0
        self._written_at = 0.0
        self._written_rows = 0
        self._connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def start(self, total: int) -> None:
        self.total = total
        self.write()

    def advance(self, rows: int = 1) -> None:
        if self.lease is not None:
            self.lease.check()
        self.done += rows
        if (
            self.done - self._written_rows >= self.every
            and time.monotonic() - self._written_at >= self.interval
        ):
            self.write()

    def reached(self, rows: int) -> None:
        self.advance(rows - self.done)

    def rows(self, rows: Iterable) -> Iterator:
        """``rows``, counting each one as it is written."""
        for row in rows:
            yield row
            self.advance()

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(MAX_RUNNING_PERCENT, 100 * self.done // self.total)

    def write(self) -> None:
        table = ReportJob._meta.db_table
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET rows_done = %s, rows_total = %s, progress = %s "
                "WHERE id = %s AND status = %s",
                [self.done, self.total, self.percent, self.job_id, ReportJob.Status.RUNNING],
            )
        self._written_at, self._written_rows = time.monotonic(), self.done

    def close(self) -> None:
        self._connection.close()
