import datetime as dt

import pytest
from django.utils import formats, timezone, translation

from tracking.models import StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "month"), [("en", "Feb"), ("fr", "février"), ("es", "febrero")])
def test_dates_are_written_in_the_readers_language(client, world, language, month):
    update = StatusUpdate.objects.filter(recommendation=world.main, state="published").latest("published_at")
    update.published_at = timezone.make_aware(dt.datetime(2025, 2, 14, 10, 0))
    update.save(update_fields=["published_at"])
    page = client.get(f"/recommendations/{world.main.public_id}/", HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        expected = formats.date_format(update.published_at, "DATE_FORMAT")
    assert month in expected and "2025-02-14" not in expected
    assert f'2025-02-14T10:00:00+00:00">{expected}</time>' in page.content.decode()
