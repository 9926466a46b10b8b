"""Recommendation texts as sparse TF-IDF vectors."""

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

LEAD_WORDS = 4
_WORD = re.compile(r"[a-z]+")
_ATTRIBUTION = re.compile(r"(\s*\([^()]{1,200}\))+[\s;.,]*$")


def strip_attribution(text: str) -> str:
    """The text without the trailing "(France) (Lithuania);" by which OHCHR lists name the recommending
    states: words about who recommended, not about what."""
    return _ATTRIBUTION.sub("", text)


def _fitted(vectorizer: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    matrix = vectorizer.fit_transform(texts)
    # The terms pruned by min_df are kept only for inspection; for character n-grams they would be
    # most of the pickled model.
    vectorizer.stop_words_ = None
    return matrix


class TextFeatures:
    """Word 1–2-grams and character 4–5-grams within words, both TF-IDF with sublinear term frequency.

    Words carry the topic; the character n-grams match what words miss (inflections such as "ratify"
    and "ratification", compounds, misspellings), which matters with a few thousand training texts.
    """

    def __init__(self, *, min_df: int = 2):
        self.vectorizers = [
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, dtype=np.float32),
            TfidfVectorizer(
                analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True, min_df=min_df + 1, dtype=np.float32
            ),
        ]

    def fit_transform(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([_fitted(v, texts) for v in self.vectorizers], format="csr")

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([v.transform(texts) for v in self.vectorizers], format="csr")


def lead_tokens(text: str) -> list[str]:
    """The opening words by position ("0:ratify", "01:continue its"): the verb a recommendation opens
    with decides most of its action category ("Ratify" 5, "Continue" 2, "Consider" 3)."""
    words = _WORD.findall(text[:200].lower())[:LEAD_WORDS]
    pairs = zip(words, words[1:], strict=False)
    return [f"{i}:{w}" for i, w in enumerate(words)] + [
        f"{i}{i + 1}:{a} {b}" for i, (a, b) in enumerate(pairs)
    ]


class LeadFeatures:
    """The opening words of a text (``lead_tokens``) as TF-IDF features."""

    def __init__(self):
        self.vectorizer = TfidfVectorizer(analyzer=lead_tokens, sublinear_tf=True, dtype=np.float32)

    def fit_transform(self, texts: list[str]) -> sparse.csr_matrix:
        return _fitted(self.vectorizer, texts)

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return self.vectorizer.transform(texts)
