"""The import page in the admin: upload, preview (a dry run), confirm; coordinators only."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import ImportRecord, Recommendation, SavedColumnMapping
from tests.conftest import signed_in

from . import upr_info_bytes, upr_info_row

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:recommendations_import")
CONFIRM_URL = reverse("admin:recommendations_import_confirm")
MAP_URL = reverse("admin:recommendations_import_map")
TERMS_URL = reverse("admin:recommendations_import_terms")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinator():
    return get_user_model().objects.create_user("coordinator", is_staff=True, is_coordinator=True)


@pytest.fixture
def staff_member():
    """Staff, but not a coordinator: may use the admin, not import."""
    return get_user_model().objects.create_user("staff", is_staff=True)


@pytest.fixture
def focal_point():
    return get_user_model().objects.create_user("focal-point")


def upload(rows, name="upr.csv"):
    return {"file": SimpleUploadedFile(name, upr_info_bytes(rows)), "format": "upr-info", "publish": "on"}


def test_a_coordinator_previews_then_confirms_an_import(coordinator):
    client = signed_in(coordinator)
    assert client.get(IMPORT_URL).status_code == 200

    preview = client.post(IMPORT_URL, upload([upr_info_row(), upr_info_row(From="DPR Korea")]))

    assert preview.status_code == 200
    assert b"2 created, 0 updated, 0 unchanged" in preview.content
    assert b"Confirm import" in preview.content
    assert not Recommendation.objects.exists()

    confirmed = client.post(CONFIRM_URL, {"token": preview.context["token"]})

    assert confirmed.status_code == 302
    assert Recommendation.objects.count() == 2
    assert set(Recommendation.objects.values_list("created_by", flat=True)) == {coordinator.pk}
    assert b"Imported: 2 created" in client.get(confirmed.url).content


def test_a_token_is_used_once(coordinator):
    client = signed_in(coordinator)
    token = client.post(IMPORT_URL, upload([upr_info_row()])).context["token"]
    client.post(CONFIRM_URL, {"token": token})

    again = client.post(CONFIRM_URL, {"token": token}, follow=True)

    assert b"no longer pending" in again.content
    assert Recommendation.objects.count() == 1


def test_a_token_from_elsewhere_imports_nothing(coordinator):
    client = signed_in(coordinator)

    response = client.post(CONFIRM_URL, {"token": "../../etc/passwd"}, follow=True)

    assert b"no longer pending" in response.content
    assert not Recommendation.objects.exists()


def test_a_bad_file_shows_its_bad_rows_and_cannot_be_confirmed(coordinator):
    client = signed_in(coordinator)

    preview = client.post(IMPORT_URL, upload([upr_info_row(), upr_info_row(From="Atlantis")]))

    assert b"row 3: unknown recommending state &#x27;Atlantis&#x27;" in preview.content
    assert b"Confirm import" not in preview.content
    assert preview.context["token"] is None


def test_the_recommendation_pages_load(coordinator):
    coordinator.is_superuser = True
    coordinator.save()
    client = signed_in(coordinator)
    token = client.post(IMPORT_URL, upload([upr_info_row()])).context["token"]
    client.post(CONFIRM_URL, {"token": token})
    recommendation = Recommendation.objects.get()

    changelist = client.get(reverse("admin:recommendations_recommendation_changelist"))
    assert changelist.status_code == 200
    assert IMPORT_URL.encode() in changelist.content
    change = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:recommendations_review_changelist")).status_code == 200


def test_staff_who_are_not_coordinators_are_refused(staff_member):
    client = signed_in(staff_member)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, upload([upr_info_row()])).status_code == 403
    assert not Recommendation.objects.exists()


def test_people_who_are_not_staff_are_sent_to_the_login(focal_point):
    client = signed_in(focal_point)

    response = client.post(IMPORT_URL, upload([upr_info_row()]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not Recommendation.objects.exists()


def test_two_files_of_unstated_format_are_recognised_previewed_and_imported_together(coordinator):
    client = signed_in(coordinator)
    first = SimpleUploadedFile("one.csv", upr_info_bytes([upr_info_row()]))
    second = SimpleUploadedFile("two.csv", upr_info_bytes([upr_info_row(From="Chile")]))

    preview = client.post(IMPORT_URL, {"file": [first, second], "publish": "on"})

    assert b"UPR Info export (detected from its columns" in preview.content
    assert b"2 created" in preview.content
    client.post(CONFIRM_URL, {"token": preview.context["token"]})
    assert Recommendation.objects.count() == 2
    record = ImportRecord.objects.get()
    assert record.files == ["one.csv", "two.csv"] and record.by == coordinator


def test_a_spreadsheet_of_no_known_format_is_mapped_previewed_saved_and_imported(coordinator):
    client = signed_in(coordinator)
    data = b"Country,By,Answer,Recommendation,Session\nKenya,Chile,Oui,Abolish the death penalty,21\n"
    data += b"Kenya,Peru,Oui,Abolish the death penalty,21\n"

    mapping_page = client.post(IMPORT_URL, {"file": SimpleUploadedFile("odd.csv", data)}, follow=True)

    assert b"Map the columns of odd.csv" in mapping_page.content
    token = mapping_page.context["token"]
    columns = {"column-0": "state_under_review", "column-1": "recommending_states", "column-2": "response"}
    columns |= {"column-3": "text", "column-4": "session", "default-mechanism": "UPR", "token": token}
    first = client.post(MAP_URL, columns)
    assert b"unknown response &#x27;Oui&#x27;" in first.content
    assert b'name="value-2-0"' in first.content

    mapped = client.post(MAP_URL, {**columns, "value-2-0": "supported", "save_as": "Academic dataset"})

    assert b"1 created" in mapped.content and b"Confirm import" in mapped.content
    assert SavedColumnMapping.objects.get(name="Academic dataset").mapping["values"] == {
        "response": {"Oui": "supported"}
    }
    client.post(CONFIRM_URL, {"token": token})
    recommendation = Recommendation.objects.get()
    assert {s.iso3 for s in recommendation.recommending_states.all()} == {"CHL", "PER"}
    assert recommendation.response == "supported"


def test_a_saved_mapping_is_chosen_on_the_upload_page(coordinator):
    client = signed_in(coordinator)
    columns = {"Pays": "state_under_review", "Texte": "text", "Symbole": "document_symbol", "année": "year"}
    saved = SavedColumnMapping.objects.create(
        name="Ministry list", mapping={"columns": columns, "defaults": {"mechanism": "CEDAW"}}
    )
    data = "Pays,Texte,Symbole,Année\nKenya,Adopter une loi,CEDAW/C/KEN/CO/8,2017\n".encode()

    preview = client.post(IMPORT_URL, {"file": SimpleUploadedFile("liste.csv", data), "mapping": saved.pk})

    assert b"1 created" in preview.content
    assert b"tracker template (by the column mapping)" in preview.content


def test_a_new_term_is_merged_into_an_existing_one_and_its_recommendations_move(coordinator, tmp_path):
    from django.core.management import call_command

    from reference.models import Theme
    from tracking.models import AuditEntry

    path = tmp_path / "new-issue.csv"
    path.write_bytes(upr_info_bytes([upr_info_row(Issue="Torture and other CID treatment,Space travel")]))
    call_command("import_recommendations", path, stdout=io.StringIO())
    new = Theme.objects.get(name="Space travel", is_reviewed=False)
    torture = Theme.objects.get(name="Torture and other CID treatment")
    client = signed_in(coordinator)
    page = client.get(TERMS_URL)
    assert b"Space travel" in page.content

    merged = client.post(
        TERMS_URL, {"kind": "theme", "term": new.pk, "into": torture.pk, "merge": "Merge"}, follow=True
    )

    assert (
        "“Space travel” merged into “Torture and other CID treatment”: 1 recommendation(s) moved."
        in merged.content.decode()
    )
    assert not Theme.objects.filter(pk=new.pk).exists()
    assert list(Recommendation.objects.get().themes.values_list("name", flat=True)) == [
        "Torture and other CID treatment"
    ]
    assert AuditEntry.objects.filter(action="reference.theme.merged", actor=coordinator).exists()
    assert b"No term is waiting for review." in client.get(TERMS_URL).content


def test_a_new_term_is_kept(coordinator, tmp_path):
    from django.core.management import call_command

    from reference.models import AffectedGroup

    path = tmp_path / "list.csv"
    header = "state_under_review,session,wg_report_symbol,paragraph,recommendation,position,affected_persons"
    path.write_text(f"{header}\nSlovenia,34,A/HRC/43/15,121.1,Protect divers (Chile);,Supported,Sea divers\n")
    call_command("import_recommendations", path, stdout=io.StringIO())
    group = AffectedGroup.objects.get(name="Sea divers", is_reviewed=False)

    signed_in(coordinator).post(TERMS_URL, {"kind": "group", "term": group.pk, "keep": "Keep"})

    group.refresh_from_db()
    assert group.is_reviewed


def test_staff_who_are_not_coordinators_cannot_merge_terms(staff_member):
    assert signed_in(staff_member).post(TERMS_URL, {"kind": "theme", "term": 1, "into": 2}).status_code == 403
