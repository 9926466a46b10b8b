"""The project's own middleware: hostile requests refused early, the Permissions-Policy header, and
``Cache-Control: private`` on what a signed-in person is shown.

Refused before any view reads them: NUL bytes in the address, the query or a JSON body, and bodies
larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

PostgreSQL cannot store or compare a string holding NUL (0x00), so such a value reaching a query fails
with a server error wherever it lands. No real address or text contains one: it is refused here, once,
with 400 (the API's error format under ``/api/``).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

JSON_TYPES = ("application/json", "application/vnd.api+json")


def _refuse(request, message):
    from .api import _error as error_body  # the one error format; DRF is not loaded yet at import time

    if request.path.startswith("/api/"):
        return JsonResponse(error_body(400, "invalid", message), status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
        return True
    if "\x00" in request.META.get("QUERY_STRING", ""):
        return True
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if request.method in ("POST", "PUT", "PATCH") and content_type in JSON_TYPES:
        return b"\\u0000" in request.body
    return False


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            refused = _has_nul(request)
        except RequestDataTooBig:
            return _refuse(request, _("The request is too large."))
        if refused:
            return _refuse(
                request, _("The request contains a NUL character, which no address or text may hold.")
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the browser features the tracker never uses are off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    """What a signed-in person (or a token client) is shown is theirs: ``Cache-Control: private``, so
    that no shared cache (a proxy, a CDN) keeps it for the next visitor. Anonymous pages are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
