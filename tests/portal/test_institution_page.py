import pytest

from institutions.models import Assignment
from institutions.views import PAGE_SIZE
from tests.portal.conftest import SECRET, make_recommendation

pytestmark = pytest.mark.django_db


def test_institution_page_lists_what_it_leads_and_supports(client, world):
    response = client.get(f"/institutions/{world.justice.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ministry of Justice" in page
    assert "Consider freedom of expression concerns" in page
    assert "Ratify the Optional Protocol" in page
    lead, supporting = response.context["mix"].bars
    assert {s.key: s.count for s in lead.segments if s.count} == {"in_progress": 1, "none": 1}
    assert supporting.total == 0  # its one supporting assignment is on an unpublished recommendation


def test_institution_page_shows_nothing_unpublished(client, world):
    assert SECRET not in client.get(f"/institutions/{world.justice.pk}/").content.decode()


def test_institution_index_counts_published_assignments_only(client, world):
    response = client.get("/institutions/")
    counts = {i.name: (i.leads, i.supports) for i in response.context["institutions"]}
    assert counts == {"Ministry of Health": (0, 1), "Ministry of Justice": (2, 0)}


def test_unknown_institution_is_not_found(client, db):
    assert client.get("/institutions/999999/").status_code == 404


def test_institution_page_query_count_does_not_grow_with_the_page(world, count_queries):
    before = count_queries(f"/institutions/{world.justice.pk}/")
    for i in range(PAGE_SIZE + 5):
        recommendation = make_recommendation(world.main.review, f"More {i}", recommending=["FRA"])
        Assignment.objects.create(recommendation=recommendation, institution=world.justice)
    assert count_queries(f"/institutions/{world.justice.pk}/") == before
    assert count_queries(f"/institutions/{world.justice.pk}/?page=2") == before
