from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User
from .services import api_token_revoke


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_coordinator", "is_staff", "is_active")
    list_filter = ("is_coordinator", "is_staff", "is_superuser", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, ("NMRF", {"fields": ("is_coordinator",)}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every token, for oversight: read only (owners create them on their tokens page), revocable."""

    list_display = (
        "name",
        "user",
        "scope",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope", "revoked_at")
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["delete"])
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at=None):
            api_token_revoke(token=token, by=request.user)
        self.message_user(request, _("Revoked."), messages.SUCCESS)
