"""OHCHR's Word matrices and thematic lists: the China sample as it is, and variants of the family."""

import re
from io import StringIO

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from recommendations.models import Recommendation, Response
from reference.models import AffectedGroup, Theme

from . import shared_file
from .documents import matrix_docx

pytestmark = pytest.mark.django_db
PARAGRAPH = re.compile(r"^(\d+\.\d+)\s")


def run(path, **options) -> str:
    out = StringIO()
    call_command("import_recommendations", path, stdout=out, **options)
    return out.getvalue()


def china_expectations(path):
    """What the China matrix holds, read with python-docx independently of the importer."""
    table = docx.Document(str(path)).tables[0]
    found = {}
    for row in table.rows[1:]:
        cells = [cell.text for cell in row.cells]
        match = PARAGRAPH.match(cells[0])
        if match:
            found[match[1]] = {"position": cells[1].strip(), "first_line": cells[0].split("\n")[0]}
    return found


def test_the_china_matrix_imports_as_it_is_and_a_second_import_changes_nothing():
    path = shared_file("ohchr", "china_cycle3_session31_matrix.docx")
    expected = china_expectations(path)

    output = run(path)

    assert "OHCHR matrix / thematic list (a Word document)" in output
    stored = {
        r.paragraph: r for r in Recommendation.objects.prefetch_related("recommending_states", "themes")
    }
    assert set(stored) == set(expected) and len(stored) == 346
    review = Recommendation.objects.first().review
    assert (review.state.iso3, review.session.number, review.document_symbol) == ("CHN", 31, "A/HRC/40/6")
    for paragraph, facts in expected.items():
        recommendation = stored[paragraph]
        assert (
            recommendation.response
            == {"Supported": Response.SUPPORTED, "Noted": Response.NOTED}[facts["position"]]
        )
        assert recommendation.recommending_states.all(), paragraph
        assert recommendation.themes.all(), paragraph
        assert not recommendation.text.startswith(paragraph)
        assert "Source of position" not in recommendation.text
    clustered = stored["28.4"]
    assert {s.name for s in clustered.recommending_states.all()} == {"New Zealand", "Uruguay", "Mali"}
    assert clustered.text.endswith("Civil and Political Rights")
    assert {theme.code for theme in clustered.themes.all()} >= {"A12", "D1"}
    assert {goal.number for goal in clustered.sdg_goals.all()} == {16}
    assert stored["28.16"].affected_groups.filter(code="persons-with-disabilities").exists()

    again = run(path)

    assert "0 created, 0 updated, 346 unchanged" in again
    assert Recommendation.objects.count() == 346


VARIANT_ROWS = [
    {"theme": "12.4. Death penalty"},
    {
        "Rec. No": "118.1",
        "Recommendation": "Abolish the death penalty",
        "Recommending State": "Portugal, Slovakia",
        "Response": "Accepted",
        "Themes": "12.4. Death penalty\nGroups of persons: Youth & juveniles",
        "SDG": "Goal 16",
    },
    {
        "Rec. No": "118.2",
        "Recommendation": "Establish a moratorium on executions (Mexico); Commute death sentences (Chile)",
        "Recommending State": "",
        "Response": "Supported/Noted",
        "Themes": "Death penalty",
        "SDG": "",
    },
    {"theme": "Lunar rights"},
    {
        "Rec. No": "118.3",
        "Recommendation": "Protect the rights of lunar workers",
        "Recommending State": "Côte d’Ivoire",
        "Response": "under consideration",
        "Themes": "- Lunar rights\n- Orbital habitats",
        "SDG": "",
    },
]
VARIANT_HEADER = ["Rec. No", "Recommendation", "Recommending State", "Response", "Themes", "SDG"]


