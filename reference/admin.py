from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from upr_tracker.admin import CoordinatorViewMixin

from .models import (
    AffectedGroup,
    Cycle,
    Mechanism,
    SdgGoal,
    SdgTarget,
    Session,
    State,
    StateAlias,
    Theme,
    normalise_name,
)
from .services import state_own_names_alias


class StateAliasForm(forms.ModelForm):
    class Meta:
        model = StateAlias
        fields = ["name"]

    def clean_name(self):
        """Refuse a name that already resolves to a state: ``normalised`` is not a form field, so the
        form's own unique check would miss it and the database would answer with an error page."""
        name = self.cleaned_data["name"]
        taken = StateAlias.objects.filter(normalised=normalise_name(name)).exclude(pk=self.instance.pk)
        if taken.exists():
            message = _("This name already resolves to %(state)s.") % {"state": taken[0].state}
            raise forms.ValidationError(message)
        return name


class StateAliasInline(admin.TabularInline):
    model = StateAlias
    form = StateAliasForm
    extra = 1


@admin.register(State)
class StateAdmin(CoordinatorViewMixin, admin.ModelAdmin):
    list_display = ("iso3", "name", "regional_group", "membership")
    list_filter = ("regional_group", "membership")
    search_fields = ("name", "iso3", "aliases__name")
    inlines = [StateAliasInline]

    def save_related(self, request, form, formsets, change):
        """After the inline aliases are saved, so that a name typed there is not created twice."""
        super().save_related(request, form, formsets, change)
        state_own_names_alias(state=form.instance)


@admin.register(Mechanism)
class MechanismAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "ordering")
    list_filter = ("kind",)
    search_fields = ("code", "name")


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("number", "start_year", "end_year")
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("number", "year", "cycle")
    list_filter = ("cycle",)


class SdgTargetInline(admin.TabularInline):
    model = SdgTarget
    extra = 0


@admin.register(SdgGoal)
class SdgGoalAdmin(CoordinatorViewMixin, admin.ModelAdmin):
    list_display = ("number", "short_title")
    search_fields = ("short_title", "title")
    inlines = [SdgTargetInline]


@admin.register(SdgTarget)
class SdgTargetAdmin(CoordinatorViewMixin, admin.ModelAdmin):
    list_display = ("code", "goal", "title")
    list_filter = ("goal",)
    search_fields = ("code", "title")
    list_select_related = ("goal",)


@admin.register(Theme)
class ThemeAdmin(CoordinatorViewMixin, admin.ModelAdmin):
    """Where coordinators add their national clusters and nest them under one another."""

    list_display = ("scheme", "code", "name", "parent", "is_reviewed")
    list_filter = ("scheme", "is_reviewed")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AffectedGroup)
class AffectedGroupAdmin(CoordinatorViewMixin, admin.ModelAdmin):
    list_display = ("name", "code", "is_reviewed")
    list_filter = ("is_reviewed",)
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
