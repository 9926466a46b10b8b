"""Forms of the workbook pages: what to download, the file to upload, the rows to leave out."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, WorkingGroup
from plans.models import Plan
from reference.models import Theme
from upr_tracker import access


class DownloadForm(forms.Form):
    """The scope of a workbook: the person's own institutions, or for the coordinator any scope."""

    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), required=False, label=_("Institution")
    )
    cluster = forms.ModelChoiceField(
        queryset=Theme.objects.filter(scheme=Theme.Scheme.NATIONAL),
        required=False,
        label=_("National cluster"),
    )
    working_group = forms.ModelChoiceField(
        queryset=WorkingGroup.objects.all(), required=False, label=_("Working group")
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.filter(state=Plan.State.ADOPTED), required=False, label=_("Action plan")
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, required=False, label=_("Language of the workbook")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator = access.is_coordinator(user)
        field = self.fields["institution"]
        field.queryset = Institution.objects.filter(is_active=True)
        field.empty_label = _("All") if self.coordinator else _("All of mine")
        if not self.coordinator:
            # Offer one's own institutions; another one asked for is refused by the service (403).
            del self.fields["cluster"], self.fields["working_group"], self.fields["plan"]
            own = field.queryset.filter(pk__in=access.institution_ids(user))
            field.choices = [("", field.empty_label), *((i.pk, str(i)) for i in own)]
        self.fields["language"].initial = (get_language() or "en")[:2]

    def scope(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name].pk
            for name in ("institution", "cluster", "working_group", "plan")
            if data.get(name)
        }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )
