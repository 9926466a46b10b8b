import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from participation.models import Consultation, ConsultationInput
from reference.models import State
from search.services import search_index_refresh
from tests.factories import RecommendationFactory, ReviewFactory
from tests.participation.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(world, coordinator_client):
    second = RecommendationFactory(text="Ratify the OP-CAT.")
    deadline = (timezone.localtime() + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")
    response = coordinator_client.post(
        "/participation/consultations/new/",
        {
            "title": "Mid-term review 2026",
            "deadline": deadline,
            "recommendations": world.recommendation.public_id.lower(),
            "pick": [second.public_id],
        },
    )
    assert response.status_code == 302
    return Consultation.objects.get()


def test_the_coordinator_finds_recommendations_with_the_search_engine_to_consult_on(
    world, coordinator_client
):
    search_index_refresh()
    page = coordinator_client.get("/participation/consultations/new/?q=criminalise").content.decode()
    assert f'value="{world.recommendation.public_id}" checked' in page  # stemmed: "criminalising"
    assert (
        world.unpublished.public_id
        not in coordinator_client.get("/participation/consultations/new/?q=SECRET").content.decode()
    )


def test_a_search_from_the_search_page_comes_ticked_and_says_how_much_is_listed(
    world, coordinator_client, monkeypatch
):
    review = ReviewFactory(state=State.objects.get(iso3="KEN"))
    kenya = [RecommendationFactory(review=review) for _ in range(3)]
    search_index_refresh()
    monkeypatch.setattr("participation.views.consultations.FOUND_LIMIT", 2)
    response = coordinator_client.get("/participation/consultations/new/?state_under_review=KEN")
    page = response.content.decode()
    ticked = [r.public_id for r in kenya if f'value="{r.public_id}" checked' in page]
    assert len(ticked) == 2 and "the first 2 of 3" in page
    assert world.recommendation.public_id not in page
    assert '<input type="hidden" name="state_under_review" value="KEN">' in page  # kept by the word box
    deadline = (timezone.localtime() + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")
    response = coordinator_client.post(
        "/participation/consultations/new/?state_under_review=KEN",
        {"title": "Kenya follow-up", "deadline": deadline, "pick": ticked},
    )
    assert response.status_code == 302
    assert sorted(Consultation.objects.get().recommendations.values_list("public_id", flat=True)) == sorted(
        ticked
    )


def test_an_unknown_search_value_on_the_consultation_form_answers_400_with_the_message(coordinator_client):
    response = coordinator_client.get("/participation/consultations/new/?theme=999999")
    assert response.status_code == 400 and "Unknown value: 999999" in response.content.decode()


def test_organisations_give_input_per_recommendation_and_the_coordinator_exports_it(
    world, consultation, coordinator_client
):
    first, second = consultation.recommendations.order_by("pk")
    member = logged_in(world.member)
    response = member.post(
        f"/participation/consultations/{consultation.pk}/",
        {f"input-{first.pk}": "The law is not applied.", f"input-{second.pk}": '=HYPERLINK("http://x")'},
    )
    assert response.status_code == 302
    logged_in(world.trusted_member).post(
        f"/participation/consultations/{consultation.pk}/", {f"input-{first.pk}": "Courts ignore it."}
    )
    assert ConsultationInput.objects.count() == 3

    table = coordinator_client.get(f"/participation/consultations/{consultation.pk}/").content.decode()
    assert "The law is not applied." in table and "Courts ignore it." in table

    response = coordinator_client.get(f"/participation/consultations/{consultation.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Recommendation", "State"] and len(rows) == 4
    assert {(row[4], row[5]) for row in rows[1:]} >= {
        ("Women's Rights Watch", "The law is not applied."),
        ("National Human Rights Commission", "Courts ignore it."),
    }
    assert '\'=HYPERLINK("http://x")' in [row[5] for row in rows]  # formula defused

    response = coordinator_client.get(f"/participation/consultations/{consultation.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Recommendation" and len(values) == 4
    assert any(row[5] == "The law is not applied." for row in values)


def test_a_member_sees_only_their_own_input_and_no_export(world, consultation):
    first = consultation.recommendations.first()
    logged_in(world.trusted_member).post(
        f"/participation/consultations/{consultation.pk}/", {f"input-{first.pk}": "NHRI view."}
    )
    member = logged_in(world.member)
    assert "NHRI view." not in member.get(f"/participation/consultations/{consultation.pk}/").content.decode()
    assert member.get(f"/participation/consultations/{consultation.pk}/export.csv").status_code == 403


def test_a_closed_consultation_stays_readable_but_takes_no_more_input(
    world, consultation, coordinator_client
):
    first = consultation.recommendations.first()
    member = logged_in(world.member)
    member.post(f"/participation/consultations/{consultation.pk}/", {f"input-{first.pk}": "Before closing."})
    coordinator_client.post(f"/participation/consultations/{consultation.pk}/close/")
    page = member.get(f"/participation/consultations/{consultation.pk}/").content.decode()
    assert "Closed" in page and "Before closing." in page and "<textarea" not in page
    response = member.post(
        f"/participation/consultations/{consultation.pk}/", {f"input-{first.pk}": "After."}
    )
    assert response.status_code == 403
    assert ConsultationInput.objects.get().body == "Before closing."


def test_input_only_on_the_consultation_recommendations(world, consultation):
    response = logged_in(world.member).post(
        f"/participation/consultations/{consultation.pk}/", {f"input-{world.unpublished.pk}": "Sneaky."}
    )
    assert response.status_code == 400
    assert not ConsultationInput.objects.exists()


def test_people_outside_verified_organisations_do_not_see_consultations(client, world, consultation):
    assert (
        logged_in(world.outsider).get(f"/participation/consultations/{consultation.pk}/").status_code == 404
    )
    assert client.get(f"/participation/consultations/{consultation.pk}/").status_code == 302
