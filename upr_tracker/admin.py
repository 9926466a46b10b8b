"""Admin building blocks shared by every app."""

from search.services import search_index_refresh_later

from . import access
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


class CoordinatorAdminMixin:
    """NMRF coordinators may ``coordinator_may`` (view, change…) these records in the admin, with or
    without Django's model permissions: their role is the ``is_coordinator`` flag, which
    ``upr_tracker.access`` reads. Everyone else needs the model permissions as usual."""

    coordinator_may = ("view", "change")

    def _coordinator_may(self, request, what: str) -> bool:
        return what in self.coordinator_may and request.user.is_staff and access.is_coordinator(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._coordinator_may(request, "view")

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._coordinator_may(request, "view")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._coordinator_may(request, "change")

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) or self._coordinator_may(request, "add")


class CoordinatorViewMixin(CoordinatorAdminMixin):
    """Coordinators look these up (autocomplete of a recommendation's form) without changing them."""

    coordinator_may = ("view",)
