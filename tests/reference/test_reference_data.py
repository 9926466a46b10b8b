"""The reference data the project ships, checked against the real exports it must understand.

tests/conftest.py loads it once per session, so these tests read what ``load_reference_data`` wrote.
The files under ../shared/data are the evidence; a test that needs one is skipped when it is absent.
"""

import csv
import html
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command

from reference.models import (
    AffectedGroup,
    Cycle,
    Mechanism,
    RegionalGroup,
    SdgGoal,
    SdgTarget,
    Session,
    State,
    StateAlias,
    Theme,
)
from reference.selectors import StateResolver
from reference.services import reference_data_load
from tests.shared_data import shared_file

pytestmark = pytest.mark.django_db

UPR_INFO_GROUPS = {
    "Africa": RegionalGroup.AFRICAN,
    "Asia": RegionalGroup.ASIA_PACIFIC,
    "EEG": RegionalGroup.EASTERN_EUROPEAN,
    "GRULAC": RegionalGroup.GRULAC,
    "WEOG": RegionalGroup.WEOG,
    "Observer": RegionalGroup.NONE,
}


def upr_info_rows() -> list[dict]:
    """Both UPR Info exports, decoded the way they are written (Mac Roman, CR line ends)."""
    rows = []
    for name in ("upr-info_sessions_1-5.csv", "upr-info_sessions_6-9.csv"):
        text = shared_file(f"upr-info/{name}").read_bytes().decode("mac_roman")
        rows.extend(csv.DictReader(io.StringIO(text, newline="")))
    return rows


def slovenia_rows() -> list[dict]:
    path = shared_file("ohchr/slovenia_cycles2-3_thematic_list.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def split_states(cell: str) -> list[str]:
    """Split on "|" or "," except inside parentheses: "Venezuela (Bolivarian Republic of),Peru"."""
    return [name.strip() for name in re.split(r"[|,](?![^(]*\))", cell) if name.strip()]


@pytest.fixture(scope="module")
def resolver(django_db_blocker):
    with django_db_blocker.unblock():
        return StateResolver.load()


def test_193_member_states_and_two_observers():
    assert State.objects.filter(membership=State.Membership.MEMBER).count() == 193
    observers = State.objects.filter(membership=State.Membership.OBSERVER)
    assert set(observers.values_list("iso3", "regional_group")) == {
        ("VAT", RegionalGroup.NONE),
        ("PSE", RegionalGroup.NONE),
    }


def test_regional_groups_match_the_un_list():
    path = shared_file("reference/un_member_states.csv")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    group_names = {
        "African Group": RegionalGroup.AFRICAN,
        "Asia and the Pacific Group": RegionalGroup.ASIA_PACIFIC,
        "Eastern European Group": RegionalGroup.EASTERN_EUROPEAN,
        "Latin American and Caribbean Group": RegionalGroup.GRULAC,
        "Western European and Others Group": RegionalGroup.WEOG,
    }
    expected = Counter(group_names[row["un_regional_group"]] for row in rows)
    members = State.objects.filter(membership=State.Membership.MEMBER)
    assert Counter(members.values_list("regional_group", flat=True)) == expected
    assert dict(members.values_list("iso3", "regional_group")) == {
        row["iso3"]: group_names[row["un_regional_group"]] for row in rows
    }


def test_sdgs_have_17_goals_and_169_targets():
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert SdgTarget.objects.get(code="5.3").goal.number == 5
    assert SdgTarget.objects.get(code="16.a").goal.number == 16
    assert list(SdgTarget.objects.filter(goal__number=1).values_list("code", flat=True)) == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.a",
        "1.b",
    ]


def test_54_sessions_in_4_cycles():
    assert Cycle.objects.count() == 4
    assert Session.objects.count() == 54
    second_cycle = Session.objects.filter(cycle__number=2)
    assert list(second_cycle.values_list("number", flat=True)) == list(range(13, 27))
    assert Session.objects.get(number=54).year == 2027
    for cycle in Cycle.objects.all():
        years = cycle.sessions.values_list("year", flat=True)
        assert cycle.start_year == min(years) and cycle.end_year == max(years)


def test_session_years_match_the_published_calendar():
    path = shared_file("reference/upr_sessions_year_cehdi.csv")
    with path.open(newline="") as f:
        expected = {int(row["session"]): int(row["year"]) for row in csv.DictReader(f)}
    loaded = dict(Session.objects.filter(number__in=expected).values_list("number", "year"))
    assert loaded == expected


def test_14_mechanisms():
    assert Mechanism.objects.count() == 14
    by_kind = Counter(Mechanism.objects.values_list("kind", flat=True))
    assert by_kind == {
        Mechanism.Kind.UPR: 1,
        Mechanism.Kind.TREATY_BODY: 10,
        Mechanism.Kind.SPECIAL_PROCEDURE: 1,
        Mechanism.Kind.REGIONAL: 2,
    }


def test_every_upr_info_issue_is_a_theme():
    issues = {issue.strip() for row in upr_info_rows() for issue in html.unescape(row["Issue"]).split(",")}
    issues.discard("")
    themes = Theme.objects.filter(scheme=Theme.Scheme.UPR_INFO)
    assert len(issues) == 54
    assert set(themes.values_list("name", flat=True)) == issues


