"""Schemathesis against the read API's OpenAPI schema: no 5xx, every response as the schema says."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from upr_tracker.wsgi import application

READ_ENDPOINTS = ["recommendations", "states", "mechanisms", "sessions", "themes", "sdg-goals", "sdg-targets"]
READ_API = "^/api/v1/({})/".format("|".join([*READ_ENDPOINTS, "institutions", "indicators"]))


@pytest.fixture
def read_api(world, settings):
    """The schema, served by the real WSGI application inside the test's transaction.

    Like Django's test client, requests must not close the connection when they end: it holds the
    test's transaction and its data.
    """
    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application).include(path_regex=READ_API)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("read_api")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=12,
    database=None,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_read_api_matches_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
