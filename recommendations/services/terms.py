"""Vocabulary terms an import created: kept, or merged into an existing one."""

from django.db import transaction

from reference.models import Theme

from ..models import Recommendation


@transaction.atomic
def recommendations_term_merge(*, term, into, by) -> int:
    """Merge a theme or affected group (one an import created unreviewed, typically) into another of
    its kind: every recommendation tagged with ``term`` is tagged with ``into`` instead, sub-themes move
    under ``into``, and ``term`` is deleted. Returns how many recommendations moved. On the audit
    record; the search index follows once it commits."""
    from search.services import search_index_refresh_later
    from tracking.audit import audit_record

    if type(term) is not type(into) or term.pk == into.pk:
        raise ValueError("merge a term into another term of the same kind")
    if isinstance(term, Theme) and term.scheme != into.scheme:
        raise ValueError("merge a theme into a theme of the same scheme")
    name = "themes" if isinstance(term, Theme) else "affected_groups"
    model_field = Recommendation._meta.get_field(name)
    through = model_field.remote_field.through.objects
    column, other = model_field.m2m_column_name(), model_field.m2m_reverse_name()
    moved = list(through.filter(**{other: term.pk}).values_list(column, flat=True))
    has_into = set(through.filter(**{other: into.pk, f"{column}__in": moved}).values_list(column, flat=True))
    through.bulk_create([through.model(**{column: pk, other: into.pk}) for pk in moved if pk not in has_into])
    through.filter(**{other: term.pk}).delete()
    if isinstance(term, Theme):
        Theme.objects.filter(parent=term).update(parent=into)
    audit_record(
        action=f"reference.{'theme' if isinstance(term, Theme) else 'affected_group'}.merged",
        actor=by,
        obj=into,
        changes={"merged": [str(term), str(into)], "recommendations": len(moved)},
    )
    term.delete()
    search_index_refresh_later(moved)
    return len(moved)


def recommendations_term_keep(*, term, by) -> None:
    """Mark a term an import created as reviewed: the coordinator keeps it as it is."""
    from tracking.audit import audit_record

    type(term).objects.filter(pk=term.pk).update(is_reviewed=True)
    audit_record(
        action=f"reference.{'theme' if isinstance(term, Theme) else 'affected_group'}.reviewed",
        actor=by,
        obj=term,
        changes={"is_reviewed": [False, True]},
    )
