"""The client's address, derived from the one trusted-proxy setting: for throttles, lockouts and audit.

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only as far as the
proxies the deployment declares in ``TRUSTED_PROXIES``:

- a number ``N`` (default 0): N proxies stand in front of the application; the client is the address N
  steps to the left of the connecting one in the chain ``X-Forwarded-For, REMOTE_ADDR``;
- addresses or networks (``10.0.0.5,172.16.0.0/12``): the chain is walked from the right past those,
  and the first other address is the client's. A request that does not come from one of them is taken
  at its connecting address, whatever its header says.

With nothing set, the header is ignored and the connecting address is the client's.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings

# The address of the request being answered, for code that has no request (the audit log's services).
current_client_ip: ContextVar[str | None] = ContextVar("current_client_ip", default=None)


@lru_cache(maxsize=8)
def _parse(setting: str) -> int | tuple:
    setting = str(setting).strip()
    if not setting or setting.isdigit():
        return int(setting or 0)
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip()
    )


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the person behind ``request``, as far as the trusted proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = _parse(getattr(settings, "TRUSTED_PROXIES", "0"))
    if trusted == 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part.strip() for part in forwarded.split(",") if part.strip()] + [remote]
    if isinstance(trusted, int):
        candidates = chain[max(0, len(chain) - trusted - 1) :]
        # The leftmost believable entry; an entry that is not an address falls back to the next proxy.
        for address in candidates:
            if _valid(address):
                return _valid(address)
        return remote
    client = remote
    for address in reversed(chain):
        parsed = _valid(address)
        if parsed is None:
            break
        client = parsed
        if not any(ipaddress.ip_address(parsed) in network for network in trusted):
            break
    return client


class ClientAddressMiddleware:
    """Makes the request's client address known to code that has no request (``current_client_ip``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_client_ip.set(_valid(client_ip(request)))  # None unless an address (a socket…)
        try:
            return self.get_response(request)
        finally:
            current_client_ip.reset(token)
