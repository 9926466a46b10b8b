"""Importing UPR Info's real export of sessions 1–9."""

import html
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max

from recommendations.models import Recommendation, Response, Review

from . import read_upr_info, shared_file, upr_info_files

pytestmark = pytest.mark.django_db


def import_files(*paths, **options) -> str:
    out = StringIO()
    call_command("import_recommendations", *paths, format="upr-info", stdout=out, **options)
    return out.getvalue()


@pytest.mark.slow
def test_importing_both_files_stores_every_recommendation_once():
    paths = upr_info_files()
    rows = [row for path in paths for row in read_upr_info(path)]
    assert len(rows) == 14_437

    output = import_files(*paths)

    assert Recommendation.objects.count() == len(rows) - 1 == 14_436
    sessions = set(Review.objects.values_list("session__number", flat=True))
    assert sessions == {int(row["Session"]) for row in rows} == set(range(1, 10))
    assert "duplicate upr-info_sessions_6-9.csv, row 5765: repeats row 5764; stored once" in output
    assert "14436 created, 0 updated, 0 unchanged, 1 duplicate row(s) skipped (14437 rows read)" in output
    duplicate = Recommendation.objects.filter(
        review__state__name="Lesotho",
        review__session__number=8,
        recommending_states__name="Chad",
        text="Integrate the various regional and international human rights instruments "
        "to which it is a party into its domestic legislation",
    )
    assert duplicate.count() == 1
    assert not Recommendation.objects.filter(is_published=False).exists()


@pytest.mark.slow
def test_a_second_import_changes_nothing():
    paths = upr_info_files()
    import_files(*paths)
    last_change = Recommendation.objects.aggregate(Max("updated_at"))

    output = import_files(*paths)

    assert "0 created, 0 updated, 14436 unchanged" in output
    assert Recommendation.objects.count() == 14_436
    assert Recommendation.objects.aggregate(Max("updated_at")) == last_change


@pytest.mark.slow
def test_accented_names_come_out_right_and_the_encoding_is_detected():
    first, second = upr_info_files()
    output = import_files(first, second)

    assert "upr-info_sessions_1-5.csv: read as mac_roman" in output
    assert Recommendation.objects.filter(text__contains="Mr. Hissène Habré to justice").count() == 2
    assert Recommendation.objects.filter(text__contains="Guaraní indigenous peoples").exists()
    assert Recommendation.objects.filter(text__contains="Instance Equité - Reconciliation").exists()
    assert not Recommendation.objects.filter(text__regex="[ŽˆÒ]").exists()


@pytest.mark.slow
def test_issues_recommending_states_responses_and_unknowns_are_imported():
    path = shared_file("upr-info", "upr-info_sessions_1-5.csv")
    rows = read_upr_info(path)
    import_files(path)

    unknown = [row for row in rows if html.unescape(row["From"]) == "(Unknown)"]
    assert unknown
    assert Recommendation.objects.filter(recommending_states=None).count() == len(unknown)
    accepted = sum(row["Response"] == "Accepted" for row in rows)
    assert Recommendation.objects.filter(response=Response.SUPPORTED).count() == accepted
    first = rows[0]
    recommendation = Recommendation.objects.get(text=first["Text"].strip(), review__state__name=first["To"])
    assert {theme.name for theme in recommendation.themes.all()} == set(first["Issue"].split(","))
    assert [state.name for state in recommendation.recommending_states.all()] == [first["From"]]
    assert recommendation.action_category == int(first["Action"])
    assert recommendation.review.year == 2009


@pytest.mark.slow
def test_a_corrected_file_updates_that_row_in_place(tmp_path):
    path = shared_file("upr-info", "upr-info_sessions_1-5.csv")
    import_files(path)
    rows = read_upr_info(path)
    target = next(
        row
        for row in rows
        if row["Response"] == "Accepted" and row["To"] == "Tunisia" and '"' not in row["Text"]
    )
    before = Recommendation.objects.get(
        text=target["Text"].strip(),
        review__state__name=target["To"],
        recommending_states__name=target["From"],
    )
    data = path.read_bytes()
    old_line = _line_of(data, target)
    corrected = tmp_path / "corrected.csv"
    corrected.write_bytes(data.replace(old_line, old_line.replace(b",Accepted,", b",Noted,")))

    output = import_files(corrected)

    assert f"0 created, 1 updated, {len(rows) - 1} unchanged" in output
    after = Recommendation.objects.get(pk=before.pk)
    assert (after.public_id, after.response) == (before.public_id, Response.NOTED)
    assert Recommendation.objects.count() == len(rows)


def _line_of(data: bytes, row: dict[str, str]) -> bytes:
    """The one physical line of the export holding ``row``'s text and recommending state."""
    lines = [line for line in data.split(b"\r") if row["Text"].encode("mac_roman") in line]
    lines = [line for line in lines if f",{row['From']},".encode("mac_roman") in line]
    assert len(lines) == 1
    return lines[0]
