"""UHRI exports: treaty-body, special-procedure and UPR recommendations, as UHRI downloads them."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from recommendations.models import Recommendation, Response, Review

from .documents import uhri_rows_csv, uhri_rows_xlsx

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "Text": "Criminalize marital rape and raise the minimum age of marriage to 18 years.",
        "Countries Concerned": "- Kenya",
        "Reccomending Body": "- CEDAW",
        "Document Symbol": "- CEDAW/C/KEN/CO/8",
        "Type": "Recommendation",
        "Themes": "- Violence against women\n- Rights related to marriage & family",
        "Affected Persons": "- Women & girls",
        "Sdgs": "- 5.3 - Eliminate harmful practices",
        "Document Publication Date": 43164,  # 2018-03-05 as Excel counts days
        "OHCHR Annotation Id": "a1f3c9e2-0001",
        "Regions Concerned": "- Africa",
    },
    {
        "Text": "Ensure that all children born in the State party are registered at birth.",
        "Countries Concerned": "- Kenya",
        "Reccomending Body": "- CRC-OPSC",
        "Document Symbol": "- CRC/C/KEN/CO/3-5",
        "Type": "Recommendation",
        "Themes": "- Children: definition; general principles; protection",
        "Affected Persons": "- Children",
        "Sdgs": "- 16 - Peace, justice and strong institutions",
        "Document Publication Date": 42397,
        "OHCHR Annotation Id": "a1f3c9e2-0002",
    },
    {
        "Text": "Adopt a comprehensive law on the protection of human rights defenders.",
        "Countries Concerned": "- Kenya",
        "Reccomending Body": "- Special Rapporteur on the situation of human rights defenders",
        "Document Symbol": "- A/HRC/40/60/Add.1",
        "Type": "Recommendation",
        "Themes": "- Human rights defenders",
        "Document Publication Date": 43500,
        "OHCHR Annotation Id": "a1f3c9e2-0003",
    },
    {
        "Text": "Abolish the death penalty.",
        "Countries Concerned": "- Kenya",
        "Reccomending Body": "- UPR",
        "Document Symbol": "- A/HRC/29/10",
        "Type": "Recommendation",
        "Themes": "- Death penalty",
        "Document Publication Date": 42100,
        "UPR Session": "21",
        "UPR Reccomending States": "- Portugal\n- Slovakia",
        "UPR Position": "- Noted",
        "OHCHR Annotation Id": "a1f3c9e2-0004",
    },
    {
        "Text": "The Committee welcomes the adoption of the Children Act.",
        "Countries Concerned": "- Kenya",
        "Reccomending Body": "- CRC",
        "Document Symbol": "- CRC/C/KEN/CO/3-5",
        "Type": "Positive aspects",
        "Document Publication Date": 42397,
        "OHCHR Annotation Id": "a1f3c9e2-0005",
    },
]


def run(path, **options) -> str:
    out = StringIO()
    call_command("import_recommendations", path, stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_uhri_export_gives_each_mechanism_its_symbol_and_date_and_reimports_unchanged(tmp_path, kind):
    path = tmp_path / f"uhri.{kind}"
    path.write_bytes(uhri_rows_xlsx(ROWS) if kind == "xlsx" else uhri_rows_csv(ROWS))

    output = run(path)

    assert "UHRI export (detected from its columns" in output
    assert "1 row(s) that are not recommendations skipped" in output
    by_text = {r.text: r for r in Recommendation.objects.select_related("review__mechanism")}
    assert len(by_text) == 4
    cedaw = by_text[ROWS[0]["Text"]]
    assert (cedaw.review.mechanism.code, cedaw.review.document_symbol) == ("CEDAW", "CEDAW/C/KEN/CO/8")
    assert cedaw.review.date == datetime.date(2018, 3, 5) and cedaw.review.year == 2018
    assert list(cedaw.sdg_targets.values_list("code", flat=True)) == ["5.3"]
    assert list(cedaw.affected_groups.values_list("code", flat=True)) == ["women-girls"]
    assert {t.code for t in cedaw.themes.all()} == {"F13", "D8"}
    assert by_text[ROWS[1]["Text"]].review.mechanism.code == "CRC"
    assert by_text[ROWS[2]["Text"]].review.mechanism.code == "SP"
    upr = by_text[ROWS[3]["Text"]]
    assert (upr.review.mechanism.code, upr.review.session.number, upr.response) == ("UPR", 21, Response.NOTED)
    assert {s.iso3 for s in upr.recommending_states.all()} == {"PRT", "SVK"}
    assert Recommendation.objects.filter(source=Recommendation.Source.UHRI).count() == 4

    again = run(path)

    assert "0 created, 0 updated, 4 unchanged" in again


def test_rows_that_are_not_recommendations_are_imported_when_asked(tmp_path):
    path = tmp_path / "uhri.xlsx"
    path.write_bytes(uhri_rows_xlsx(ROWS))

    run(path, all_types=True)

    assert Recommendation.objects.count() == 5


def test_bad_uhri_rows_are_named_and_nothing_is_written(tmp_path):
    rows = [
        dict(ROWS[0], **{"Reccomending Body": "- Committee of Friends"}),
        dict(ROWS[1], **{"Document Publication Date": "sometime", "OHCHR Annotation Id": ""}),
        dict(ROWS[2], **{"Countries Concerned": "- Atlantis"}),
    ]
    path = tmp_path / "bad.csv"
    path.write_bytes(uhri_rows_csv(rows))

    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 3 bad row"):
        call_command("import_recommendations", path, format="uhri", stdout=StringIO(), stderr=err)

    assert "row 2: Reccomending Body 'Committee of Friends' is not one known mechanism" in err.getvalue()
    assert (
        "row 3: OHCHR Annotation Id is missing; Document Publication Date 'sometime' is not a date"
        in err.getvalue()
    )
    assert "row 4: unknown country concerned 'Atlantis'" in err.getvalue()
    assert not Recommendation.objects.exists() and not Review.objects.exists()
