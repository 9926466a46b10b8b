from django.contrib import admin

from .models import SuggesterModel, Suggestion


class ReadOnly:
    """Rows written by training and by the queue's services only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SuggesterModel)
class SuggesterModelAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "trained_at", "training_size", "labels", "seconds"]
    list_filter = ["kind"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnly, admin.ModelAdmin):
    """Decisions are made in the queue (``assistance:queue``), which applies them to the recommendation."""

    list_display = [
        "recommendation",
        "kind",
        "value_label",
        "confidence",
        "state",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["recommendation", "theme", "sdg_target", "decided_by"]
    raw_id_fields = ["recommendation", "corrects"]
