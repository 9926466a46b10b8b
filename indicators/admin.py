from django.contrib import admin

from upr_tracker.admin import TrackedAdminMixin

from .models import Indicator, IndicatorValue


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ["date", "value", "source", "note"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "recommendation",
        "cluster",
        "sdg_indicator_code",
        "baseline_value",
        "target_value",
        "target_date",
        "frequency",
        "responsible_institution",
    ]
    list_filter = ["frequency", "responsible_institution"]
    search_fields = ["title", "sdg_indicator_code"]
    raw_id_fields = ["recommendation"]
    autocomplete_fields = ["cluster", "responsible_institution"]
    list_select_related = ["recommendation", "cluster", "responsible_institution"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "date", "value", "source"]
    list_filter = ["indicator__responsible_institution"]
    search_fields = ["indicator__title", "indicator__sdg_indicator_code"]
    raw_id_fields = ["indicator", "status_update"]
    list_select_related = ["indicator"]
    date_hierarchy = "date"
