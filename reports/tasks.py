from celery import shared_task

from . import services

SOFT_LIMIT, HARD_LIMIT = services.report_time_limits()


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_LIMIT,
    time_limit=HARD_LIMIT,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=3,
)
def report_generate_task(self, job_id: int) -> None:
    """Generate a report job's file. Acknowledged only when done: if the worker dies, another runs it."""
    services.report_job_run(job_id=job_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task
def report_files_expire_task() -> int:
    """Run by Celery beat every hour."""
    return services.report_files_delete_expired()


@shared_task
def report_jobs_requeue_stale_task() -> int:
    """Run by Celery beat every ``REPORTS_SWEEP_SECONDS``: jobs whose worker died run again."""
    return services.report_jobs_requeue_stale()
