"""Coverage figures equal what the data says: the expectation is computed from the fixtures themselves."""

import datetime as dt

from plans.models import Plan
from plans.selectors import coverage
from recommendations.models import Recommendation
from search.selectors import SearchParams, recommendation_search
from search.services import search_index_refresh
from tests.factories import AssignmentFactory, RecommendationFactory

from .conftest import make_action, make_plan


def _world(planned):
    supported = [RecommendationFactory(response="supported") for _ in range(4)]
    noted = [RecommendationFactory(response="noted") for _ in range(2)]
    make_action(planned.plan, planned.justice, supported[:2] + noted[:1], code="2", title="Second action")
    closed = make_plan(Plan.State.CLOSED, title="Old plan")
    make_action(closed, planned.justice, supported[2:3], code="9")  # a closed plan no longer counts
    make_action(planned.draft, planned.health, supported[3:], code="D2")  # nor does a draft
    return supported, noted


def expected(recommendations):
    """What the fixtures say: addressed means linked to an action of an adopted plan."""
    rows = {}
    for r in recommendations:
        addressed = r.actions.filter(plan__state="adopted").exists()
        total, done = rows.get(r.response, (0, 0))
        rows[r.response] = (total + 1, done + addressed)
    return rows


def test_coverage_of_everything_counts_adopted_plans_only(planned):
    _world(planned)
    result = coverage(planned.coordinator)
    assert {row.response: (row.total, row.addressed) for row in result.rows} == expected(
        Recommendation.objects.all()
    )
    assert result.rows[0].response == "supported"  # supported ones first
    not_addressed = set(result.not_addressed.values_list("pk", flat=True))
    assert not_addressed == {
        r.pk for r in Recommendation.objects.all() if not r.actions.filter(plan__state="adopted").exists()
    }


def test_coverage_of_an_institution_and_its_late_actions(planned):
    supported, _noted = _world(planned)
    AssignmentFactory(recommendation=supported[0], institution=planned.health)
    result = coverage(planned.coordinator, institution=planned.health, today=dt.date(2026, 1, 1))
    scope = Recommendation.objects.filter(assignments__institution=planned.health).distinct()
    assert {row.response: (row.total, row.addressed) for row in result.rows} == expected(scope)
    assert result.late_actions == []  # Health leads no action of an adopted plan
    late = coverage(planned.coordinator, institution=planned.justice, today=dt.date(2026, 1, 1)).late_actions
    assert {a.code for a in late} == {"1", "2"}  # both end 2025-06-30, nothing published "fully"


def test_coverage_of_a_review(planned):
    _world(planned)
    review = planned.recommendation.review
    result = coverage(planned.coordinator, review=review)
    scope = Recommendation.objects.filter(review=review)
    assert {row.response: (row.total, row.addressed) for row in result.rows} == expected(scope)


def test_the_search_facet_says_addressed_or_not(planned):
    supported, noted = _world(planned)
    search_index_refresh()
    yes = recommendation_search(params=SearchParams.from_querydict({"addressed": ["yes"]}), page_size=100)
    no = recommendation_search(params=SearchParams.from_querydict({"addressed": ["no"]}), page_size=100)
    published = Recommendation.objects.published()
    addressed = {r.pk for r in published if r.actions.filter(plan__state="adopted").exists()}
    assert {r.pk for r in yes.results} == addressed
    assert {r.pk for r in no.results} == {r.pk for r in published} - addressed
    counts = {v.value: v.count for v in yes.facets["addressed"]}
    assert counts == {"yes": len(addressed), "no": published.count() - len(addressed)}


def test_adopting_a_plan_refreshes_the_facet(planned):
    from plans import services

    search_index_refresh()
    services.plan_adopt(plan=planned.draft, by=planned.coordinator)
    # the draft's action answers an unpublished recommendation: publish it to see it in the index
    Recommendation.objects.filter(pk=planned.unpublished.pk).update(is_published=True)
    search_index_refresh()
    yes = recommendation_search(params=SearchParams.from_querydict({"addressed": ["yes"]}), page_size=100)
    assert planned.unpublished.pk in {r.pk for r in yes.results}


def test_coverage_of_a_theme_includes_its_sub_themes(planned):
    from tests.factories import ThemeFactory

    parent = ThemeFactory(name="Civil and political rights")
    child = ThemeFactory(name="Police", parent=parent)
    planned.recommendation.themes.add(child)
    unplanned = RecommendationFactory(response="supported", themes=[parent])
    result = coverage(planned.coordinator, theme=parent)
    assert (result.total, result.addressed) == (2, 1)
    assert list(result.not_addressed) == [unplanned]
