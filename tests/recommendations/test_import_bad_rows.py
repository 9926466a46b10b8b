"""All or nothing: a file with bad rows imports nothing and says which rows are bad and why."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from recommendations.models import Recommendation, Review

from . import shared_file, upr_info_bytes, upr_info_row

pytestmark = pytest.mark.django_db


def import_failing(path, **options) -> str:
    """Run an import that must fail; returns what it wrote to stderr and the error message."""
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_recommendations", path, stdout=StringIO(), stderr=err, **options)
    return err.getvalue() + str(failure.value)


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row(tmp_path):
    path = tmp_path / "bad.csv"
    rows = [
        upr_info_row(),
        upr_info_row(From="Atlantis"),
        upr_info_row(Text=""),
        upr_info_row(Session="99"),
        upr_info_row(Response="Maybe", Action="7", Issue="Space travel"),
        upr_info_row(Text="Adopt a law on access to information."),
    ]
    path.write_bytes(upr_info_bytes(rows))

    report = import_failing(path, format="upr-info")

    assert "row 3: unknown recommending state 'Atlantis'" in report
    assert "row 4: text is empty" in report
    assert "row 5: session 99 does not exist" in report
    assert "row 6: unknown response 'Maybe'; action category '7' is not 1 to 5" in report
    assert "row 2:" not in report and "row 7:" not in report
    assert "Nothing imported: 4 bad row(s)." in report
    assert not Recommendation.objects.exists()
    assert not Review.objects.exists()


@pytest.mark.slow
def test_one_bad_row_in_a_real_export_imports_nothing(tmp_path):
    data = shared_file("upr-info", "upr-info_sessions_1-5.csv").read_bytes()
    lines = data.split(b"\r")
    index = next(index for index, line in enumerate(lines) if line.startswith(b"Algeria,"))
    lines[index] = lines[index].replace(b"Algeria,", b"Atlantis,", 1)
    path = tmp_path / "one-bad-row.csv"
    path.write_bytes(b"\r".join(lines))

    report = import_failing(path, format="upr-info")

    assert f"row {index + 1}: unknown state under review 'Atlantis'" in report
    assert "Nothing imported: 1 bad row(s)." in report
    assert not Recommendation.objects.exists()


def test_a_missing_column_is_reported(tmp_path):
    path = tmp_path / "columns.csv"
    path.write_bytes(b"To,Text,From\rFrance,Do something,Brazil\r")

    report = import_failing(path, format="upr-info")

    assert "row 1: missing column(s) Response, Action, Issue, Session" in report


def test_a_dry_run_reports_the_counts_and_writes_nothing(tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(
        upr_info_bytes([upr_info_row(), upr_info_row(From="Viet Nam"), upr_info_row(From="Swaziland")])
    )
    out = StringIO()

    call_command("import_recommendations", path, format="upr-info", dry_run=True, stdout=out)

    assert "Dry run, nothing written. It would give: 3 created, 0 updated, 0 unchanged" in out.getvalue()
    assert not Recommendation.objects.exists()
    assert not Review.objects.exists()


def test_a_dry_run_of_a_bad_file_lists_the_bad_rows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(upr_info_bytes([upr_info_row(), upr_info_row(To="Narnia")]))

    report = import_failing(path, format="upr-info", dry_run=True)

    assert "row 3: unknown state under review 'Narnia'" in report
    assert not Recommendation.objects.exists()


def test_a_same_key_with_other_values_is_a_bad_row(tmp_path):
    path = tmp_path / "conflict.csv"
    path.write_bytes(upr_info_bytes([upr_info_row(), upr_info_row(Response="Noted")]))

    report = import_failing(path, format="upr-info")

    assert "row 3: is the same recommendation as row 2 but its response differs" in report
