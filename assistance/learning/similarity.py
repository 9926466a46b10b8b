"""How alike recommendations are: cosine similarity of their word TF-IDF vectors."""

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


class SimilarityIndex:
    """The recommendations addressed to one state, ready to be compared with each other or with new texts.

    An index holds one state's recommendations only (a few thousand after decades of reviews, however
    large the database): repeated recommendations are by definition addressed to the same state, so this
    bounds the cost of every comparison. Word 1–2-grams with sublinear TF-IDF weighted by this state's
    own texts: phrases all its recommendations share weigh little, the specific ones much.
    """

    def __init__(self, texts: list[str]):
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32)
        self.matrix = self.vectorizer.fit_transform(texts) if texts else sparse.csr_matrix((0, 0))
        self.vectorizer.stop_words_ = None

    def __len__(self) -> int:
        return self.matrix.shape[0]

    def similarities(self, rows: np.ndarray | None = None, texts: list[str] | None = None) -> np.ndarray:
        """Cosine similarities (queries × indexed texts) of indexed ``rows`` or of new ``texts``."""
        queries = self.matrix[rows] if texts is None else self.vectorizer.transform(texts)
        return np.asarray((queries @ self.matrix.T).todense())

    @staticmethod
    def best(similarities: np.ndarray, k: int, minimum: float) -> list[list[tuple[int, float]]]:
        """Per query, up to ``k`` (column, score) pairs at or above ``minimum``, best first. Columns the
        caller ruled out should hold a negative score."""
        if not similarities.size:
            return [[] for _ in range(similarities.shape[0])]
        k = min(k, similarities.shape[1])
        part = np.argpartition(-similarities, k - 1, axis=1)[:, :k]
        found = []
        for row, columns in zip(similarities, part, strict=True):
            kept = sorted(
                ((int(c), float(row[c])) for c in columns if row[c] >= minimum), key=lambda p: -p[1]
            )
            found.append(kept)
        return found
