"""Files kept between an import's preview and its confirmation do not outlive it."""

import datetime as dt
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Recommendation
from recommendations.tasks import import_previews_expire_task
from tests.conftest import signed_in

from . import upr_info_bytes, upr_info_row

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:recommendations_import")
CONFIRM_URL = reverse("admin:recommendations_import_confirm")


@pytest.fixture
def previews(settings, tmp_path):
    """The folder previews are kept in, under a media root of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT / "imports"


@pytest.fixture
def coordinator():
    """A client signed in as a coordinator, who may import."""
    user = get_user_model().objects.create_user("coordinator", is_staff=True, is_coordinator=True)
    return signed_in(user)


def preview(client) -> str:
    upload = {"file": SimpleUploadedFile("upr.csv", upr_info_bytes([upr_info_row()])), "format": "upr-info"}
    return client.post(IMPORT_URL, upload).context["token"]


def test_confirming_deletes_the_previewed_file(coordinator, previews):
    token = preview(coordinator)
    assert (previews / token).is_file()

    coordinator.post(CONFIRM_URL, {"token": token})

    assert Recommendation.objects.count() == 1
    assert list(previews.iterdir()) == []


def test_cancelling_deletes_the_file_and_imports_nothing(coordinator, previews):
    token = preview(coordinator)

    response = coordinator.post(CONFIRM_URL, {"token": token, "cancel": "Cancel"}, follow=True)

    assert b"Import of upr.csv cancelled." in response.content
    assert list(previews.iterdir()) == []
    assert not Recommendation.objects.exists()
    again = coordinator.post(CONFIRM_URL, {"token": token}, follow=True)
    assert b"no longer pending" in again.content
    assert not Recommendation.objects.exists()


def test_previews_never_answered_are_deleted_after_a_day(coordinator, previews):
    other_session = signed_in(get_user_model().objects.get(username="coordinator"))
    old, recent = preview(coordinator), preview(other_session)
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(previews / old, (two_days_ago, two_days_ago))

    assert import_previews_expire_task.delay().get() == 1

    assert [path.name for path in previews.iterdir()] == [recent]
    response = coordinator.post(CONFIRM_URL, {"token": old}, follow=True)
    assert b"no longer pending" in response.content
    assert not Recommendation.objects.exists()


def test_expiring_previews_before_any_upload_deletes_nothing(previews):
    assert import_previews_expire_task.delay().get() == 0


def test_a_new_upload_discards_the_preview_the_session_had_pending(coordinator, previews):
    first = preview(coordinator)
    bad = {"file": SimpleUploadedFile("bad.csv", upr_info_bytes([upr_info_row(From="Atlantis")]))}

    response = coordinator.post(IMPORT_URL, bad)

    assert b"cannot be imported" in response.content
    assert list(previews.iterdir()) == []
    assert b"no longer pending" in coordinator.post(CONFIRM_URL, {"token": first}, follow=True).content


def test_a_rejected_two_file_upload_leaves_no_file_behind(coordinator, previews):
    good = SimpleUploadedFile("good.csv", upr_info_bytes([upr_info_row()]))
    bad = SimpleUploadedFile("bad.csv", upr_info_bytes([upr_info_row(Session="99")]))

    response = coordinator.post(IMPORT_URL, {"file": [good, bad], "format": "upr-info"})

    assert b"bad.csv, row 2: session 99 does not exist" in response.content
    assert response.context["token"] is None
    assert not previews.exists() or list(previews.iterdir()) == []
    assert not Recommendation.objects.exists()
