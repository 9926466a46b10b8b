"""Admin building blocks shared by every app."""

from search.services import search_index_refresh_later

from .db import Tracked


def _stamp(obj, user) -> None:
    """Record ``user`` as the last editor of ``obj``, and as its author if it is new."""
    if not isinstance(obj, Tracked):
        return
    if obj._state.adding:
        obj.created_by = user
    obj.updated_by = user


class TrackedAdminMixin:
    """Records who created and last changed a ``Tracked`` row, in the main form and in its inlines.

    ``created_by``/``updated_by`` are not editable, so the admin's forms never set them; this is the one
    place that does. Put it first: ``class ThemeAdmin(TrackedAdminMixin, admin.ModelAdmin)``. Inline
    rows are stamped through ``save_formset``, so inlines need nothing themselves.
    """

    def save_model(self, request, obj, form, change):
        _stamp(obj, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            _stamp(obj, request.user)
            obj.save()
        formset.save_m2m()


class SearchIndexedAdminMixin:
    """Edits in the admin change what the public finds, like the services' edits do: once the change
    commits, the search index rows of the recommendations concerned are refreshed.

    ``indexed_recommendation_ids(obj)`` names them; the default is the row itself (a recommendation).
    """

    def indexed_recommendation_ids(self, obj) -> list[int]:
        return [obj.pk]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search_index_refresh_later(self.indexed_recommendation_ids(form.instance))

    def delete_model(self, request, obj):
        ids = self.indexed_recommendation_ids(obj)
        super().delete_model(request, obj)
        search_index_refresh_later(ids)

    def delete_queryset(self, request, queryset):
        ids = [pk for obj in queryset for pk in self.indexed_recommendation_ids(obj)]
        super().delete_queryset(request, queryset)
        search_index_refresh_later(ids)
