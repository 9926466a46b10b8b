import pytest
from django.http import QueryDict

from search.selectors import SearchParams, recommendation_search
from search.services import search_index_refresh
from tests.factories import RecommendationFactory, TranslationFactory

pytestmark = pytest.mark.django_db


def search(query: str):
    return recommendation_search(params=SearchParams.from_querydict(QueryDict(query)), page_size=100)


def found(query: str) -> set:
    return set(search(query).results)


def test_words_are_stemmed(world):
    assert found("q=abolished") == {world.abolish}
    assert found("q=criminalising") == {world.torture}


def test_phrases_keep_their_order(world):
    assert found('q="death penalty"') == {world.abolish, world.debate}
    assert found('q="penalty death"') == set()


def test_phrases_across_stop_words_and_far_into_long_texts(world):
    assert found('q="debate on the death penalty"') == {world.debate}
    assert found('q="debate on death penalty"') == set()
    assert found('q="death zzyzx"') == set()  # a phrase word found nowhere
    long = RecommendationFactory(
        review=world.debate.review, text=" ".join(["Recalling"] * 70) + " abolish the death penalty."
    )
    search_index_refresh(recommendation_ids=[long.pk])
    assert found('q="abolish the death penalty"') == {world.abolish, long}


def test_an_unknown_word_is_completed_as_a_prefix(world):
    assert found("q=tortu") == {world.torture}
    assert found("q=discrim") == {world.discrimination}


def test_exclusion_and_or(world):
    assert found("q=death -debate") == {world.abolish}
    assert found('q=death -"public debate"') == {world.abolish}
    assert found("q=torture OR debate") == {world.torture, world.debate}


def test_a_misspelt_word_is_searched_as_corrected_unless_asked_as_typed(world):
    result = search("q=tortrue")
    assert set(result.results) == {world.torture}
    assert (result.corrected_from, result.searched, result.suggestion) == ("tortrue", "torture", None)
    as_typed = search("q=tortrue&as_typed=1")
    assert as_typed.total == 0
    assert (as_typed.corrected_from, as_typed.suggestion) == (None, "torture")
    assert search("q=torture").suggestion is None
    assert search("q=torture").corrected_from is None


def test_the_text_is_highlighted_and_escaped(world):
    [result] = search("q=torture").results
    assert (
        result.highlight == "Ensure that <mark>torture</mark> is criminalised &lt;in law&gt; &amp; punished."
    )
    [result] = search('q="death penalty"&state_under_review=FRA&response=noted').results
    assert "<mark>death</mark> <mark>penalty</mark>" in result.highlight
    assert search("state_under_review=BRA").results[0].highlight is None


def test_relevance_ranks_the_text_above_a_translation(world):
    TranslationFactory(recommendation=world.debate, language="fr", text="Un débat public sur la torture.")
    search_index_refresh(recommendation_ids=[world.debate.pk])
    result = search("q=torture")
    assert result.sort == "relevance"
    assert result.results == [world.torture, world.debate]
    assert search("q=torture&sort=oldest").sort == "oldest"


def test_stop_words_alone_do_not_filter(world):
    assert search("q=the").total == 6
