"""SDG targets for a recommendation, from what the texts mean rather than from tagged examples.

Each of the 169 targets becomes a short document: its title, its goal's title and the words
recommendations use for its subject (``sdg_keywords``). A recommendation is scored against every target
by TF-IDF cosine over light word stems, so the suggester works on a database without a single SDG link.
Links that coordinators accepted add, per target, the centroid of the recommendations linked to it; the
more links a target has, the more its centroid counts.
"""

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from .sdg_keywords import BOILERPLATE, KEYWORDS

_TOKEN = re.compile(r"[a-z][a-z0-9]+")
_STOP = ENGLISH_STOP_WORDS | set(BOILERPLATE.split())
STEM_LENGTH = 6
# A target's learned centroid counts n / (n + LEARNED_PRIOR) against its text, for n accepted links.
LEARNED_PRIOR = 5


def stems(text: str) -> list[str]:
    """Lower-cased words, a plural "s" removed and cut to ``STEM_LENGTH`` letters, with their bigrams:
    a crude stemmer, but it matches "discrimination"/"discriminatory" and "migrant"/"migrants"."""
    words = []
    for word in _TOKEN.findall(text.lower()):
        if word in _STOP:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word[:STEM_LENGTH])
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True)
class Target:
    code: str
    goal: int
    title: str


class SdgMatcher:
    """Scores texts against SDG targets; see the module docstring."""

    def __init__(self, targets: list[Target], goal_titles: dict[int, str]):
        self.targets = targets
        self.codes = [t.code for t in targets]
        self.goals = np.array([t.goal for t in targets])
        self.documents = [
            " ".join(
                [
                    t.title,
                    goal_titles.get(t.goal, ""),
                    KEYWORDS.get(str(t.goal), ""),
                    KEYWORDS.get(t.code, ""),
                ]
            )
            for t in targets
        ]
        self.learned = None
        self.learned_weight = np.zeros(len(targets))

    def fit(self, corpus: list[str] = (), links: list[tuple[str, list[str]]] = ()) -> "SdgMatcher":
        """``corpus``: recommendation texts, for word weights (IDF) as recommendations use words;
        ``links``: (text, target codes) pairs accepted by people."""
        self.vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True, dtype=np.float32)
        self.vectorizer.fit([*self.documents, *corpus, *(text for text, _ in links)])
        self.vectorizer.stop_words_ = None
        self.target_vectors = self.vectorizer.transform(self.documents)
        self.links = len(links)
        if links:
            index = {code: i for i, code in enumerate(self.codes)}
            rows, cols = [], []
            for row, (_, codes) in enumerate(links):
                for code in codes:
                    if code in index:
                        rows.append(row)
                        cols.append(index[code])
            membership = sparse.csr_matrix(
                (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(links), len(self.codes))
            )
            vectors = self.vectorizer.transform([text for text, _ in links])
            self.learned = normalize(membership.T @ vectors)
            counts = np.asarray(membership.sum(axis=0)).ravel()
            self.learned_weight = counts / (counts + LEARNED_PRIOR)
        return self

    def target_scores(self, texts: list[str]) -> np.ndarray:
        """(texts × targets) scores in [0, 1]."""
        vectors = self.vectorizer.transform(texts)
        scores = np.asarray((vectors @ self.target_vectors.T).todense())
        if self.learned is not None:
            learned = np.asarray((vectors @ self.learned.T).todense())
            scores = (1 - self.learned_weight) * scores + self.learned_weight * learned
        return np.clip(scores, 0.0, 1.0)

    def goal_scores(self, target_scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Goals (sorted numbers) and each text's score per goal: that of its best target."""
        goals = np.unique(self.goals)
        return goals, np.stack([target_scores[:, self.goals == g].max(axis=1) for g in goals], axis=1)
