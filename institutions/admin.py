from django.contrib import admin

from upr_tracker.admin import SearchIndexedAdminMixin, TrackedAdminMixin

from .models import Assignment, Institution, Membership, WorkingGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "branch", "parent", "is_active"]
    list_filter = ["branch", "is_active"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "institution", "role"]
    list_filter = ["role", "institution"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "institution__name"]
    autocomplete_fields = ["user", "institution"]
    list_select_related = ["user", "institution"]


@admin.register(Assignment)
class AssignmentAdmin(SearchIndexedAdminMixin, TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["recommendation", "institution", "role", "deadline", "frequency"]
    list_filter = ["role", "institution", "frequency"]
    search_fields = ["recommendation__public_id", "institution__name", "institution__acronym"]
    raw_id_fields = ["recommendation"]
    autocomplete_fields = ["institution"]
    list_select_related = ["recommendation", "institution"]
    date_hierarchy = "deadline"

    def indexed_recommendation_ids(self, assignment) -> list[int]:
        return [assignment.recommendation_id]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["members", "clusters"]
    raw_id_fields = ["recommendations"]
