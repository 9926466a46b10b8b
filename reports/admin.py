from django.contrib import admin

from .models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "fmt", "requested_by", "status", "progress", "created_at", "expires_at"]
    list_filter = ["status", "kind", "fmt"]
    readonly_fields = [field.name for field in ReportJob._meta.fields]
    search_fields = ["requested_by__username", "error"]
