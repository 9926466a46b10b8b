"""API token authentication: ``Authorization: Token <key>`` with a named, scoped, expiring token.

The project's one DRF authentication setting lists this and the session, nothing else (no HTTP Basic).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken
from .services import api_token_find

# Writing ``last_used_at`` on every request would turn each read into a write: once a minute is enough.
LAST_USED_EVERY = 60


class ApiTokenAuthentication(TokenAuthentication):
    """Finds the token by its key's hash; refuses a revoked or expired one (401) and, for a read-only
    token, every method that changes something (403)."""

    def authenticate_credentials(self, key):
        token = api_token_find(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            _user, token = result
            if token.scope == ApiToken.Scope.READ and request.method not in ("GET", "HEAD", "OPTIONS"):
                raise exceptions.PermissionDenied(_("This token may only read: create a write token."))
        return result
