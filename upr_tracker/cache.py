"""Django's Redis cache, degraded to an empty cache while Redis cannot be reached.

The cache holds nothing a request cannot do without: throttle histories and rate-limit counters. With
Redis down, reads answer as misses and writes are dropped, each with a warning in the log, so the public
pages and the API keep answering (throttles and rate limits let requests through) instead of failing with
500. ``incr`` and ``decr`` raise ``ValueError``, as Django's cache does for a key it does not hold.
"""

import functools
import logging

import redis.exceptions
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

_MISS = object()
# Method name → what it answers while Redis is down (_MISS: the ``default`` argument, as for a miss).
_DEGRADED = {
    "get": _MISS,
    "get_many": {},
    "has_key": False,
    "add": False,
    "set": None,
    "set_many": None,
    "touch": False,
    "delete": False,
    "delete_many": None,
    "clear": False,
    "incr": ValueError,
    "decr": ValueError,
}


def _degrading(name, answer):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except redis.exceptions.RedisError as error:
            logger.warning("Cache unreachable, %s answered as an empty cache: %s", name, error)
            if answer is ValueError:
                raise ValueError("The cache is unreachable.") from error
            if answer is _MISS:
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            if name == "set_many":
                return list(args[0]) if args else list(kwargs.get("data", ()))
            return answer

    return wrapper


class DegradingRedisCache(RedisCache):
    pass


for _name, _answer in _DEGRADED.items():
    setattr(DegradingRedisCache, _name, _degrading(_name, _answer))
