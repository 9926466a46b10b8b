from celery import shared_task

from .services import search_index_refresh


@shared_task
def search_index_refresh_task(*, recommendation_ids: list[int] | None = None) -> int:
    """``search_index_refresh`` in a worker; enqueue it with ``services.search_index_refresh_later``."""
    return search_index_refresh(recommendation_ids=recommendation_ids)
