"""Forms of the tracking pages; they only shape input, the services decide."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from indicators.services import INDICATOR_FIELDS
from institutions.models import Assignment, Institution, WorkingGroup
from reference.models import Theme
from upr_tracker.validators import refuse_undecodable

from .models import NARRATIVE_MAX_LENGTH, StatusUpdate


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class StatusUpdateForm(forms.ModelForm):
    """The report itself, plus evidence and one indicator value; ``version`` guards against overwrites."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line."),
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, office documents or images, up to 20 MB each."),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    value_date = forms.DateField(
        label=_("Value as of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=16, decimal_places=4)
    value_source = forms.CharField(label=_("Source of the value"), required=False, max_length=300)

    fieldsets = [
        (
            _("The report"),
            ["status", "level", "narrative", "challenges", "period_start", "period_end", "amount_spent"],
        ),
        (_("Evidence"), ["links", "files"]),
        (_("An indicator value"), ["indicator", "value_date", "value", "value_source"]),
    ]

    class Meta:
        model = StatusUpdate
        fields = ["status", "level", "narrative", "challenges", "period_start", "period_end", "amount_spent"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, recommendation=None, action=None, **kwargs):
        """For a recommendation's report, or (``action``) a progress report on an action: then the
        indicators are the action's and the money spent is asked."""
        super().__init__(*args, **kwargs)
        if action is not None:
            self.fields["indicator"].queryset = action.indicators.all()
        else:
            self.fields["indicator"].queryset = Indicator.objects.filter(recommendation=recommendation)
            del self.fields["amount_spent"]
        for name in ("narrative", "challenges"):
            field = self.fields[name]
            field.max_length = NARRATIVE_MAX_LENGTH
            field.validators.append(MaxLengthValidator(NARRATIVE_MAX_LENGTH))
            field.widget.attrs["maxlength"] = str(NARRATIVE_MAX_LENGTH)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_undecodable)

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        link = forms.URLField(assume_scheme="https")
        return [{"url": link.clean(line)} for line in lines]

    def clean(self):
        data = super().clean()
        given = [data.get(k) not in (None, "") for k in ("indicator", "value_date", "value")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("An indicator value needs the indicator, its date and the value."))
        return data

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}

    def indicator_values(self) -> list[dict]:
        if not self.cleaned_data.get("indicator"):
            return []
        return [
            {
                "indicator": self.cleaned_data["indicator"],
                "date": self.cleaned_data["value_date"],
                "value": self.cleaned_data["value"],
                "source": self.cleaned_data["value_source"],
            }
        ]


class TransitionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignmentForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices)
    deadline = forms.DateField(
        label=_("First report due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    frequency = forms.ChoiceField(label=_("Then report"), choices=Assignment.Frequency.choices)


class SelectionForm(forms.Form):
    """Which recommendations a bulk action applies to: a search, identifiers, a cluster, or all together.

    ``q`` and the search page's filters are read from the query string by ``SearchParams``; the field
    is here to show and edit the words. Criteria given together must all hold.
    """

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        help_text=_(
            "Searched as on the search page, with its filters if you came from there: "
            "published recommendations only."
        ),
    )
    public_ids = forms.CharField(
        label=_("Identifiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by spaces or commas; unpublished recommendations too."),
    )
    cluster = forms.ModelChoiceField(
        label=_("National cluster"),
        queryset=Theme.objects.filter(scheme=Theme.Scheme.NATIONAL),
        required=False,
        help_text=_("Its recommendations, unpublished ones too."),
    )

    def clean_public_ids(self):
        return self.cleaned_data["public_ids"].replace(",", " ").split()


class GroupForm(forms.Form):
    """Put the selected recommendations into a national cluster and/or a working group."""

    cluster = forms.ModelChoiceField(
        label=_("National cluster"),
        queryset=Theme.objects.filter(scheme=Theme.Scheme.NATIONAL),
        required=False,
    )
    working_group = forms.ModelChoiceField(
        label=_("Working group"), queryset=WorkingGroup.objects.all(), required=False
    )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [name for name in INDICATOR_FIELDS if name not in ("recommendation", "cluster")]
        widgets = {"target_date": forms.DateInput(attrs={"type": "date"})}


class IndicatorValueForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    source = forms.CharField(label=_("Source"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
