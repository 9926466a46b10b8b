"""Admin for status updates.

Every change to a status update (its content, its links, each step of the workflow) goes through the
services, which check who may make it, refuse a save from an older version and write the audit log. An
edit here would do none of that, so the admin shows a status update and its links without editing them
or adding new ones; evidence files can be removed.
"""

from django.contrib import admin

from upr_tracker.admin import TrackedAdminMixin

from .models import AuditEntry, Evidence, EvidenceLink, StatusUpdate
from .services import CONTENT_FIELDS


class EvidenceLinkInline(admin.TabularInline):
    """Links are part of the report (``status_update_edit``): shown, never changed here."""

    model = EvidenceLink
    fields = ["url", "title"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    fields = [
        "recommendation",
        "institution",
        *CONTENT_FIELDS,
        "state",
        "version",
        "published_at",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    readonly_fields = fields
    list_select_related = ["recommendation", "institution"]
    date_hierarchy = "published_at"
    inlines = [EvidenceLinkInline, EvidenceInline]

    def has_add_permission(self, request):
        """Status updates are written by focal points through ``status_update_create``."""
        return False

    def save_model(self, request, obj, form, change):
        """Nothing of the update is editable here, so it is not saved (nor stamped as edited by whoever
        pressed Save): the page's form only removes evidence files."""


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is written by the services only: it can be read here, never changed."""

    list_display = ["at", "action", "actor", "object_repr", "ip_address"]
    list_filter = ["content_type"]
    search_fields = ["action", "object_repr", "actor__username", "ip_address"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
