"""The project's Celery app for the real-worker tests, every report row slowed down by ROW_DELAY seconds.

``celery -A tests.reports.slow_worker worker`` runs the project's tasks unchanged; only the progress
counter sleeps (and writes every row), so a job lasts long enough to watch it run, or to kill its
worker in the middle of it, whatever the machine's speed.
"""

import os
import time

from celery.signals import worker_ready

from upr_tracker.celery import app

ROW_DELAY = float(os.environ.get("REPORTS_TEST_ROW_DELAY", "0.2"))
# Look for messages of dead workers every second (settings give the visibility timeout).
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}


# A test's own queue for everything this worker sends (the jobs beat re-queues), and beat sends only
# the sweep of jobs whose heartbeat stopped.
if os.environ.get("REPORTS_TEST_QUEUE"):
    app.conf.task_default_queue = os.environ["REPORTS_TEST_QUEUE"]
    app.conf.beat_schedule = {
        name: entry for name, entry in app.conf.beat_schedule.items() if name == "reports-requeue-stale"
    }


@worker_ready.connect
def _slow_down_rows(**kwargs):
    from reports.progress import Progress

    advance = Progress.advance

    def slow_advance(self, rows=1):
        time.sleep(ROW_DELAY * rows)
        self.every, self.interval = 1, 0
        advance(self, rows)

    Progress.advance = slow_advance


__all__ = ["app"]
