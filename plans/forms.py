"""Forms of the plan pages; they shape input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from institutions.models import Institution
from recommendations.models import Recommendation
from reference.models import SdgTarget, Theme

from .models import Action, Plan
from .services import ACTION_FIELDS, PLAN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    document_url = forms.URLField(
        label=_("plan document"),
        help_text=_("Where the adopted text is published."),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {"period_start": DATE, "period_end": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.ModelForm):
    """An action's fields and links; recommendations by public id (one per line or separated by spaces)."""

    recommendation_ids = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Public ids, separated by spaces or commas."),
    )

    class Meta:
        model = Action
        fields = [*ACTION_FIELDS, "supporting_institutions", "clusters", "sdg_targets", "indicators"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_output": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: Plan, with_recommendations=True, indicator_recommendations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["parent"].queryset = plan.actions.exclude(pk=self.instance.pk or 0)
        active = Institution.objects.filter(is_active=True)
        self.fields["lead_institution"].queryset = active
        self.fields["supporting_institutions"].queryset = active
        self.fields["clusters"].queryset = Theme.objects.filter(scheme=Theme.Scheme.NATIONAL)
        self.fields["sdg_targets"].queryset = SdgTarget.objects.select_related("goal")
        self.fields["sdg_targets"].widget.attrs["size"] = 6
        linked = list(self.instance.recommendations.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["indicators"].queryset = Indicator.objects.filter(
            recommendation__in=[*linked, *indicator_recommendations]
        ) | Indicator.objects.filter(cluster__isnull=False)
        if not with_recommendations:
            del self.fields["recommendation_ids"]
        elif self.instance.pk:
            self.initial["recommendation_ids"] = " ".join(
                self.instance.recommendations.values_list("public_id", flat=True)
            )

    def clean_recommendation_ids(self):
        ids = self.cleaned_data["recommendation_ids"].replace(",", " ").split()
        found = {r.public_id: r for r in Recommendation.objects.filter(public_id__in=ids)}
        unknown = [i for i in ids if i not in found]
        if unknown:
            raise forms.ValidationError(_("Unknown recommendations: %(ids)s") % {"ids": ", ".join(unknown)})
        return [found[i] for i in dict.fromkeys(ids)]

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if "recommendation_ids" in self.fields:
            data["recommendations"] = self.cleaned_data["recommendation_ids"]
        return data


class FromSearchActionForm(forms.Form):
    """Which plan a new action goes into, or which existing action the selection is added to."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.exclude(state=Plan.State.CLOSED))


class AddToActionForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("Action"),
        queryset=Action.objects.exclude(plan__state=Plan.State.CLOSED).select_related("plan"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].label_from_instance = lambda a: f"{a.plan} – {a.label}"


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))
    title = forms.CharField(
        label=_("Plan title"),
        required=False,
        max_length=300,
        help_text=_("Unless the file has a “Plan” column."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Plan.Kind.choices)
    period_start = forms.DateField(label=_("Period from"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Period to"), required=False, widget=DATE)

    def options(self) -> dict:
        data = self.cleaned_data
        period = (
            (data["period_start"], data["period_end"])
            if data["period_start"] and data["period_end"]
            else None
        )
        return {"title": data["title"], "kind": data["kind"], "period": period}


class CoverageForm(forms.Form):
    """The scope of the coverage figures: all given criteria hold together."""

    review = forms.ModelChoiceField(label=_("Review"), queryset=None, required=False)
    cycle = forms.ModelChoiceField(label=_("UPR cycle"), queryset=None, required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        from recommendations.models import Review
        from reference.models import Cycle

        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = Review.objects.select_related("state", "mechanism", "session")
        self.fields["cycle"].queryset = Cycle.objects.all()

    def scope(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v is not None}
