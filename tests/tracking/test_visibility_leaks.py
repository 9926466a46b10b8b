"""Leaks an attack on a production-like deployment found (issue 13, findings 1 and 2).

A signed-in stranger (registration is open) must not read an indicator's history, and nobody outside
the tracker may read the values of an indicator that measures an unpublished recommendation.
"""

import datetime as dt

from django.urls import reverse

from indicators.services import indicator_value_record
from tests.conftest import signed_in
from tests.factories import IndicatorFactory, IndicatorValueFactory
from tracking import services

from .conftest import api_client


def _draft_with_value(world):
    update = services.status_update_create(
        recommendation=world.recommendation,
        institution=world.justice,
        by=world.focal_justice,
        status="in_progress",
        narrative="Draft nobody outside the ministry should read.",
    )
    indicator_value_record(
        indicator=world.indicator,
        by=world.focal_justice,
        date=dt.date(2025, 6, 30),
        value=48613,  # a figure no other text of the page holds
        status_update=update,
    )
    return update


def test_an_indicator_history_is_only_for_the_people_working_on_it(world):
    update = _draft_with_value(world)
    url = reverse("tracking:history", args=["indicator", world.indicator.pk])

    assert signed_in(world.cso).get(url).status_code == 404
    own = signed_in(world.focal_justice).get(url)
    assert own.status_code == 200
    assert str(update.pk) in own.content.decode()


def test_an_indicator_history_leaves_out_another_institutions_draft_values(world):
    _draft_with_value(world)
    # Health supports the recommendation: it works on the indicator, but not on Justice's draft.
    response = signed_in(world.focal_health).get(
        reverse("tracking:history", args=["indicator", world.indicator.pk])
    )
    assert response.status_code == 200
    assert "48613" not in response.content.decode() and "48,613" not in response.content.decode()
    assert "focal.justice" not in response.content.decode()


def test_the_tracking_api_lists_no_value_of_an_unpublished_recommendations_indicator(world):
    hidden = IndicatorFactory(recommendation=world.unpublished, responsible_institution=world.justice)
    IndicatorValueFactory(indicator=hidden, value=77)
    shown = IndicatorValueFactory(indicator=world.indicator, value=12)

    cso = api_client(world.cso)
    listed = cso.get("/api/v1/tracking/indicator-values/").json()["results"]
    assert [row["id"] for row in listed] == [shown.pk]
    # The public read API agrees: the indicator itself is not found.
    assert cso.get(f"/api/v1/indicators/{hidden.pk}/").status_code == 404
    # Health is assigned the unpublished recommendation: it works on it, so it sees the value.
    health = api_client(world.focal_health).get("/api/v1/tracking/indicator-values/").json()["results"]
    assert {row["id"] for row in health} >= {shown.pk, hidden.values.get().pk}
