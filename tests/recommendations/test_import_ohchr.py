"""Importing OHCHR's thematic list of the recommendations Slovenia received (cycles 2 and 3)."""

import csv
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from recommendations.importers.ohchr import split_states_suffix
from recommendations.importers.vocabulary import Vocabulary
from recommendations.models import Recommendation, Response, Review
from reference.models import Theme

from . import shared_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def slovenia():
    path = shared_file("ohchr", "slovenia_cycles2-3_thematic_list.csv")
    with path.open(encoding="utf-8-sig", newline="") as file:
        return path, list(csv.DictReader(file))


def import_ohchr(path) -> str:
    out = StringIO()
    call_command("import_recommendations", path, format="ohchr", stdout=out)
    return out.getvalue()


def test_every_recommendation_is_imported_with_its_review(slovenia):
    path, rows = slovenia

    import_ohchr(path)

    assert Recommendation.objects.count() == len(rows) == 378
    reviews = Review.objects.order_by("session__number")
    assert [(r.state.name, r.session.number, r.document_symbol, r.year) for r in reviews] == [
        ("Slovenia", 20, "A/HRC/28/15", 2014),
        ("Slovenia", 34, "A/HRC/43/15", 2019),
    ]
    supported = sum(row["position"] == "Supported" for row in rows)
    assert Recommendation.objects.filter(response=Response.SUPPORTED).count() == supported


def test_several_recommending_states_come_from_one_cell_and_leave_the_text(slovenia):
    path, rows = slovenia

    import_ohchr(path)

    recommendation = Recommendation.objects.get(paragraph="115.4", review__document_symbol="A/HRC/28/15")
    assert {state.iso3 for state in recommendation.recommending_states.all()} == {"ESP", "TUN", "PRT"}
    assert (
        recommendation.text
        == "Ratify the Optional Protocol to the Covenant on Economic, Social and Cultural Rights"
    )
    several = [row for row in rows if len(re.split("[|,]", row["recommending_states"])) > 1]
    stored = Recommendation.objects.annotate(states=Count("recommending_states")).filter(states__gt=1)
    assert stored.count() == len(several) > 0


def test_un_style_names_resolve(slovenia):
    path, rows = slovenia

    import_ohchr(path)

    by_row = {row["paragraph"]: row for row in rows}
    palestine = next(p for p, row in by_row.items() if "State of Palestine" in row["recommending_states"])
    assert Recommendation.objects.filter(paragraph=palestine, recommending_states__iso3="PSE").exists()
    assert not Recommendation.objects.filter(text__endswith=");").exists()


def test_sdg_goals_affected_groups_and_uhri_themes(slovenia):
    path, rows = slovenia

    import_ohchr(path)

    with_goals = [row for row in rows if row["sdgs"]]
    assert Recommendation.objects.filter(sdg_goals__isnull=False).distinct().count() == len(with_goals)
    example = next(
        row
        for row in with_goals
        if row["sdgs"] == "10 - Reduced Inequalities|16 - Peace, Justice And Strong Institutions"
    )
    recommendation = Recommendation.objects.get(paragraph=example["paragraph"], review__session__number=34)
    assert sorted(goal.number for goal in recommendation.sdg_goals.all()) == [10, 16]
    with_groups = [row for row in rows if row["affected_persons"]]
    assert Recommendation.objects.filter(affected_groups__isnull=False).distinct().count() == len(with_groups)

    a12 = Theme.objects.get(scheme=Theme.Scheme.UHRI, code="A12")
    assert a12.name == "Acceptance of international norms"
    uncoded = [row for row in rows if row["primary_theme"] == "Acceptance of international norms"]
    assert uncoded
    assert a12.recommendations.filter(paragraph__in=[row["paragraph"] for row in uncoded]).count() == len(
        uncoded
    )
    assert (
        not Theme.objects.filter(scheme=Theme.Scheme.UHRI, name__iexact="Acceptance of international norms")
        .exclude(code="A12")
        .exists()
    )
    # Uncoded labels of cycle 3 find the coded theme shipped with the reference data: one topic, one theme.
    advancement = [row for row in rows if "Advancement of women" in row["themes"].split("|")]
    assert advancement
    assert Theme.objects.get(scheme=Theme.Scheme.UHRI, code="F11").recommendations.count() >= len(advancement)
    assert not Theme.objects.filter(scheme=Theme.Scheme.UHRI, code="advancement-of-women").exists()


def test_a_second_import_changes_nothing(slovenia):
    path, rows = slovenia
    import_ohchr(path)

    output = import_ohchr(path)

    assert f"0 created, 0 updated, {len(rows)} unchanged" in output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ratify the OP (Spain, Tunisia, Portugal);", ("Ratify the OP", ["ESP", "TUN", "PRT"])),
        ("Protect rights (Venezuela (Bolivarian Republic of));", ("Protect rights", ["VEN"])),
        ("Protect migrants’ rights (Nigeria).", ("Protect migrants’ rights.", ["NGA"])),
        ("Ratify it (Uruguay) (Mali);", ("Ratify it", ["URY", "MLI"])),
        ("Ratify A (New Zealand); Ratify B (Chile)", ("Ratify A (New Zealand); Ratify B", ["NZL", "CHL"])),
        ("Continue the plan (2011–2020);", ("Continue the plan (2011–2020)", [])),
        ("No states here;", ("No states here", [])),
    ],
)
def test_the_states_suffix_is_split_off(text, expected):
    stored, states, _parts = split_states_suffix(text, Vocabulary.load())
    assert (stored, [state.iso3 for state in states]) == expected


def test_clustered_recommendations_are_the_parts_of_a_split_position():
    _text, _states, parts = split_states_suffix(
        "Ratify A (New Zealand); Ratify B (Uruguay) (Mali);", Vocabulary.load()
    )
    assert parts == ["Ratify A", "Ratify B"]
