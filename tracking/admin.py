"""Admin for status updates.

The workflow (submit, approve, publish) and uploads go through the services, which check them and write
the audit log; so the admin shows the workflow state and the files without editing them.
"""

from django.contrib import admin

from upr_tracker.admin import TrackedAdminMixin

from .models import AuditEntry, Evidence, EvidenceLink, StatusUpdate


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    fields = ["url", "title"]
    extra = 0


class EvidenceInline(admin.TabularInline):
    """Files are checked by content on upload (``evidence_add``); here they can only be seen or removed."""

    model = Evidence
    fields = ["original_name", "content_type", "size", "file"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StatusUpdate)
class StatusUpdateAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["recommendation", "institution", "status", "level", "state", "published_at"]
    list_filter = ["state", "status", "level", "institution"]
    search_fields = ["recommendation__public_id", "narrative", "institution__name", "institution__acronym"]
    raw_id_fields = ["recommendation"]
    autocomplete_fields = ["institution"]
    readonly_fields = ["state", "published_at", "version"]
    list_select_related = ["recommendation", "institution"]
    date_hierarchy = "published_at"
    inlines = [EvidenceLinkInline, EvidenceInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is written by the services only: it can be read here, never changed."""

    list_display = ["at", "action", "actor", "object_repr"]
    list_filter = ["content_type"]
    search_fields = ["action", "object_repr", "actor__username"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
