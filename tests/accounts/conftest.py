"""The tracking personas (``tests.tracking.conftest.world``) and its set-up; the cache (rate limits)
starts empty in every test."""

import pytest
from django.core.cache import cache

from tests.tracking.conftest import (  # noqa: F401  (the same set-up as tracking's: media, on-commit)
    _fast_passwords_and_own_media,
    _on_commit_now,
    api_client,
    world,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
