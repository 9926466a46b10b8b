"""Rate limits on what strangers can send: a fixed-window counter in Django's cache.

Redis in production, so every worker counts together; in-process memory in development and tests.
A request over the limit gets 429 with a sentence saying what to do, as a page or as JSON for the API.
Rates are "count/unit" (s, m, h, d) and can be changed per scope with ``PARTICIPATION_RATE_LIMITS``.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_RATES = {
    "register": "5/h",
    "comment": "10/m",
    "report": "5/h",
    "assessment": "20/h",
    "input": "60/h",
    "follow": "60/h",
    "follow_email": "20/h",  # follow-by-e-mail requests from one address (IP)
    "follow_email_link": "10/d",  # e-mails that those requests send to one e-mail address
}
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate(scope: str) -> tuple[int, int]:
    rate = {**DEFAULT_RATES, **getattr(settings, "PARTICIPATION_RATE_LIMITS", {})}[scope]
    count, unit = rate.split("/")
    return int(count), _UNITS[unit]


def _who(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def wait_seconds(request, scope: str) -> int:
    """Count this request; 0 when it is within the limit, else the seconds until the window ends."""
    return _count(scope, _who(request))


def allowed(scope: str, key: str) -> bool:
    """Count one more in ``scope`` for ``key``, something other than a request (an e-mail address).

    The key is hashed, so that the cache never holds the addresses themselves.
    """
    return not _count(scope, "key:" + hashlib.sha256(key.encode()).hexdigest())


def _count(scope: str, who: str) -> int:
    limit, window = _rate(scope)
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{scope}:{who}:{start}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return 0 if count <= limit else max(1, start + window - now)


def message(wait: int) -> str:
    minutes = max(1, round(wait / 60))
    return ngettext(
        "Too many requests. Please wait %(n)d minute and try again.",
        "Too many requests. Please wait %(n)d minutes and try again.",
        minutes,
    ) % {"n": minutes}


def rate_limited(scope: str):
    """Limit a view's POST requests in ``scope``; GET stays free so forms can always be shown."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                wait = wait_seconds(request, scope)
                if wait:
                    response = render(
                        request,
                        "participation/message.html",
                        {"title": _("Slow down"), "message": message(wait)},
                        status=429,
                    )
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
