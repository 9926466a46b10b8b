from django.contrib import admin, messages
from django.contrib.postgres.forms import SimpleArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from upr_tracker.admin import TrackedAdminMixin

from . import services
from .models import (
    Assessment,
    Comment,
    CommentReport,
    Consultation,
    Moderation,
    Organisation,
    OrganisationMember,
)


def _moderate(modeladmin, request, queryset, decision: str, service) -> None:
    """Moderate each selected item through its service, so that every decision is on the audit record."""
    for obj in queryset:
        service(obj, decision=decision, by=request.user)
    count = queryset.count()
    label = Moderation(decision).label
    message = ngettext("%(count)d item marked “%(label)s”.", "%(count)d items marked “%(label)s”.", count)
    modeladmin.message_user(request, message % {"count": count, "label": label}, messages.SUCCESS)


class TheirWordsAdmin(TrackedAdminMixin, admin.ModelAdmin):
    """What an organisation wrote is its own: staff read it and moderate it with the actions (through the
    services, on the audit record), and never add or change it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _comment(obj, **kwargs):
    services.comment_moderate(comment=obj, **kwargs)


def _assessment(obj, **kwargs):
    services.assessment_moderate(assessment=obj, **kwargs)


@admin.register(Comment)
class CommentAdmin(TheirWordsAdmin):
    list_display = ["author", "organisation", "recommendation", "moderation", "created_at", "edited_at"]
    list_filter = ["moderation"]
    search_fields = ["body", "author__username", "organisation__name", "recommendation__public_id"]
    raw_id_fields = ["recommendation", "status_update", "parent", "organisation"]
    autocomplete_fields = ["author"]
    list_select_related = ["author", "organisation", "recommendation"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected comments"))
    def approve(self, request, queryset):
        _moderate(self, request, queryset, Moderation.APPROVED, _comment)

    @admin.action(description=_("Reject the selected comments"))
    def reject(self, request, queryset):
        _moderate(self, request, queryset, Moderation.REJECTED, _comment)


class MemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "joined_at", "left_at"]


@admin.register(Organisation)
class OrganisationAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "verified_at", "is_trusted"]
    list_filter = ["kind", "is_trusted", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    readonly_fields = ["verified_at"]
    inlines = [MemberInline]
    # A website typed without a scheme is https:// (Django 6's default; Django 5 warns unless asked).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Assessment)
class AssessmentAdmin(TheirWordsAdmin):
    list_display = [
        "organisation",
        "recommendation",
        "status",
        "level",
        "moderation",
        "is_current",
        "published_at",
    ]
    list_filter = ["moderation", "is_current", "status"]
    search_fields = ["organisation__name", "recommendation__public_id", "rationale"]
    raw_id_fields = ["recommendation"]
    list_select_related = ["organisation", "recommendation"]
    readonly_fields = ["is_current", "published_at"]
    actions = ["approve", "reject"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The list's links assume https:// like every other URL field (see OrganisationAdmin).
        # (ArrayField.formfield builds its base field before reading kwargs, hence the field built here.)
        if db_field.name == "evidence_links":
            return SimpleArrayField(
                db_field.base_field.formfield(assume_scheme="https"),
                max_length=db_field.size,
                required=False,
                label=db_field.verbose_name,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.action(description=_("Approve the selected assessments"))
    def approve(self, request, queryset):
        _moderate(
            self, request, queryset.filter(moderation=Moderation.PENDING), Moderation.APPROVED, _assessment
        )

    @admin.action(description=_("Reject the selected assessments"))
    def reject(self, request, queryset):
        _moderate(
            self, request, queryset.filter(moderation=Moderation.PENDING), Moderation.REJECTED, _assessment
        )


@admin.register(CommentReport)
class CommentReportAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["comment", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["comment"]


@admin.register(Consultation)
class ConsultationAdmin(TrackedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "deadline", "closed_at"]
    search_fields = ["title"]
    raw_id_fields = ["recommendations"]
