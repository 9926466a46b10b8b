"""The one rate-limiting mechanism: a fixed-window counter in Django's cache, per person or address.

Redis in production, so every worker counts together; in-process memory in development and tests.
The API asks it through DRF throttle classes (``AnonymousThrottle``, ``UserThrottle`` and their export
variants, 429 in the API's error format with ``Retry-After``); pages through ``rate_limited``; services
through ``allowed`` for keys that are not requests (an e-mail address). Signed-in people are counted
by account, everyone else by the address ``upr_tracker.clientip`` derives from the trusted proxies.

Rates are "count/unit" (``10/m``, ``120/minute``: the unit's first letter, s, m, h or d). The API's
scopes come from DRF's ``DEFAULT_THROTTLE_RATES`` (``API_ANON_RATE``…), the pages' from ``DEFAULT_RATES``
overridden by ``PARTICIPATION_RATE_LIMITS``; a scope whose rate is None is not limited.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from .clientip import client_ip

DEFAULT_RATES = {
    "register": "5/h",
    "comment": "10/m",
    "report": "5/h",
    "assessment": "20/h",
    "input": "60/h",
    "follow": "60/h",
    "follow_email": "20/h",  # follow-by-e-mail requests from one address (IP)
    "follow_email_link": "10/d",  # e-mails that those requests send to one e-mail address
    "password_reset": "5/h",  # reset requests from one address
    "password_reset_email": "3/h",  # reset e-mails to one account's address
    "enrolment_email": "3/h",  # two-factor enrolment links e-mailed to one (signed-in) account
}
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate(scope: str) -> tuple[int, int] | None:
    rates = {
        **DEFAULT_RATES,
        **getattr(settings, "PARTICIPATION_RATE_LIMITS", {}),
        **api_settings.DEFAULT_THROTTLE_RATES,
    }
    rate = rates.get(scope)
    if rate is None:
        return None
    count, unit = rate.split("/")
    return int(count), _UNITS[unit.strip()[0]]


def who(request) -> str:
    """The counter's key for a request: the account when signed in, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def wait_seconds(request, scope: str) -> int:
    """Count this request; 0 when it is within the limit, else the seconds until the window ends."""
    return _count(scope, who(request))


def allowed(scope: str, key: str) -> bool:
    """Count one more in ``scope`` for ``key``, something other than a request (an e-mail address).

    The key is hashed, so that the cache never holds the addresses themselves.
    """
    return not _count(scope, "key:" + hashlib.sha256(key.encode()).hexdigest())


def _count(scope: str, who: str) -> int:
    rate = _rate(scope)
    if rate is None:
        return 0
    limit, window = rate
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


def too_many(request, wait: int):
    """The page a person over a limit gets: 429, a sentence saying how long to wait, ``Retry-After``."""
    response = render(
        request, "message.html", {"title": _("Slow down"), "message": message(wait)}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def rate_limited(scope: str):
    """Limit a view's POST requests in ``scope``; GET stays free so forms can always be shown."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                wait = wait_seconds(request, scope)
                if wait:
                    return too_many(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RateThrottle(BaseThrottle):
    """A DRF throttle over the same counter: ``scope`` names the rate, ``signed_in`` whom it counts."""

    scope = "anon"
    signed_in = False

    def allow_request(self, request, view):
        if bool(request.user and request.user.is_authenticated) != self.signed_in:
            return True
        self._wait = wait_seconds(request, self.scope)
        return not self._wait

    def wait(self):
        return self._wait

    def get_ident(self, request):
        return client_ip(request)


class AnonymousThrottle(RateThrottle):
    """Requests without a user or token, per address (``API_ANON_RATE``)."""


class AnonymousExportThrottle(RateThrottle):
    """Whole-result downloads cost far more than a page: anonymous clients get ``API_ANON_EXPORT_RATE``."""

    scope = "anon_export"


class UserThrottle(RateThrottle):
    """Signed-in people and token clients, per account (``API_USER_RATE``)."""

    scope = "user"
    signed_in = True


class UserExportThrottle(UserThrottle):
    """Whole-result downloads by signed-in people and token clients (``API_USER_EXPORT_RATE``)."""

    scope = "user_export"