def test_a_cycle_2_layout_with_separate_columns_numbered_themes_and_plain_labels(tmp_path):
    """Another state, another cycle: separate paragraph and state columns, "Accepted", numbered themes."""
    path = tmp_path / "kenya.docx"
    path.write_bytes(
        matrix_docx(
            VARIANT_ROWS,
            header=VARIANT_HEADER,
            title="Matrix of recommendations — UPR of Kenya (2nd cycle, 21st session)",
        )
    )

    output = run(path, symbol="A/HRC/29/10")

    first = Recommendation.objects.get(paragraph="118.1")
    assert (first.review.state.iso3, first.review.session.number) == ("KEN", 21)
    assert first.review.document_symbol == "A/HRC/29/10"
    assert {s.iso3 for s in first.recommending_states.all()} == {"PRT", "SVK"}
    assert first.response == Response.SUPPORTED
    assert list(first.themes.values_list("code", flat=True)) == ["D23"]
    assert list(first.affected_groups.values_list("code", flat=True)) == ["youth-juveniles"]
    assert list(first.sdg_goals.values_list("number", flat=True)) == [16]
    split = Recommendation.objects.get(paragraph="118.2")
    assert [(p.text, p.response) for p in split.parts.all()] == [
        ("Establish a moratorium on executions", Response.SUPPORTED),
        ("Commute death sentences", Response.NOTED),
    ]
    assert split.response == "" and {s.iso3 for s in split.recommending_states.all()} == {"MEX", "CHL"}
    assert Recommendation.objects.get(paragraph="118.3").response == Response.PENDING
    new = set(Theme.objects.filter(is_reviewed=False).values_list("name", flat=True))
    assert new == {"Lunar rights", "Orbital habitats"}
    assert "new theme(s)" in output and "Lunar rights" in output


def test_the_document_header_names_state_cycle_and_session_and_states_come_from_the_text(tmp_path):
    rows = [
        {"theme": "A12 Acceptance of international norms"},
        {
            "Recommendation": "121.1 Ratify the Convention (France) (Venezuela (Bolivarian Republic of));\n"
            "Source of Position: A/HRC/43/15 - Para 121",
            "Position": "Supported",
            "Full list of themes": "- Acceptance of international norms\nSDGs:\n- 16 - PEACE, JUSTICE\n"
            "Affected persons:\n- Women & girls",
        },
    ]
    path = tmp_path / "slovenia.docx"
    path.write_bytes(
        matrix_docx(
            rows,
            header=["Recommendation", "Position", "Full list of themes", "Assessment"],
            page_header="UPR of Slovenia (3rd Cycle – 34th session)\tThematic list of recommendations",
            theme_rows=False,
        )
    )

    run(path)

    recommendation = Recommendation.objects.get()
    assert recommendation.paragraph == "121.1" and recommendation.text == "Ratify the Convention"
    assert {s.iso3 for s in recommendation.recommending_states.all()} == {"FRA", "VEN"}
    assert recommendation.review.document_symbol == "A/HRC/43/15"
    assert list(recommendation.themes.values_list("code", flat=True)) == ["A12"]
    assert list(recommendation.affected_groups.values_list("code", flat=True)) == ["women-girls"]
    assert list(recommendation.sdg_goals.values_list("number", flat=True)) == [16]


def test_a_document_that_does_not_say_its_state_asks_for_it_and_writes_nothing(tmp_path):
    path = tmp_path / "anonymous.docx"
    path.write_bytes(matrix_docx(VARIANT_ROWS, header=VARIANT_HEADER))

    with pytest.raises(CommandError):
        call_command("import_recommendations", path, stdout=StringIO(), stderr=(err := StringIO()))

    assert "does not say which state was reviewed; give it (--state ISO3)" in err.getvalue()
    assert not Recommendation.objects.exists()
    run(path, state="KEN", session="21")
    assert Recommendation.objects.count() == 3


def test_a_word_document_given_as_a_spreadsheet_format_is_read_as_a_matrix(tmp_path):
    path = tmp_path / "kenya.docx"
    path.write_bytes(
        matrix_docx(VARIANT_ROWS, header=VARIANT_HEADER, title="UPR of Kenya (2nd cycle – 21st session)")
    )

    output = run(path, format="native")

    assert "this is a Word document; it is read as an OHCHR matrix" in output
    assert Recommendation.objects.count() == 3


