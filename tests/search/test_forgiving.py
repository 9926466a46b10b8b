"""Queries are split into words the way the documents are: hyphenated words, numbers with dots, "or" in
any case. Each expectation is computed from the texts of the fixtures, and the engine's totals and facet
counts must also agree with plain SQL (``websearch_to_tsquery`` over the same index)."""

import re

import pytest
from django.http import QueryDict

from search import sql
from search.facets import FACETS, Vocabulary
from search.selectors import SearchParams, recommendation_search
from search.services import search_index_refresh
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    "Strengthen the response of the health system to the COVID-19 pandemic, in detention too.",
    "Ensure equal access to COVID 19 vaccines for migrants.",  # no hyphen: other words for the parser
    "Adopt a national plan on SDG target 5.3 to end child marriage and female genital mutilation.",
    "Implement recommendation 115.35 of the previous cycle on prison conditions.",
    "Allow complaints about police conduct by e-mail and by telephone.",
    "Send the report by email to the treaty body.",
]


@pytest.fixture
def texts(world):
    """The world of conftest plus recommendations whose words the parser splits in different ways."""
    made = [
        RecommendationFactory(review=review, text=text, response=response, recommending_states=["DEU"])
        for text, review, response in zip(
            TEXTS,
            [world.torture.review, world.discrimination.review, world.abolish.review] * 2,
            ["supported", "noted"] * 3,
            strict=True,
        )
    ]
    search_index_refresh()
    return world, made


def every_published(world, made):
    known = [world.abolish, world.debate, world.women, world.torture, world.discrimination, world.drafted]
    return known + made


def search(query: str):
    return recommendation_search(params=SearchParams.from_querydict(QueryDict(query)), page_size=100)


def assert_agrees_with_plain_sql(query: str):
    params = SearchParams.from_querydict(QueryDict(query))
    result = recommendation_search(params=params)
    assert result.total == sql.count(params), query
    vocabulary = Vocabulary.load()
    for facet in FACETS:
        values = vocabulary[facet.name]
        expected = {values.describe(code)[0]: n for code, n in sql.facet_counts(params, facet.name).items()}
        assert {v.value: v.count for v in result.facets[facet.name] if v.count} == expected, facet.name


@pytest.mark.parametrize(
    ("query", "pattern"),
    [
        ("COVID-19", r"covid-19"),
        ("covid-19 pandemic", r"covid-19 pandemic"),
        ("5.3", r"(?<![\d.])5\.3(?!\d)"),
        ("e-mail", r"\be-mail\b"),
        ('"child marriage"', r"child marriage"),
    ],
)
def test_words_are_split_as_in_the_documents(texts, query, pattern):
    world, made = texts
    expected = {r for r in every_published(world, made) if re.search(pattern, r.text, re.IGNORECASE)}
    assert expected  # the fixtures hold what the query is about
    assert set(search(f"q={query}").results) == expected
    assert_agrees_with_plain_sql(f"q={query}")


@pytest.mark.parametrize("operator", ["or", "OR", "Or"])
def test_or_works_in_any_case(texts, operator):
    world, made = texts
    expected = {
        r for r in every_published(world, made) if re.search(r"\b(penalty|e-mail)\b", r.text, re.IGNORECASE)
    }
    assert len(expected) == 3
    assert set(search(f"q=penalty {operator} e-mail").results) == expected
    assert_agrees_with_plain_sql(f"q=penalty {operator} e-mail")


def test_a_misspelt_word_finds_what_the_corrected_word_finds(texts):
    world, made = texts
    expected = {r for r in every_published(world, made) if "pandemic" in r.text.lower()}
    result = search("q=pandmeic")
    assert set(result.results) == expected
    assert (result.corrected_from, result.searched) == ("pandmeic", "pandemic")
    assert result.total == sql.count(SearchParams(q="pandemic"))
    assert search("q=pandmeic&as_typed=1").total == 0
