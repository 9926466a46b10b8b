"""Nobody approves or publishes an update they wrote or edited (issue 13, finding 4).

A person may hold several roles: focal point and validator of one institution, or coordinator and
focal point. The services refuse the second signature of the same person, whatever page or API asks.
"""

import pytest

from institutions.models import Membership
from tests.factories import MembershipFactory
from tracking import services
from upr_tracker import access
from upr_tracker.errors import Forbidden

from .conftest import api_client


def _submitted(world, author, editor=None):
    update = services.status_update_create(
        recommendation=world.recommendation,
        institution=world.justice,
        by=author,
        status="in_progress",
        narrative="Bill tabled.",
    )
    if editor is not None:
        services.status_update_edit(update=update, by=editor, expected_version=1, challenges="Budget.")
    services.status_update_submit(update=update, by=editor or author)
    return update


def test_a_focal_point_who_is_also_validator_cannot_approve_their_own_update(world):
    MembershipFactory(institution=world.justice, user=world.validator_justice)  # also a focal point now
    update = _submitted(world, world.validator_justice)
    assert "approve" not in access.allowed_transitions(world.validator_justice, update)
    with pytest.raises(Forbidden, match="someone else must approve"):
        services.status_update_approve(update=update, by=world.validator_justice)
    update.refresh_from_db()
    assert update.state == "submitted"
    response = api_client(world.validator_justice).post(
        f"/api/v1/tracking/status-updates/{update.pk}/approve/"
    )
    assert response.status_code == 403


def test_a_validator_who_only_edited_the_update_cannot_approve_it_either(world):
    MembershipFactory(institution=world.justice, user=world.validator_justice, role=Membership.Role.ALTERNATE)
    update = _submitted(world, world.focal_justice, editor=world.validator_justice)
    with pytest.raises(Forbidden):
        services.status_update_approve(update=update, by=world.validator_justice)


def test_a_coordinator_who_wrote_the_update_cannot_publish_it(world):
    MembershipFactory(institution=world.justice, user=world.coordinator)
    update = _submitted(world, world.coordinator)
    services.status_update_approve(update=update, by=world.validator_justice)
    assert "publish" not in access.allowed_transitions(world.coordinator, update)
    with pytest.raises(Forbidden, match="someone else must publish"):
        services.status_update_publish(update=update, by=world.coordinator)
    # Another coordinator can.
    services.status_update_publish(update=update, by=world.admin)
    assert update.state == "published"


def test_another_validator_approves_what_a_colleague_wrote(world):
    update = _submitted(world, world.focal_justice)
    services.status_update_approve(update=update, by=world.validator_justice)
    assert update.state == "approved"
