"""Schemathesis against the read API's OpenAPI schema, anonymously: no 5xx, every status documented,
every response as the schema says. The write endpoints have their own test, with a token
(``tests/tracking/test_api_schema.py``)."""

import pytest
import schemathesis
from hypothesis import settings

from tests.api_schema import CHECKS, HYPOTHESIS, served_schema

READ_ENDPOINTS = ["recommendations", "states", "mechanisms", "sessions", "themes", "sdg-goals", "sdg-targets"]
READ_API = "^/api/v1/({})/".format("|".join([*READ_ENDPOINTS, "institutions", "indicators"]))


@pytest.fixture
def read_api(world, settings):
    with served_schema(settings) as schema:
        yield schema


# The filter goes on the lazy schema: the one the fixture returns is cloned with this one's filters.
schema = schemathesis.pytest.from_fixture("read_api").include(path_regex=READ_API, method="GET")


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=12, **HYPOTHESIS)
def test_read_api_matches_its_schema(case):
    case.call_and_validate(checks=CHECKS)


def test_the_read_api_test_covers_the_read_endpoints_only(read_api):
    operations = [op.ok() for op in read_api.clone(filter_set=schema.filter_set).get_all_operations()]
    paths = {operation.path for operation in operations}
    assert "/api/v1/recommendations/" in paths and "/api/v1/states/{iso3}/" in paths
    assert not any(path.startswith(("/api/v1/tracking/", "/api/v1/reports/")) for path in paths)
    assert {operation.method.upper() for operation in operations} == {"GET"}
