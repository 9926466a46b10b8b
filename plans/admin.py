"""Plans in the administration: for looking things up. Changes go through the plan pages and the API,
whose services check the rules and write the audit log, so the admin is read-only."""

from django.contrib import admin
from django.db import models

from .models import Action, Plan


class ReadOnly(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionInline(admin.TabularInline):
    model = Action
    fields = [
        "code",
        "title",
        "lead_institution",
        "start_date",
        "end_date",
        "budget_amount",
        "budget_currency",
    ]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnly):
    list_display = ["title", "kind", "period_start", "period_end", "state", "adopted_on"]
    list_filter = ["state", "kind"]
    search_fields = ["title"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(ReadOnly):
    list_display = [
        "__str__",
        "plan",
        "lead_institution",
        "start_date",
        "end_date",
        "budget_amount",
        "budget_currency",
    ]
    list_filter = ["plan", "budget_source"]
    search_fields = ["title", "code"]
    raw_id_fields = ["recommendations"]
