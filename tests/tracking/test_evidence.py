"""Evidence files: type read from content, size limited, stored outside the web root, served after a check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tracking import services
from tracking.models import Evidence, StatusUpdate
from upr_tracker.errors import ApplicationError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


@pytest.fixture
def update(world):
    return services.status_update_create(
        recommendation=world.recommendation,
        institution=world.justice,
        by=world.focal_justice,
        status="in_progress",
    )


def test_a_pdf_is_accepted_and_served_only_to_those_who_may_see_the_update(world, update, client, settings):
    evidence = services.evidence_add(
        update=update, by=world.focal_justice, file=SimpleUploadedFile("report.pdf", PDF, "application/pdf")
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT / "evidence") + "/")
    url = reverse("tracking:evidence", args=[evidence.pk])
    response = signed_in(world.validator_justice).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert signed_in(world.focal_health).get(url).status_code == 404
    assert client.get(url).status_code == 404
    StatusUpdate.objects.filter(pk=update.pk).update(state="published", published_at=timezone.now())
    assert client.get(url).status_code == 200  # published evidence is public


def test_the_type_is_read_from_the_content_not_the_name(world, update):
    fake = SimpleUploadedFile("report.pdf", b"#!/bin/sh\necho not a pdf\n", "application/pdf")
    with pytest.raises(ApplicationError, match="not an accepted kind of file"):
        services.evidence_add(update=update, by=world.focal_justice, file=fake)
    image = services.evidence_add(
        update=update, by=world.focal_justice, file=SimpleUploadedFile("x.bin", PNG)
    )
    assert image.content_type == "image/png"


def test_files_over_the_size_limit_are_refused(world, update, monkeypatch):
    monkeypatch.setattr(services, "EVIDENCE_MAX_BYTES", 1000)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000, "application/pdf")
    with pytest.raises(ApplicationError, match="larger than"):
        services.evidence_add(update=update, by=world.focal_justice, file=big)
    assert not Evidence.objects.exists()


def test_the_report_form_takes_files_and_shows_a_refusal(world):
    focal = signed_in(world.focal_justice)
    url = reverse("tracking:update_create", args=[world.recommendation.public_id])
    data = {"status": "in_progress", "institution": world.justice.pk}
    bad = focal.post(url, data | {"files": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 exe", "application/pdf")})
    assert bad.status_code == 200 and "not an accepted kind of file" in bad.text
    assert focal.post(url, data | {"files": SimpleUploadedFile("law.pdf", PDF)}).status_code == 302
    assert Evidence.objects.get().original_name == "law.pdf"


def test_evidence_is_not_reachable_through_a_media_url(client):
    assert client.get("/media/evidence/1/report.pdf").status_code == 404
