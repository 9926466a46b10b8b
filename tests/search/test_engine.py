import pytest
from django.http import QueryDict

from search import sql
from search.facets import FACETS, Vocabulary
from search.selectors import InvalidSearch, SearchParams, recommendation_search
from search.services import search_index_refresh, search_index_refresh_later
from tracking.models import ImplementationStatus

from .conftest import SECRET, _published

pytestmark = pytest.mark.django_db


def search(query: str = "", **options):
    return recommendation_search(params=SearchParams.from_querydict(QueryDict(query)), **options)


def found(query: str = "") -> set[str]:
    return {r.public_id for r in search(query, page_size=100).results}


def counts(result, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in result.facets[facet]}


def test_filters_by_state_under_review_and_shows_only_published(world):
    result = search("state_under_review=fra")
    assert result.total == 4
    assert {r.public_id for r in result.results} == {
        world.abolish.public_id,
        world.debate.public_id,
        world.women.public_id,
        world.drafted.public_id,
    }


def test_several_values_are_or_within_a_facet_and_across_facets_and(world):
    assert found("state_under_review=FRA&state_under_review=BRA&response=noted") == {
        world.abolish.public_id,
        world.torture.public_id,
    }


def test_facet_counts_ignore_their_own_selection(world):
    result = search("state_under_review=FRA&response=noted")
    assert result.total == 1
    assert counts(result, "response") == {"supported": 3, "noted": 1}
    assert counts(result, "state_under_review") == {"FRA": 1, "BRA": 1}
    assert next(v for v in result.facets["response"] if v.value == "noted").selected


def test_a_parent_theme_counts_what_its_children_hold(world):
    assert found(f"theme={world.rights.pk}") == {world.abolish.public_id}
    facet = {v.value: v for v in search().facets["theme"]}
    assert facet[str(world.rights.pk)].count == 1
    assert facet[str(world.justice.pk)].parent == str(world.rights.pk)


def test_status_is_the_latest_published_one(world):
    assert found("status=fully") == {world.abolish.public_id}
    # A draft counts for nothing: the recommendation has no status yet.
    assert world.drafted.public_id in found("status=none")
    assert counts(search(), "status") == {"fully": 1, "none": 5}


def test_sdg_goals_include_the_goals_of_targets(world):
    assert found("sdg_goal=5") == {world.women.public_id, world.discrimination.public_id}
    assert found("sdg_target=5.2") == {world.women.public_id}


def test_regional_groups_of_both_sides(world):
    assert found("recommending_regional_group=grulac") == {world.abolish.public_id, world.debate.public_id}
    assert found("regional_group=african") == {world.discrimination.public_id}


def test_institutions_and_other_facets(world):
    assert found(f"institution={world.ministry_of_health.pk}") == {world.women.public_id}
    assert found("affected_group=women&mechanism=upr") == {world.women.public_id}
    assert found("cycle=1") == {world.women.public_id}
    assert found("year=2019&action_category=none&response=none") == {world.discrimination.public_id}


def test_nothing_unpublished_is_counted(world):
    result = search(page_size=100)
    assert result.total == 6
    assert counts(result, "recommending_state")["URY"] == 2  # not the unpublished third
    assert "NZL" not in counts(result, "recommending_state")
    assert "partially" not in counts(result, "status")
    assert SECRET not in " ".join(r.text for r in result.results)
    assert search("q=minors").total == 0


def test_unknown_values_are_refused_with_the_parameter_named(world):
    with pytest.raises(InvalidSearch) as error:
        search("state_under_review=XYZ&cycle=two")
    assert set(error.value.extra["fields"]) == {"state_under_review", "cycle"}
    with pytest.raises(InvalidSearch):
        SearchParams.from_querydict(QueryDict("sort=random"))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "state_under_review=FRA&response=noted",
        "recommending_state=URY&recommending_state=DEU&response=noted",
        "q=death penalty&cycle=2",
        "q=women&sdg_goal=5",
        "theme={rights}&status=fully",
        "regional_group=weog&recommending_regional_group=weog",
    ],
)
def test_the_engine_agrees_with_plain_sql(world, query):
    params = SearchParams.from_querydict(QueryDict(query.format(rights=world.rights.pk)))
    result = recommendation_search(params=params)
    assert result.total == sql.count(params)
    vocabulary = Vocabulary.load()
    for facet in FACETS:
        values = vocabulary[facet.name]
        expected = {values.describe(code)[0]: n for code, n in sql.facet_counts(params, facet.name).items()}
        assert {v.value: v.count for v in result.facets[facet.name] if v.count} == expected, facet.name


def test_pages_are_stable_and_complete(world):
    everything = [r.public_id for r in search(page_size=100).results]
    paged = []
    for page in (1, 2, 3):
        paged += [r.public_id for r in search(page=page, page_size=2).results]
    assert paged == everything
    assert search(page=9, page_size=2).results == []


def test_sorts(world):
    assert search("sort=newest").results[0] == world.discrimination  # 2019
    assert search("sort=oldest").results[0] == world.women  # session 1, 2008
    assert search("sort=session").results[0] == world.women
    assert search("sort=session").results[-1] == world.discrimination  # no session: last


def test_refreshing_some_rows_follows_publication_and_status(world):
    world.debate.is_published = False
    world.debate.save()
    _published(world.drafted, world.ministry_of_justice, ImplementationStatus.NOT_STARTED, days_ago=0)
    search_index_refresh(recommendation_ids=[world.debate.pk, world.drafted.pk])
    assert world.debate.public_id not in found()
    assert found("status=not_started") == {world.drafted.public_id}


def test_a_refresh_can_wait_for_the_commit(world, django_capture_on_commit_callbacks):
    world.women.is_published = False
    world.women.save()
    with django_capture_on_commit_callbacks(execute=True):
        search_index_refresh_later([world.women.pk])
        assert search().total == 6  # the index changes at the commit, not before
    assert search().total == 5
