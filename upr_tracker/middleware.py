"""Response headers every page needs, whoever answers it."""

from django.utils.cache import patch_cache_control


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