def test_an_unknown_state_in_a_matrix_names_the_row_and_writes_nothing(tmp_path):
    rows = [dict(VARIANT_ROWS[1], **{"Recommending State": "Atlantis"})]
    path = tmp_path / "bad.docx"
    path.write_bytes(
        matrix_docx(rows, header=VARIANT_HEADER, title="UPR of Kenya (2nd cycle – 21st session)")
    )

    with pytest.raises(CommandError):
        call_command("import_recommendations", path, stdout=StringIO(), stderr=(err := StringIO()))

    assert "row 2: unknown recommending state 'Atlantis'" in err.getvalue()
    assert (
        not Recommendation.objects.exists() and not AffectedGroup.objects.filter(is_reviewed=False).exists()
    )


def test_a_review_imported_from_upr_info_then_from_its_ohchr_matrix_is_stored_once(tmp_path):
    from . import upr_info_bytes, upr_info_row

    upr_info = tmp_path / "upr-info.csv"
    upr_info.write_bytes(
        upr_info_bytes(
            [
                upr_info_row(Text="Abolish the death penalty", From="Portugal", Issue="Death penalty"),
                upr_info_row(Text="Abolish the death penalty", From="Slovakia", Issue="Death penalty"),
                upr_info_row(
                    Text="Ratify the Rome Statute.", From="Chile", Issue="International instruments"
                ),
            ]
        )
    )
    run(upr_info)
    assert Recommendation.objects.count() == 3
    rows = [
        {"theme": "D23 Death penalty"},
        {"Recommendation": "60.1 Abolish the death penalty (Portugal) (Slovakia);", "Position": "Supported"},
        {"Recommendation": "60.2 Ratify the Rome Statute (Chile);", "Position": "Supported"},
        {"Recommendation": "60.3 Protect journalists (Chile);", "Position": "Noted"},
    ]
    matrix = tmp_path / "france.docx"
    matrix.write_bytes(
        matrix_docx(
            rows,
            header=["Recommendation", "Position", "Full list of themes"],
            title="UPR of France (1st cycle – 2nd session)",
        )
    )

    output = run(matrix, symbol="A/HRC/8/47")

    assert "1 created" in output and "2 matched to recommendations stored from another source" in output
    assert Recommendation.objects.count() == 4
    copies = Recommendation.objects.filter(text="Abolish the death penalty")
    assert [r.paragraph for r in copies] == ["60.1", "60.1"]
    assert all(r.themes.filter(code="D23").exists() for r in copies)
    assert Recommendation.objects.get(text="Ratify the Rome Statute.").paragraph == "60.2"
    assert copies.first().review.document_symbol == "A/HRC/8/47"

    again = run(matrix, symbol="A/HRC/8/47")

    assert "0 created, 0 updated, 3 unchanged" in again
    assert Recommendation.objects.count() == 4


def test_a_document_with_one_table_per_cluster_is_read_table_after_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Universal Periodic Review – Thematic list of recommendations")
    document.add_paragraph("State under review: Chile (Cycle 3, 32nd session)")
    for theme, paragraph, text in [
        ("Death penalty", "125.1", "Abolish the death penalty (Portugal);"),
        ("Women & girls", "125.2", "Combat violence against women (Spain, Peru);"),
    ]:
        document.add_paragraph(f"Cluster: {theme}")
        table = document.add_table(rows=2, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Recommendations", "Position"
        table.rows[1].cells[0].text, table.rows[1].cells[1].text = f"{paragraph} {text}", "Supported"
    path = tmp_path / "chile.docx"
    document.save(path)

    run(path, symbol="A/HRC/41/6")

    stored = {r.paragraph: r for r in Recommendation.objects.all()}
    assert set(stored) == {"125.1", "125.2"}
    assert stored["125.1"].review.state.iso3 == "CHL" and stored["125.1"].review.session.number == 32
    assert {s.iso3 for s in stored["125.2"].recommending_states.all()} == {"ESP", "PER"}
