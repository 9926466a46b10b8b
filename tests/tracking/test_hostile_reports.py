"""What a focal point sends is checked before it is kept (issue 13, finding 13).

A Word file with macros under a ``.docx`` name, narratives of megabytes, text that was not UTF-8, and the
public counts right after a recommendation is withdrawn.
"""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import Recommendation
from recommendations.services import recommendations_publish
from search.services import search_index_refresh
from tests.conftest import signed_in
from tracking import services
from tracking.models import NARRATIVE_MAX_LENGTH, Evidence, StatusUpdate
from upr_tracker.errors import ApplicationError

from .conftest import api_client

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _word(*, macros: bool) -> bytes:
    """A real Word document from python-docx; with ``macros``, turned into a .docm as Word saves one."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Report of the Ministry of Justice on the national preventive mechanism.")
    document.save(buffer)
    if not macros:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            target.writestr(item, data)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    return out.getvalue()


@pytest.fixture
def draft(world):
    return services.status_update_create(
        recommendation=world.recommendation,
        institution=world.justice,
        by=world.focal_justice,
        status="in_progress",
    )


def test_a_word_file_without_macros_is_accepted(world, draft):
    file = SimpleUploadedFile("report.docx", _word(macros=False), DOCX)
    assert services.evidence_add(update=draft, by=world.focal_justice, file=file).content_type == DOCX


@pytest.mark.parametrize("name", ["report.docx", "report.docm"])
def test_a_word_file_with_macros_is_refused_whatever_its_name(world, draft, name):
    file = SimpleUploadedFile(name, _word(macros=True), DOCX)
    with pytest.raises(ApplicationError, match="contains macros"):
        services.evidence_add(update=draft, by=world.focal_justice, file=file)
    assert not Evidence.objects.exists()


def test_an_opendocument_file_with_basic_macros_is_refused(world, draft):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    file = SimpleUploadedFile("report.odt", out.getvalue())
    with pytest.raises(ApplicationError, match="contains macros"):
        services.evidence_add(update=draft, by=world.focal_justice, file=file)


def test_a_narrative_past_the_limit_is_refused_by_the_service_the_form_and_the_api(world, draft):
    too_long = "a" * (NARRATIVE_MAX_LENGTH + 1)
    with pytest.raises(ApplicationError, match="At most"):
        services.status_update_edit(
            update=draft, by=world.focal_justice, expected_version=1, narrative=too_long
        )
    page = signed_in(world.focal_justice).post(
        reverse("tracking:update_create", args=[world.recommendation.public_id])
        + f"?institution={world.justice.pk}",
        {"status": "in_progress", "narrative": too_long},
    )
    assert page.status_code == 200
    assert f"at most {NARRATIVE_MAX_LENGTH}" in page.text.lower().replace(",", "")
    answer = api_client(world.focal_justice).post(
        "/api/v1/tracking/status-updates/",
        {
            "recommendation": world.recommendation.public_id,
            "institution": world.justice.pk,
            "status": "in_progress",
            "narrative": "a" * 5_000_000,
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert StatusUpdate.objects.count() == 1  # only the draft of the fixture


def test_invalid_utf8_in_the_status_form_is_refused_with_a_clear_message(world):
    body = (
        f"status=in_progress&narrative=R%E9forme+du+code+p%E9nal&institution={world.justice.pk}".encode()
    )  # Latin-1 bytes (é as %E9) sent by a misconfigured client
    page = signed_in(world.focal_justice).post(
        reverse("tracking:update_create", args=[world.recommendation.public_id])
        + f"?institution={world.justice.pk}",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert page.status_code == 200
    assert "not sent as UTF-8" in page.text
    assert not StatusUpdate.objects.exists()


def test_after_an_unpublish_the_public_counts_leave_it_out_at_once(world, client, monkeypatch):
    search_index_refresh()
    before = client.get("/api/v1/recommendations/facets/").json()["count"]
    monkeypatch.setattr("upr_tracker.outbox.dispatch", lambda message: False)  # no worker gets anything
    recommendations_publish(
        recommendations=Recommendation.objects.filter(pk=world.recommendation.pk),
        publish=False,
        by=world.coordinator,
    )
    assert client.get("/api/v1/recommendations/facets/").json()["count"] == before - 1
    assert world.recommendation.public_id not in client.get("/search/").text
