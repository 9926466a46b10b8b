from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from recommendations.models import Response
from reference.models import Cycle, Mechanism, State, Theme

from .models import Format, Kind
from .scope import STATUS_CHOICES

ANY = [("", _("Any"))]


class ReportRequestForm(forms.Form):
    """The report, its format and its scope, as the reports page asks for them.

    Only the choices are offered here; ``services.report_job_request`` checks everything, for the
    page and the API alike.
    """

    kind = forms.ChoiceField(label=_("Report"), choices=Kind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    state = forms.ChoiceField(label=_("State"), required=False)
    mechanism = forms.ChoiceField(label=_("Mechanism"), required=False)
    cycle = forms.ChoiceField(label=_("UPR cycle"), required=False)
    theme = forms.ChoiceField(label=_("Cluster or theme"), required=False)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    response = forms.ChoiceField(label=_("Response"), required=False, choices=ANY + Response.choices)
    status = forms.ChoiceField(label=_("Implementation status"), required=False, choices=ANY + STATUS_CHOICES)
    recommendations = forms.CharField(
        label=_("Recommendations (one-year update)"),
        required=False,
        help_text=_("Up to five identifiers, e.g. R1A2B3C4D5, separated by spaces."),
    )
    published_only = forms.BooleanField(label=_("Published data only"), required=False, initial=True)
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=settings.LANGUAGES, required=False
    )
    # A search download too large for the request (``search.exports``): its query string and layout.
    search = forms.CharField(required=False, widget=forms.HiddenInput)
    layout = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, coordinator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["state"].choices = ANY + list(
            State.objects.filter(reviews__isnull=False).distinct().values_list("iso3", "name")
        )
        fields["mechanism"].choices = ANY + [(m.code, m.code) for m in Mechanism.objects.all()]
        fields["cycle"].choices = ANY + [(c.number, str(c)) for c in Cycle.objects.all()]
        themes = Theme.objects.exclude(scheme=Theme.Scheme.UHRI).order_by("-scheme", "name")
        fields["theme"].choices = ANY + [(t.pk, str(t)) for t in themes]
        fields["institution"].choices = ANY + [
            (i.pk, str(i)) for i in Institution.objects.filter(is_active=True)
        ]
        fields["language"].initial = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if not coordinator:
            del fields["published_only"]

    def scope(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("kind")
        data.pop("format")
        data.setdefault("published_only", True)
        return data
