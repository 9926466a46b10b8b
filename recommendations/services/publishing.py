"""Publishing recommendations, and withdrawing them from the public."""

from django.db import transaction
from django.utils import timezone

from ..models import Recommendation


@transaction.atomic
def recommendations_publish(*, recommendations, publish: bool, by) -> int:
    """Publish (or withdraw from the public) these recommendations; returns how many changed.

    Each change is on the audit record, and the search index follows once it commits. A withdrawal
    refreshes the index in this transaction instead: what is no longer public must not be counted or
    found for a moment longer (one refresh of the changed rows, inside the admin's request).
    """
    from search.services import search_index_refresh, search_index_refresh_later
    from tracking.audit import audit_record

    changing = list(recommendations.exclude(is_published=publish).select_for_update(of=("self",)))
    Recommendation.objects.filter(pk__in=[r.pk for r in changing]).update(
        is_published=publish, updated_by=by, updated_at=timezone.now()
    )
    for recommendation in changing:
        audit_record(
            action="recommendations.recommendation." + ("published" if publish else "unpublished"),
            actor=by,
            obj=recommendation,
            changes={"is_published": [not publish, publish]},
        )
    if publish:
        search_index_refresh_later(r.pk for r in changing)
    elif changing:
        search_index_refresh(recommendation_ids=[r.pk for r in changing])
    return len(changing)
