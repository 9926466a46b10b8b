"""Sign in, sign out, and the TOTP second factor (set up once, verified at every sign-in)."""

from io import BytesIO

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/tracking/"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "/"


@login_required
def otp_setup(request):
    """Enrol an authenticator app: an inline SVG QR code (no outside service) and the secret as text."""
    if request.user.totpdevice_set.filter(confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("That code is not right; check the time on your phone and try again."))
    svg = BytesIO()
    write_qrcode_image(device.config_url, svg)
    context = {
        "form": form,
        "qr_svg": svg.getvalue().decode(),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("That code is not right."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})
