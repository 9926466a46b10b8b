"""Related and repeated recommendations: the most similar ones addressed to the same state.

Only recommendations to the same state are compared: a recommendation repeats one made to the same
state, and a state receives a few thousand in decades of reviews, so one comparison costs the same with
a thousand recommendations in the database or a million.

Thresholds, measured on Slovenia's recommendations (UPR cycles 1–3): at a cosine similarity of 0.6 and
above, a pair from different cycles was the same request in every case ("Ratify the Convention on
Migrant Workers" / "Complete the process of ratification of the International Convention on the
Protection of the Rights of All Migrant Workers…"); from 0.3 they share their subject; below, mostly
only their vocabulary.
"""

from dataclasses import dataclass

import numpy as np

from recommendations.models import Recommendation, RecommendationLink
from reference.models import Cycle

from .learning.features import strip_attribution
from .learning.similarity import SimilarityIndex

REPEATED_THRESHOLD = 0.6
SIMILAR_THRESHOLD = 0.3
NEAR_DUPLICATE_THRESHOLD = 0.8
RELATED_PER_RECOMMENDATION = 5


@dataclass(frozen=True)
class Link:
    later: int
    earlier: int
    kind: str
    score: float


@dataclass(frozen=True)
class NearDuplicate:
    row: object
    public_id: str
    score: float


def cycle_of_year(year: int, cycles: list[tuple[int, int]]) -> int:
    """The latest UPR cycle started by ``year`` (cycles as (number, start year)): places treaty-body and
    other reviews on the UPR's time line."""
    started = [number for number, start in cycles if start <= year]
    return max(started) if started else 0


class StateCorpus:
    """One state's recommendations in arrays, with their similarity index."""

    def __init__(self, *, ids, texts, reviews, periods, years, public_ids=None, source_keys=None):
        self.ids = np.asarray(ids)
        self.reviews = np.asarray(reviews)
        self.periods = np.asarray(periods)
        self.years = np.asarray(years)
        self.public_ids = public_ids or []
        self.source_keys = np.asarray(source_keys or [], dtype=object)
        self.position = {pk: i for i, pk in enumerate(ids)}
        self.index = SimilarityIndex([strip_attribution(text) for text in texts])

    @classmethod
    def from_db(cls, state_id: int, cycles: list[tuple[int, int]]) -> "StateCorpus":
        rows = (
            Recommendation.objects.filter(review__state_id=state_id)
            .order_by("id")
            .values_list(
                "id",
                "text",
                "review_id",
                "review__session__cycle__number",
                "review__year",
                "public_id",
                "source_key",
            )
        )
        ids, texts, reviews, periods, years, public_ids, source_keys = [], [], [], [], [], [], []
        for pk, text, review, cycle, year, public_id, source_key in rows:
            ids.append(pk)
            texts.append(text)
            reviews.append(review)
            periods.append(cycle or cycle_of_year(year, cycles))
            years.append(year)
            public_ids.append(public_id)
            source_keys.append(source_key)
        return cls(
            ids=ids,
            texts=texts,
            reviews=reviews,
            periods=periods,
            years=years,
            public_ids=public_ids,
            source_keys=source_keys,
        )

    def links(self, rows: np.ndarray) -> list[Link]:
        """Links between the recommendations at ``rows`` and their most similar ones in other reviews."""
        if not len(rows):
            return []
        similarities = self.index.similarities(rows)
        similarities[self.reviews[rows][:, None] == self.reviews[None, :]] = -1.0
        found = []
        for row, best in zip(
            rows,
            SimilarityIndex.best(similarities, RELATED_PER_RECOMMENDATION, SIMILAR_THRESHOLD),
            strict=True,
        ):
            for other, score in best:
                later, earlier = (row, other) if self._order(row) > self._order(other) else (other, row)
                repeated = score >= REPEATED_THRESHOLD and self.periods[earlier] < self.periods[later]
                kind = RecommendationLink.Kind.REPEATED if repeated else RecommendationLink.Kind.SIMILAR
                found.append(
                    Link(int(self.ids[later]), int(self.ids[earlier]), kind, round(min(score, 1.0), 4))
                )
        return found

    def _order(self, row: int) -> tuple:
        return (self.periods[row], self.years[row], self.ids[row])


def _cycles() -> list[tuple[int, int]]:
    return list(Cycle.objects.values_list("number", "start_year"))


def _states_of(ids: list[int]) -> dict[int, list[int]]:
    states: dict[int, list[int]] = {}
    for pk, state in Recommendation.objects.filter(pk__in=ids).values_list("pk", "review__state_id"):
        states.setdefault(state, []).append(pk)
    return states


class RelatedFinder:
    """Finds links for recommendations, keeping each state's corpus for the batches that follow."""

    def __init__(self):
        self.cycles = _cycles()
        self.corpora: dict[int, StateCorpus] = {}

    def find(self, ids: list[int]) -> list[Link]:
        """Links of ``ids``, each pair once (two recommendations may each be the other's nearest)."""
        found: dict[tuple[int, int], Link] = {}
        for state, pks in _states_of(ids).items():
            if state not in self.corpora:
                self.corpora[state] = StateCorpus.from_db(state, self.cycles)
            corpus = self.corpora[state]
            for link in corpus.links(np.array([corpus.position[pk] for pk in pks if pk in corpus.position])):
                found[link.later, link.earlier] = link
        return list(found.values())


def import_near_duplicates(rows, *, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> list[NearDuplicate]:
    """Rows about to be imported that nearly repeat a recommendation already stored for the same state.

    ``rows`` need ``text``, ``review.state_id``, ``source_key`` and ``public_id`` (the importer's
    ``ImportRow``); a stored recommendation with the row's own source key or public id is the row itself,
    not a duplicate. Returns, for each such row, the most similar stored recommendation.
    """
    by_state: dict[int, list] = {}
    for row in rows:
        by_state.setdefault(row.review.state_id, []).append(row)
    cycles = _cycles()
    found = []
    for state, state_rows in by_state.items():
        corpus = StateCorpus.from_db(state, cycles)
        if not len(corpus.ids):
            continue
        similarities = corpus.index.similarities(texts=[strip_attribution(row.text) for row in state_rows])
        for row, scores in zip(state_rows, similarities, strict=True):
            if row.source_key:
                scores[corpus.source_keys == row.source_key] = -1.0
            if row.public_id:
                scores[[i for i, p in enumerate(corpus.public_ids) if p == row.public_id]] = -1.0
            best = int(np.argmax(scores))
            if scores[best] >= threshold:
                found.append(NearDuplicate(row, corpus.public_ids[best], round(float(scores[best]), 4)))
    return found
