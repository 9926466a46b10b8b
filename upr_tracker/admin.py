"""Admin building blocks shared by every app."""

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
