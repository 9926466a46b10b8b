"""Sign in and out, the password (reset by e-mail, change), the TOTP second factor and API tokens.

Enrolling an authenticator needs a one-time link (the coordinator issues it, or it is e-mailed to the
account's address): a password alone never enrols a second factor. Pages that create secrets (tokens,
recovery codes, links) need the second factor passed in this session by those who must have one; the
two-factor middleware leaves ``/accounts/`` open, so these views check it themselves.
"""

from functools import wraps

import qrcode
from django import forms
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from qrcode.image.svg import SvgPathImage

from upr_tracker import access, throttling
from upr_tracker.errors import ApplicationError
from upr_tracker.numbers import is_number

from . import services
from .models import ApiToken, User


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("The program that will use it, e.g. “Ministry case system”."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=ApiToken.Scope.choices)
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        initial=90,
        choices=[
            (30, gettext_lazy("30 days")),
            (90, gettext_lazy("90 days")),
            (365, gettext_lazy("one year")),
        ],
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/tracking/"


def second_factor_required(view):
    """Signed in, and past the second factor for those who must have one (validators, coordinators,
    staff): the pages that create secrets are not for a password alone."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if access.needs_two_factor(user) and not user.is_verified():
            target = "accounts:otp_verify" if services.has_authenticator(user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "/"


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email):
        """Django's, less accounts that were sent ``password_reset_email`` e-mails this hour already."""
        for user in super().get_users(email):
            if throttling.allowed("password_reset_email", f"user:{user.pk}"):
                yield user


@method_decorator(throttling.rate_limited("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail; the same answer whether the address has an account or not, and at
    most ``password_reset_email`` e-mails an hour to one account."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@method_decorator(second_factor_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@second_factor_required
def account(request):
    """One's account: password, second factor and recovery codes, API tokens."""
    user = request.user
    context = {
        "has_authenticator": services.has_authenticator(user),
        "recovery_codes_left": services.recovery_codes_left(user),
        "tokens": user.api_tokens.filter(revoked_at=None).count(),
        "issues_links": access.is_coordinator(user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@throttling.rate_limited("enrolment_email")
def otp_setup(request):
    """Without an authenticator yet: how to get the one-time link that enrols one (no QR code here)."""
    user = request.user
    if services.has_authenticator(user):
        return redirect("accounts:otp_verify")
    if request.method == "POST":
        try:
            services.enrolment_link_issue(user=user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("We sent the link to your e-mail address. Open it while signed in."))
        return redirect("accounts:otp_setup")
    return render(request, "accounts/otp_setup.html", {"email": _masked(user.email)})


def _masked(email: str) -> str:
    name, _at, domain = email.partition("@")
    return f"{name[:1]}…@{domain}" if domain else ""


@login_required
def otp_enrol(request, key):
    """The one-time link: scan the QR code, confirm a code; then the recovery codes, shown once."""
    link = services.enrolment_link_find(user=request.user, key=key)
    if link is None or services.has_authenticator(request.user):
        return render(
            request,
            "message.html",
            {
                "title": _("Link not valid"),
                "message": _(
                    "This enrolment link was used, has expired or belongs to another account. "
                    "Sign in with the account it was sent for, or ask for a new link."
                ),
            },
            status=404,
        )
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_enrol(link=link, code=form.cleaned_data["token"].strip())
        if result is not None:
            device, codes = result
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/tracking/"})
        form.add_error("token", _("That code is not right; check the time on your phone and try again."))
    device = services.enrolment_device(request.user)
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
    }
    return render(request, "accounts/otp_enrol.html", context)


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG drawn by the server: one ``<path>``, which HTML shows as it is
    (django-otp's own writer emits ``svg:rect`` elements, which an HTML page does not draw)."""
    image = qrcode.make(data, image_factory=SvgPathImage)
    return image.to_string(encoding="unicode")


@login_required
def otp_verify(request):
    """The code of the day, or one of the recovery codes (each works once)."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = services.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(n)d left. Create new ones on your account page.")
                    % {"n": left},
                )
            return redirect(_next(request))
        form.add_error("token", _("That code is not right."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@second_factor_required
def recovery_codes(request):
    """New recovery codes, replacing the old ones (POST); GET says how many are left."""
    if not services.has_authenticator(request.user):
        return redirect("accounts:account")
    if request.method == "POST":
        codes = services.recovery_codes_create(user=request.user)
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:account")}
        )
    return render(
        request, "accounts/recovery_codes.html", {"left": services.recovery_codes_left(request.user)}
    )


@second_factor_required
def enrolment_links(request):
    """The coordinator issues a one-time enrolment link for an account that has no authenticator yet,
    to hand over through another channel than the password."""
    if not access.is_coordinator(request.user):
        return render(request, "message.html", {"title": _("Not allowed"), "message": ""}, status=403)
    link = None
    if request.method == "POST":
        chosen = request.POST.get("user", "")
        user = get_object_or_404(User, pk=int(chosen) if is_number(chosen) else 0)
        try:
            link = services.enrolment_link_issue(user=user, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            link = {"user": user, "url": link}
    users = services.users_awaiting_enrolment(request.user)
    return render(request, "accounts/enrolment_links.html", {"users": users, "link": link})


@second_factor_required
def tokens(request):
    """One's API tokens: create one (its key shown this once), list them, revoke one."""
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.api_token_create(
                user=request.user, second_factor_passed=request.user.is_verified(), **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            created = {"token": token, "key": key}
            form = ApiTokenForm()
    rows = request.user.api_tokens.all()[:100]
    return render(request, "accounts/tokens.html", {"form": form, "tokens": rows, "created": created})


@second_factor_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
