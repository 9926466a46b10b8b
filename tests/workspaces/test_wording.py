import pytest

from tests.conftest import signed_in
from tracking.models import ACTION_LABELS, AuditEntry

pytestmark = pytest.mark.django_db


def test_history_speaks_in_words_and_shows_no_version_number(demo):
    client = signed_in(demo.users["validator.justice"])
    client.post(f"/tracking/updates/{demo.submitted.pk}/return/", {"comment": "Add the act's number."})
    page = client.get(f"/tracking/updates/{demo.submitted.pk}/").content.decode()
    assert "Returned for changes" in page and "Add the act" in page
    assert "tracking.status_update" not in page
    assert "version" not in page.lower().split("<main")[1]
    history = client.get(f"/tracking/history/update/{demo.submitted.pk}/").content.decode()
    assert "Returned for changes" in history and "tracking.status_update" not in history


def test_every_tracking_code_written_has_words(demo):
    validator, focal = signed_in(demo.users["validator.justice"]), signed_in(demo.users["focal.justice"])
    validator.post(f"/tracking/updates/{demo.submitted.pk}/return/", {"comment": "Add the act's number."})
    focal.post(f"/tracking/updates/{demo.submitted.pk}/submit/")
    validator.post(f"/tracking/updates/{demo.submitted.pk}/approve/")
    written = set(AuditEntry.objects.values_list("action", flat=True))
    tracking = {code for code in written if code.split(".")[0] in {"tracking", "institutions", "indicators"}}
    assert tracking and tracking <= set(ACTION_LABELS)
    assert AuditEntry(action="participation.comment.created").description == "Comment created"
