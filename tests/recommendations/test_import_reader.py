"""The importer's reader: forgiving with headers, strict with broken files; folding copies; warnings."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from recommendations.importers import read_table
from recommendations.importers.tabular import MAX_CELL_CHARACTERS, MAX_UNPACKED_BYTES, FileUnreadable
from recommendations.models import ImportRecord, Recommendation
from tracking.models import AuditEntry

from . import upr_info_bytes, upr_info_row

pytestmark = pytest.mark.django_db


def run(path, **options) -> str:
    out = StringIO()
    call_command("import_recommendations", path, stdout=out, **options)
    return out.getvalue()


def refused(path, **options) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_recommendations", path, stdout=StringIO(), stderr=err, **options)
    return err.getvalue() + str(failure.value)


def native_csv(*rows: str, header: str = "mechanism,state_under_review,session,text,themes") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_a_csv_cut_off_inside_its_last_row_is_refused_naming_the_row(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes(
        native_csv("UPR,KEN,21,Abolish the death penalty,upr-info:death-penalty")[:-1] + b',"Ratif'
    )

    report = refused(path, format="native")

    assert "row 2 is cut off (unexpected end of data): the file is incomplete" in report
    assert not Recommendation.objects.exists()


def test_a_csv_whose_last_line_lacks_cells_and_a_line_end_is_refused(tmp_path):
    path = tmp_path / "cut.csv"
    data = native_csv("UPR,KEN,21,Abolish the death penalty,upr-info:death-penalty")
    path.write_bytes(data + b"UPR,KEN,21")

    report = refused(path, format="native")

    assert "row 3 is cut off: it has 3 of the header's 5 cells" in report
    assert not Recommendation.objects.exists()


def test_a_column_named_twice_is_refused_naming_it(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_bytes(
        native_csv("UPR,KEN,21,One,Two", header="mechanism,state_under_review,session,text,Text")
    )

    report = refused(path, format="native")

    assert "the column text is named twice in the header" in report


def test_a_cell_longer_than_the_limit_is_a_bad_row_not_a_crash(tmp_path):
    path = tmp_path / "long.csv"
    path.write_bytes(native_csv(f"UPR,KEN,21,{'x' * (MAX_CELL_CHARACTERS + 1)},", "UPR,KEN,21,Fine,"))

    report = refused(path, format="native")

    assert (
        f"row 2: a cell is longer than {MAX_CELL_CHARACTERS:,} characters: text (131,073 characters)"
        in report
    )
    assert not Recommendation.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    """The limit is lowered for the test: making a 250 MB bomb would cost seconds; the check is the same."""
    from recommendations.importers import tabular

    assert MAX_UNPACKED_BYTES == 250 * 1024 * 1024
    monkeypatch.setattr(tabular, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))

    with pytest.raises(FileUnreadable, match="unpacks to 3 MB; at most 1 MB can be imported"):
        read_table(buffer.getvalue())
    assert len(buffer.getvalue()) < 64 * 1024


def test_headers_match_whatever_their_case_spacing_or_punctuation_below_a_title_row(tmp_path):
    path = tmp_path / "loose.csv"
    path.write_bytes(
        b"Recommendations to Kenya, exported 2024,,,,\n"
        b"MECHANISM , State under review,Session,TEXT,Themes\n"
        b"UPR,KEN,21,Abolish the death penalty,upr-info:death-penalty\n"
    )

    run(path, format="native")

    assert Recommendation.objects.get().text == "Abolish the death penalty"


def test_merged_cells_are_read_as_their_value(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["mechanism", "state_under_review", "session", "text"])
    sheet.append(["UPR", "KEN", 21, "Abolish the death penalty"])
    sheet.append([None, None, None, "Ratify the Rome Statute"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:C3")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)

    output = run(path)

    assert "tracker template" in output
    assert Recommendation.objects.filter(review__state__iso3="KEN", review__session__number=21).count() == 2


def test_a_upr_info_recommendation_repeated_with_other_issues_is_stored_once_with_both(tmp_path):
    path = tmp_path / "repeated.csv"
    path.write_bytes(
        upr_info_bytes(
            [
                upr_info_row(Issue="International instruments"),
                upr_info_row(Issue="Torture and other CID treatment"),
            ]
        )
    )

    output = run(path)

    recommendation = Recommendation.objects.get()
    assert {t.name for t in recommendation.themes.all()} == {
        "International instruments",
        "Torture and other CID treatment",
    }
    assert "merged row 3: repeats row 2 with other themes; stored once with both" in output


def test_a_thematic_list_with_unknown_labels_imports_whole_and_lists_the_new_terms(tmp_path):
    path = tmp_path / "list.csv"
    header = "state_under_review,session,wg_report_symbol,paragraph,recommendation,recommending_states,"
    header += "position,themes,affected_persons"
    rows = [
        "Slovenia,34,A/HRC/43/15,121.1,Protect sea rights (France);,,Supported/Noted,Sea rights,Sea divers",
        "Slovenia,34,A/HRC/43/15,121.2,Ratify it (Chile);,,support,Acceptance of international norms,Women",
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")

    output = run(path)

    assert Recommendation.objects.count() == 2
    assert "1 new theme(s): Sea rights" in output
    assert "1 new affected group(s): Sea divers" in output
    assert "warning row 2: position 'Supported/Noted' is split but the text has 1 part(s)" in output


def test_text_that_looks_decoded_twice_is_reported(tmp_path):
    path = tmp_path / "mojibake.csv"
    header = "To,Text,From,Response,Action,Issue,Session"
    path.write_text(f"{header}\nFrance,Protect the StateÕs children,Brazil,Accepted,5,,2\n", encoding="utf-8")

    output = run(path)

    assert "warning row 2: the text looks decoded twice" in output
    assert Recommendation.objects.count() == 1


def test_any_spreadsheet_imports_through_a_column_mapping_folding_one_row_per_state(tmp_path):
    path = tmp_path / "dataset.csv"
    path.write_bytes(
        b"Country;Recommended by;Answer;Recommendation;UPR session\n".replace(b";", b",")
        + b"Kenya,Portugal,Oui,Abolish the death penalty,21\n"
        + b"Kenya,Slovakia,Oui,Abolish the death penalty,21\n"
        + b"Kenya,Chile,Non,Ratify the Rome Statute,21\n"
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {
                    "country": "state_under_review",
                    "Recommended by": "recommending_states",
                    "answer": "response",
                    "Recommendation": "text",
                    "UPR session": "session",
                },
                "values": {"response": {"oui": "supported", "non": "noted"}},
                "defaults": {"mechanism": "UPR"},
            }
        )
    )

    run(path, columns=mapping)

    death_penalty = Recommendation.objects.get(text="Abolish the death penalty")
    assert {s.iso3 for s in death_penalty.recommending_states.all()} == {"PRT", "SVK"}
    assert death_penalty.response == "supported"
    assert Recommendation.objects.get(text="Ratify the Rome Statute").response == "noted"


def test_a_file_of_no_known_format_asks_for_a_mapping(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Alpha,Beta\n1,2\n")

    assert "its columns are not those of a known format: map them" in refused(path)


def test_each_confirmed_import_writes_one_audit_entry(tmp_path):
    path = tmp_path / "one.csv"
    path.write_bytes(upr_info_bytes([upr_info_row()]))

    run(path, dry_run=True)
    assert not ImportRecord.objects.exists()
    run(path)

    record = ImportRecord.objects.get()
    assert record.files == ["one.csv"] and record.format == "upr-info" and record.counts["created"] == 1
    entry = AuditEntry.objects.get(action="recommendations.import.confirmed")
    assert entry.object_id == record.pk and entry.changes["created"] == 1


def test_a_file_over_the_size_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    from recommendations.importers import tabular

    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_bytes(native_csv("UPR,KEN,21,Abolish the death penalty,") + b" " * (2 * 1024 * 1024))

    report = refused(path, format="native")

    assert "the file is 2 MB; at most 1 MB can be imported" in report
    assert not Recommendation.objects.exists()


def test_a_word_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    from recommendations.importers import tabular

    monkeypatch.setattr(tabular, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (3 * 1024 * 1024))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())

    assert "unpacks to 3 MB; at most 1 MB can be imported" in refused(path)
    assert not Recommendation.objects.exists()
