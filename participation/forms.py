"""Input forms: they check shape and size; the services decide what is allowed."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from tracking.models import ImplementationStatus, Level

from .models import Organisation

MAX_EVIDENCE_LINKS = 10
INVALID_UTF8 = _("This text contains bytes that are not valid UTF-8. Please paste it again as plain text.")


class TextInputForm(forms.Form):
    """Refuses text that arrived as invalid UTF-8.

    Django decodes form data leniently, turning every undecodable byte into U+FFFD. Storing that would
    silently mangle what someone wrote, so the form says so and asks for the text again.
    """

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and "\ufffd" in value:
                self.add_error(name, INVALID_UTF8)
        return cleaned


class AccountForm(TextInputForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128)


class RegistrationForm(AccountForm):
    name = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("About the organisation"), max_length=2000, widget=forms.Textarea, required=False
    )
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)

    field_order = [
        "name",
        "kind",
        "website",
        "description",
        "first_name",
        "last_name",
        "email",
        "username",
        "password",
    ]


class InviteForm(TextInputForm):
    email = forms.EmailField(label=_("E-mail address of the person to invite"), max_length=254)


class FollowEmailForm(TextInputForm):
    email = forms.EmailField(
        label=_("Follow by e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CommentForm(TextInputForm):
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text. Links: [title](https://…); lists: lines starting with “- ”; *emphasis*."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status_update = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditCommentForm(TextInputForm):
    body = CommentForm.base_fields["body"]


class ReportForm(TextInputForm):
    reason = forms.CharField(
        label=_("What is wrong with this comment?"), max_length=1000, widget=forms.Textarea
    )


class AssessmentForm(TextInputForm):
    status = forms.ChoiceField(label=_("Status of implementation"), choices=ImplementationStatus.choices)
    level = forms.ChoiceField(label=_("Level"), choices=[("", "–"), *Level.choices], required=False)
    rationale = forms.CharField(
        label=_("Rationale"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One http(s) address per line, at most %(n)d.") % {"n": MAX_EVIDENCE_LINKS},
    )

    def clean_evidence_links(self):
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines() if line.strip()]
        if len(links) > MAX_EVIDENCE_LINKS:
            raise forms.ValidationError(_("At most %(n)d links, please.") % {"n": MAX_EVIDENCE_LINKS})
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            if len(link) > 500:
                raise forms.ValidationError(_("A link is longer than 500 characters."))
            validate(link)
        return links


class ConsultationForm(TextInputForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea, required=False
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Identifiers (e.g. R1A2B3C4D5E), separated by spaces; ticked search results are added."),
    )

    def clean_recommendations(self):
        return sorted(set(self.cleaned_data["recommendations"].upper().split()))