def test_every_upr_info_state_resolves_to_its_regional_group(resolver):
    unresolved, misplaced = set(), set()
    for row in upr_info_rows():
        for name_column, group_column in (("To", "To-Rgrp"), ("From", "From-Rgrp")):
            name = html.unescape(row[name_column])
            if name == "(Unknown)":
                continue
            state = resolver.get(name)
            if state is None:
                unresolved.add(name)
            elif state.regional_group != UPR_INFO_GROUPS[row[group_column]]:
                misplaced.add((name, state.iso3))
    assert unresolved == set()
    assert misplaced == set()


def test_unknown_is_not_a_state(resolver):
    assert resolver.get(html.unescape("&#40;Unknown&#41;")) is None
    assert resolver.get("Atlantis") is None


def test_every_slovenia_recommending_state_resolves(resolver):
    names = {name for row in slovenia_rows() for name in split_states(row["recommending_states"])}
    assert "Venezuela (Bolivarian Republic of)" in names
    assert {name for name in names if resolver.get(name) is None} == set()


def test_every_slovenia_affected_group_is_known():
    """Matched by name, ignoring case; only UHRI's second spelling of the LGBTI group is not."""
    known = {name.lower() for name in AffectedGroup.objects.values_list("name", flat=True)}
    values = {value.strip() for row in slovenia_rows() for value in row["affected_persons"].split("|")}
    values.discard("")
    assert {value for value in values if value.lower() not in known} == {
        "lesbian, gay, bisexual, transgender and intersex persons (LGBTI)"
    }


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("DPR Korea", "PRK"),
        ("Republic of Korea", "KOR"),
        ("Macedonia FYR", "MKD"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("Swaziland", "SWZ"),
        ("Palestine", "PSE"),
        ("State of Palestine", "PSE"),
        ("Holy See", "VAT"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Trinidad & Tobago", "TTO"),
        ("Guinea Bissau", "GNB"),
        ("Democratic Republic of Congo", "COD"),
        ("Republic of Congo", "COG"),
        ("Burma", "MMR"),
        ("USA", "USA"),
        ("UK", "GBR"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("East Timor", "TLS"),
    ],
)
def test_variant_names_resolve(resolver, name, iso3):
    assert resolver.get(name).iso3 == iso3


def test_resolver_loads_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        resolver = StateResolver.load()
    assert resolver.get("Viet Nam") is resolver.get("Vietnam")


def test_second_load_changes_nothing():
    counts = reference_data_load()
    assert {name: numbers for name, numbers in counts.items() if any(numbers.values())} == {}


def test_load_restores_an_edited_row_and_keeps_additions():
    State.objects.filter(iso3="VNM").update(name="Vietnam (edited)")
    alias = StateAlias(state=State.objects.get(iso3="FRA"), name="République française")
    alias.full_clean()
    alias.save()
    counts = reference_data_load()
    assert counts["states"] == {"created": 0, "updated": 1}
    assert State.objects.get(iso3="VNM").name == "Viet Nam"
    assert StateAlias.objects.filter(pk=alias.pk).exists()


def test_command_prints_the_counts():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "states: 0 created, 0 updated" in out.getvalue()


def test_admin_finds_a_state_by_an_alias(admin_client):
    response = admin_client.get("/admin/reference/state/", {"q": "Swaziland"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [State.objects.get(iso3="SWZ")]


def state_form_with_new_alias(state: State, alias: str) -> dict:
    """The admin change form of ``state`` as posted, its existing aliases left out of the inline."""
    return {
        "iso3": state.iso3,
        "iso2": state.iso2,
        "name": state.name,
        "official_name": state.official_name,
        "regional_group": state.regional_group,
        "membership": state.membership,
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": alias,
    }


def test_admin_adds_an_alias_that_then_resolves(admin_client):
    france = State.objects.get(iso3="FRA")
    data = state_form_with_new_alias(france, "République française")
    response = admin_client.post(f"/admin/reference/state/{france.pk}/change/", data)
    assert response.status_code == 302
    assert StateResolver.load().get("Republique Francaise") == france


def test_admin_refuses_an_alias_another_state_already_has(admin_client):
    france = State.objects.get(iso3="FRA")
    data = state_form_with_new_alias(france, "Viet-Nam")
    response = admin_client.post(f"/admin/reference/state/{france.pk}/change/", data)
    assert response.status_code == 200
    assert "already resolves to Viet Nam" in response.content.decode()
    assert not france.aliases.filter(name="Viet-Nam").exists()


def test_admin_records_who_added_a_national_theme(admin_client, admin_user):
    data = {"scheme": Theme.Scheme.NATIONAL, "code": "CP", "name": "Civil and Political Rights"}
    response = admin_client.post("/admin/reference/theme/add/", data)
    assert response.status_code == 302
    theme = Theme.objects.get(scheme=Theme.Scheme.NATIONAL, code="CP")
    assert theme.created_by == admin_user and theme.updated_by == admin_user
