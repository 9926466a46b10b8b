"""No query string makes any GET route answer 500: a property-based walk over the whole URL conf.

The routes, their URLs and the personas come from the permission matrix, so a new route is covered the
day it is added. Hypothesis draws query strings from every parameter name the project reads, with values
made to break parsers: Unicode digits (``²``, Arabic-Indic ``٣``), NUL bytes, huge and negative numbers,
long and empty strings. Examples are bounded so the walk stays quick; failures are shrunk to one
parameter and reported with the route.
"""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from . import test_permission_matrix as matrix

matrix_world = matrix.matrix_world

EXAMPLES_PER_ROUTE = 6
NAMES = [
    # the search filters, the portal's and the API's paging
    "q", "state_under_review", "recommending_state", "regional_group", "recommending_regional_group",
    "mechanism", "cycle", "session", "year", "response", "action_category", "theme", "affected_group",
    "sdg_goal", "sdg_target", "institution", "status", "civil_society", "repeated", "sort", "page",
    "page_size", "facets", "limit", "offset",
    # tracking, participation, reports, assistance, admin
    "state", "indicator", "recommendation", "organisation", "disagree", "kind", "format", "scheme",
    "min_confidence", "next", "o", "p", "role", "id", "pk", "cluster", "working_group", "deadline", "before",
]  # fmt: skip
NASTY = [
    "²", "٣", "١٢", "𝟡", "Ⅻ", "0", "-1", "007", "1.5", "1e9", "99999999999999999999999999", "\x00", "1\x00",
    "", " ", "true", "none", "KEN", "UPR", "5.3", "🙂", "a" * 600, "%", "[]", "{}",
]  # fmt: skip
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=12), st.integers().map(str))
queries = st.lists(st.tuples(st.sampled_from(NAMES), values), min_size=1, max_size=4)


def _get_routes():
    for name, pattern in matrix.routes():
        case = matrix.case_for(name)
        if case is not None and case.method == "get" and not name.startswith(("admin:", "?:admin/")):
            yield name, pattern, case


def _never_500(client, path):
    """A Hypothesis test of one path: every drawn query string answers below 500."""

    @settings(
        max_examples=EXAMPLES_PER_ROUTE,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=queries)
    @example(query=[(name, "²") for name in NAMES])  # every parameter at once, each tried on every route
    @example(query=[(name, "99999999999999999999999") for name in NAMES])
    @example(query=[(name, "-1") for name in NAMES])
    def check(query):
        data = {}
        for key, value in query:
            data.setdefault(key, []).append(value)
        response = client.get(path, data)
        assert response.status_code < 500, f"GET {path} {query}: {response.status_code}"

    return check


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_no_query_string_makes_a_get_route_fail(role, matrix_world):
    client = matrix.client_for(role, matrix_world)
    failures = []
    for name, pattern, case in _get_routes():
        path = matrix._url(name, pattern, case, matrix_world.values).split("?")[0]
        try:
            _never_500(client, path)()
        except Exception as error:  # the shrunk failing example, reported with the others
            failures.append(str(error).splitlines()[0] if str(error) else repr(error))
    assert not failures, "\n".join(failures)
