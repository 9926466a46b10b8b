"""Second factor for the people who approve, publish and administer."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from upr_tracker import access

OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class TwoFactorMiddleware:
    """Sends validators, coordinators and staff who have not passed TOTP in this session to do so.

    Put it after ``django_otp.middleware.OTPMiddleware``. Only the account pages themselves (sign in,
    set up, verify, sign out) stay open to them meanwhile; API calls get a 403 instead of a redirect.
    Token-authenticated API clients are systems, not sessions, and are not concerned: such people
    create tokens only past the second factor. The account pages that create secrets (tokens,
    recovery codes, enrolment links) check it themselves (``accounts.views.second_factor_required``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and access.needs_two_factor(user)
        ):
            if request.path.startswith("/api/"):
                message = "Two-factor verification required: sign in on the web first, or use a token."
                return JsonResponse(
                    {"error": {"status": 403, "code": "otp_required", "message": message}}, status=403
                )
            has_device = user.totpdevice_set.filter(confirmed=True).exists()
            target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
