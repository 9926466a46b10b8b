"""Schemathesis against the write endpoints (tracking, participation, reports), each case sent with a
focal point's token and again anonymously: no 5xx, every status code documented, every response as the
schema says.

The background work the writes cause is not the point here: the outbox keeps it (nothing is sent).
"""

import pytest
import schemathesis
from hypothesis import settings

from tests.api_schema import CHECKS, HYPOTHESIS, served_schema
from tests.conftest import token_key

WRITE_API = "^/api/v1/(tracking|participation|reports)/"


@pytest.fixture
def write_api(world, settings, monkeypatch):
    monkeypatch.setattr("upr_tracker.outbox.dispatch", lambda message: False)
    with served_schema(settings) as schema:
        yield schema


@pytest.fixture
def token(world):
    return token_key(world.focal_justice)


schema = schemathesis.pytest.from_fixture("write_api").include(path_regex=WRITE_API)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, **HYPOTHESIS)
def test_the_write_endpoints_match_their_schema_with_a_token_and_anonymously(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
    case.call_and_validate(checks=CHECKS)


def test_the_write_endpoint_test_covers_every_write_endpoint(write_api):
    operations = [op.ok() for op in write_api.clone(filter_set=schema.filter_set).get_all_operations()]
    methods = {(operation.method.upper(), operation.path) for operation in operations}
    assert ("POST", "/api/v1/tracking/status-updates/") in methods
    assert ("PATCH", "/api/v1/tracking/status-updates/{id}/") in methods
    assert ("POST", "/api/v1/tracking/status-updates/{id}/publish/") in methods
    assert ("POST", "/api/v1/tracking/indicator-values/") in methods
    assert ("POST", "/api/v1/participation/comments/") in methods
    assert ("POST", "/api/v1/reports/") in methods
