"""The OpenAPI schema as schemathesis loads it: served by the real WSGI application, in the test's
transaction. Shared by the read-API test (anonymous) and the write-endpoint test (with a token)."""

from contextlib import contextmanager

import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from upr_tracker.wsgi import application

# No 5xx, every status code documented, every body as the schema says.
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
HYPOTHESIS = {
    "database": None,
    "derandomize": True,
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
}


@contextmanager
def served_schema(settings):
    """Like Django's test client, requests must not close the connection when they end: it holds the
    test's transaction and its data. The anonymous throttle is off: the test sends hundreds of requests."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
