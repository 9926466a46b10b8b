from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.models import ActionCategory
from reference.models import SdgTarget, Theme

from .models import Kind

KIND_CHOICES = [("", _("All kinds")), *Kind.choices]
SCHEME_CHOICES = [("", _("All schemes")), *Theme.Scheme.choices]


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)
    scheme = forms.ChoiceField(label=_("Theme scheme"), choices=SCHEME_CHOICES, required=False)
    min_confidence = forms.FloatField(
        label=_("Confidence at least"),
        min_value=0,
        max_value=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )


class AcceptAboveForm(QueueFilterForm):
    threshold = forms.FloatField(
        label=_("Accept all with confidence at least"),
        min_value=0.5,
        max_value=1,
        initial=0.9,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
        help_text=_("From 0.5: below that a suggestion is more often wrong than right."),
    )


class CorrectionForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False)
    action_category = forms.TypedChoiceField(
        choices=ActionCategory.choices, coerce=int, required=False, empty_value=None
    )
    sdg_target = forms.ModelChoiceField(
        queryset=SdgTarget.objects.all(), to_field_name="code", required=False
    )
