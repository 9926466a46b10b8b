"""The tracker's own template: what it exports, it imports back without losing anything."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from recommendations.importers import native, write_csv, write_xlsx
from recommendations.models import Recommendation, RecommendationPart, Response, Review, Translation
from reference.models import AffectedGroup, Mechanism, SdgGoal, SdgTarget, Session, State, Theme

pytestmark = pytest.mark.django_db


def make_recommendations() -> None:
    """A few recommendations using every column of the template, and texts that stress CSV and COPY."""
    upr, ccpr = Mechanism.objects.get(code="UPR"), Mechanism.objects.get(code="CCPR")
    paraguay, brazil, spain = (State.objects.get(iso3=code) for code in ("PRY", "BRA", "ESP"))
    review = Review.objects.create(
        state=paraguay, mechanism=upr, session=Session.objects.get(number=24), year=2016
    )
    observations = Review.objects.create(
        state=paraguay,
        mechanism=ccpr,
        document_symbol="CCPR/C/PRY/CO/4",
        date=datetime.date(2019, 8, 20),
        year=2019,
    )
    national = Theme.objects.create(scheme=Theme.Scheme.NATIONAL, code="justice", name="Justicia")
    split = Recommendation.objects.create(
        review=review,
        paragraph="102.7",
        text='Ratify the "Escazú Agreement";\tthen\nreport back \\N = done',
        response=Response.SUPPORTED,
        action_category=5,
        source=Recommendation.Source.OHCHR,
        source_key="a" * 40,
        is_published=True,
    )
    split.recommending_states.set([brazil, spain])
    split.themes.set([national, Theme.objects.get(scheme=Theme.Scheme.UPR_INFO, code="justice")])
    split.affected_groups.set(AffectedGroup.objects.filter(code__in=["women", "children"]))
    split.sdg_goals.set(SdgGoal.objects.filter(number__in=[5, 16]))
    split.sdg_targets.set(SdgTarget.objects.filter(code__in=["5.3", "16.10"]))
    RecommendationPart.objects.create(
        recommendation=split, position=1, text="Ratify", response=Response.SUPPORTED
    )
    RecommendationPart.objects.create(
        recommendation=split, position=2, text="report back", response=Response.NOTED
    )
    Translation.objects.create(recommendation=split, language="es", text="Ratificar el «Acuerdo de Escazú»")
    Recommendation.objects.create(
        review=observations,
        paragraph="12 (a)",
        text="=Adopt a law against discrimination.",
        language="en",
        response="",
        is_published=False,
    )


def export_csv(queryset=None) -> bytes:
    buffer = io.BytesIO()
    write_csv(native.export_rows(queryset or Recommendation.objects.order_by("public_id")), buffer)
    return buffer.getvalue()


def import_native(path, **options) -> str:
    out = StringIO()
    call_command("import_recommendations", path, format="native", stdout=out, **options)
    return out.getvalue()


def empty_database() -> None:
    Recommendation.objects.all().delete()
    Review.objects.all().delete()


def test_a_csv_export_imported_into_an_empty_database_exports_identically(tmp_path):
    make_recommendations()
    first = export_csv()
    path = tmp_path / "export.csv"
    path.write_bytes(first)
    empty_database()

    output = import_native(path)

    assert "2 created, 0 updated, 0 unchanged" in output
    assert export_csv() == first
    assert Review.objects.get(document_symbol="CCPR/C/PRY/CO/4").date == datetime.date(2019, 8, 20)
    assert not Recommendation.objects.get(paragraph="12 (a)").is_published


def test_an_xlsx_export_imported_into_an_empty_database_exports_identically(tmp_path):
    make_recommendations()
    first = export_csv()
    path = tmp_path / "export.xlsx"
    with path.open("wb") as file:
        write_xlsx(native.export_rows(Recommendation.objects.order_by("public_id")), file)
    empty_database()

    import_native(path)

    assert export_csv() == first


def test_importing_an_export_into_the_same_database_changes_nothing(tmp_path):
    make_recommendations()
    path = tmp_path / "export.csv"
    path.write_bytes(export_csv())

    assert "0 created, 0 updated, 2 unchanged" in import_native(path)


def test_an_edited_export_updates_in_place(tmp_path):
    make_recommendations()
    rows = list(native.export_rows(Recommendation.objects.order_by("public_id")))
    column = rows[0].index
    edited = next(row for row in rows[1:] if row[column("paragraph")] == "102.7")
    edited[column("response")] = "noted"
    edited[column("recommending_states")] = "BRA"
    edited[column("parts")] = ""
    path = tmp_path / "edited.csv"
    with path.open("wb") as file:
        write_csv(rows, file)

    assert "0 created, 1 updated, 1 unchanged" in import_native(path)

    recommendation = Recommendation.objects.get(public_id=edited[column("public_id")])
    assert recommendation.response == Response.NOTED
    assert [state.iso3 for state in recommendation.recommending_states.all()] == ["BRA"]
    assert not recommendation.parts.exists()
    assert recommendation.translations.count() == 1


def write_template(path, rows) -> None:
    with path.open("wb") as file:
        write_csv(rows, file)


TEMPLATE_HEADER = [
    "mechanism",
    "state_under_review",
    "session",
    "document_symbol",
    "year",
    "paragraph",
    "text",
]
TEMPLATE_HEADER += ["recommending_states", "response"]


def test_a_template_filled_by_hand_imports_once(tmp_path):
    path = tmp_path / "template.csv"
    write_template(
        path,
        [
            TEMPLATE_HEADER,
            [
                "UPR",
                "Paraguay",
                "24",
                "",
                "",
                "102.1",
                "Adopt a national action plan.",
                "Uruguay;ARG",
                "Supported",
            ],
            ["CESCR", "PRY", "", "E/C.12/PRY/CO/4", "2015", "9", "Raise the minimum wage.", "", ""],
        ],
    )

    assert "2 created" in import_native(path)
    assert "0 created, 0 updated, 2 unchanged" in import_native(path)
    recommendation = Recommendation.objects.get(paragraph="102.1")
    assert sorted(state.iso3 for state in recommendation.recommending_states.all()) == ["ARG", "URY"]
    assert recommendation.source == Recommendation.Source.NATIVE
    assert recommendation.is_published
    assert Review.objects.get(mechanism__code="CESCR").year == 2015


def test_a_template_row_needs_a_session_or_a_document(tmp_path):
    path = tmp_path / "template.csv"
    write_template(
        path, [TEMPLATE_HEADER, ["CESCR", "PRY", "", "", "", "9", "Raise the minimum wage.", "", ""]]
    )

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_recommendations", path, format="native", stdout=StringIO(), stderr=err)

    assert "row 2: give a session or a document_symbol" in err.getvalue()


def test_the_export_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _ in range(5):
        make_recommendations_batch()
    with django_assert_max_num_queries(9):
        rows = list(native.export_rows(Recommendation.objects.all()))
    assert len(rows) == 1 + Recommendation.objects.count()


def make_recommendations_batch() -> None:
    review, _ = Review.objects.get_or_create(
        state=State.objects.get(iso3="PRY"),
        mechanism=Mechanism.objects.get(code="UPR"),
        session=Session.objects.get(number=10),
        defaults={"year": 2011},
    )
    recommendation = Recommendation.objects.create(review=review, text="Continue its efforts.")
    recommendation.recommending_states.set(State.objects.filter(iso3__in=["FRA", "CHL"]))
    recommendation.themes.set(Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO)[:2])
