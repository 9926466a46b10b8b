"""TRACKER_STATE: the coordinator's overview, bulk assignment and planning from a search centre on the
NMRF's own state; every other state stays one link away."""

from urllib.parse import parse_qs, urlsplit

import pytest

from plans.selectors import coverage
from recommendations.models import ImportRecord, Recommendation
from recommendations.services import recommendations_import_files
from reference.models import State
from tests.conftest import signed_in
from tracking.models import StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya(settings):
    settings.TRACKER_STATE = "KEN"
    return State.objects.get(iso3="KEN")


def _block(page: str, marker: str) -> str:
    return page.split(marker)[1].split("</section>")[0]


def test_the_overview_centres_on_the_own_state(demo, kenya):
    other = StatusUpdate.objects.filter(state="published", recommendation__review__state=kenya).first()
    foreign = Recommendation.objects.exclude(review__state=kenya).first()
    elsewhere = StatusUpdate.objects.create(
        recommendation=foreign, institution=demo.justice, status="fully", state="approved"
    )
    page = signed_in(demo.users["coordinator"]).get("/workspace/overview/").content.decode()
    assert "What waits for Kenya's NMRF" in page and 'href="/states/KEN/"' in page
    publication = _block(page, 'id="block-publication"')
    assert f"/tracking/updates/{demo.approved.pk}/" in publication
    assert f"/tracking/updates/{elsewhere.pk}/" not in publication
    coverage_block = _block(page, 'id="coverage-title"')
    kenyan = Recommendation.objects.filter(review__state=kenya, is_published=True).count()
    assert f"/ {kenyan} (" in coverage_block
    assert other is not None


def test_coverage_of_the_own_state_counts_only_its_recommendations(demo, kenya):
    centred = coverage(demo.users["coordinator"], state=kenya)
    everything = coverage(demo.users["coordinator"])
    assert centred.total == Recommendation.objects.filter(review__state=kenya).count()
    assert everything.total == Recommendation.objects.count() > centred.total


def test_recent_imports_lists_the_import_records(demo):
    content = (
        "state_under_review,mechanism,session,text\nKEN,UPR,21,Adopt a law on the protection of witnesses.\n"
    )
    report = recommendations_import_files(
        files=[("witnesses.csv", content.encode())], by=demo.users["coordinator"]
    )
    assert report.applied, report.summary()
    record = ImportRecord.objects.get()
    page = signed_in(demo.users["coordinator"]).get("/workspace/overview/").content.decode()
    imports = _block(page, 'id="block-imports"')
    assert "witnesses.csv" in imports and f"{record.counts['created']} new recommendation" in imports
    assert "Nia Coordinator" in imports


@pytest.mark.parametrize("address", ["/tracking/assign/", "/plans/from-search/"])
def test_a_search_without_a_state_is_narrowed_to_the_own_state(demo, kenya, address):
    client = signed_in(demo.users["coordinator"])
    response = client.get(address, {"q": "torture"})
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.url).query)
    assert query == {"q": ["torture"], "state_under_review": ["KEN"]}
    page = client.get(response.url).content.decode()
    assert "Only Kenya's recommendations." in page
    every = page.split('class="muted own-state-note"')[1].split('href="?')[1].split('"')[0]
    assert parse_qs(every.replace("&amp;", "&")) == {"q": ["torture"], "all_states": ["1"]}
    assert client.get(f"{address}?q=torture&all_states=1").status_code == 200
    assert client.get(f"{address}?q=torture&state_under_review=BWA").status_code == 200
    assert client.get(address, {"public_ids": demo.published.recommendation.public_id}).status_code == 200


def test_without_an_own_state_nothing_is_narrowed(demo):
    response = signed_in(demo.users["coordinator"]).get("/tracking/assign/", {"q": "torture"})
    assert response.status_code == 200 and "own-state-note" not in response.content.decode()
