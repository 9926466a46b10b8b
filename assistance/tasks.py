"""Background work of the assistance. Tasks take ids and call one service or training function."""

from celery import shared_task
from django.conf import settings
from django.db.models import Q

from recommendations.models import Recommendation

from . import services, suggesters
from .datasets import count_tagged, load_examples
from .models import Kind, SuggesterModel, Suggestion

SWEEP_SIZE = 20_000


@shared_task
def suggest_for_recommendations_task(recommendation_ids: list[int]) -> dict:
    return dict(services.suggestions_create(recommendation_ids=recommendation_ids))


@shared_task
def find_related_task(recommendation_ids: list[int]) -> dict:
    return dict(services.related_links_update(recommendation_ids=recommendation_ids))


@shared_task
def train_suggesters_task() -> list[str]:
    """Train new versions, then let them redo the suggestions still waiting for a decision."""
    models = suggesters.train_all(load_examples())
    waiting = Suggestion.objects.pending().values_list("recommendation_id", flat=True).distinct()
    services.suggestions_create(recommendation_ids=list(waiting))
    return [str(model) for model in models]


def new_since_training() -> int:
    """Recommendations tagged since the newest theme model was trained, or decided on in the queue since:
    what a retraining would learn that the current model has not seen. Four queries."""
    latest = SuggesterModel.objects.latest_of(Kind.THEME)
    if latest is None:
        return count_tagged()["theme"]
    decided = (
        Suggestion.objects.filter(decided_at__gt=latest.trained_at)
        .values("recommendation_id")
        .distinct()
        .count()
    )
    return max(count_tagged()["theme"] - latest.training_size, 0) + decided


@shared_task
def retrain_suggesters_if_needed_task() -> list[str]:
    """Beat: retrain once ``ASSISTANCE_RETRAIN_AFTER`` recommendations were tagged since the last model."""
    if new_since_training() < settings.ASSISTANCE_RETRAIN_AFTER:
        return []
    return train_suggesters_task()


@shared_task
def assist_new_recommendations_task() -> int:
    """Beat: suggestions and related recommendations for recommendations the assistance has not processed
    yet (imported, entered in the administration), ``SWEEP_SIZE`` at a time. Suggestions wait for a first
    trained model. Returns how many recommendations it processed."""
    unseen = Q(assistance__isnull=True) | Q(assistance__related_at__isnull=True)
    if SuggesterModel.objects.exists():
        unseen |= Q(assistance__suggested_at__isnull=True)
    ids = list(Recommendation.objects.filter(unseen).order_by("id").values_list("id", flat=True)[:SWEEP_SIZE])
    if ids:
        services.suggestions_create(recommendation_ids=ids)
        services.related_links_update(recommendation_ids=ids)
    return len(ids)
