"""The three suggesters: how each is trained from examples, evaluated, stored as a version and loaded.

- Themes: for every theme scheme in use (UPR Info's issues, UHRI themes, national clusters), linear SVMs
  over word and character n-grams, calibrated per theme (``learning.linear``).
- Action category: the same, plus the opening words, as five classes.
- SDG targets: text matching against the 169 targets, refined by accepted links (``learning.sdg``).

Trained objects are pickled with joblib into ``SuggesterModel.artifact``; a process keeps the newest
version of each kind in memory and reads the file again only when a newer version appears.
"""

import io
import threading
import time
from collections import Counter
from dataclasses import dataclass

import joblib
import numpy as np
from django.core.files.base import ContentFile
from django.db import connection, transaction
from scipy import sparse

from reference.models import SdgGoal, SdgTarget

from .datasets import Example
from .learning import metrics
from .learning.features import LeadFeatures, TextFeatures
from .learning.linear import CalibratedOneVsRest
from .learning.sdg import SdgMatcher, Target
from .models import Kind, SuggesterModel

# A label needs this many examples to be learned at all, and a scheme this many tagged texts.
MIN_LABEL_EXAMPLES = 5
MIN_SCHEME_EXAMPLES = 50
THRESHOLDS = np.round(np.arange(0.15, 0.65, 0.05), 2)
TRAINING_LOCK = 0x4153_5354  # "ASST": one training at a time


@dataclass
class SchemeModel:
    theme_codes: list[str]
    classifier: CalibratedOneVsRest
    threshold: float  # the one that maximised cross-validated micro-F1: themes at or above it form the set


class ThemeSuggester:
    """Theme probabilities per scheme, from one shared text representation."""

    def __init__(self, features: TextFeatures, schemes: dict[str, SchemeModel]):
        self.features, self.schemes = features, schemes

    def predict(self, texts: list[str], X=None) -> dict[str, np.ndarray]:
        """scheme → (texts × that scheme's themes) probabilities."""
        X = self.features.transform(texts) if X is None else X
        return {scheme: model.classifier.predict_proba(X) for scheme, model in self.schemes.items()}

    @property
    def label_count(self) -> int:
        return sum(len(model.theme_codes) for model in self.schemes.values())


class CategorySuggester:
    """The action category (1–5) as a probability per category, summing to 1."""

    def __init__(self, features: TextFeatures, lead: LeadFeatures, categories: list[int], classifier):
        self.features, self.lead, self.categories, self.classifier = features, lead, categories, classifier

    def predict(self, texts: list[str], X=None) -> np.ndarray:
        X = self.features.transform(texts) if X is None else X
        probabilities = self.classifier.predict_proba(_with_lead(X, self.lead.transform(texts)))
        return probabilities / probabilities.sum(axis=1, keepdims=True)


class SdgSuggester:
    """Scores per SDG target (``matcher.codes``): cosine similarities in [0, 1], not probabilities."""

    def __init__(self, matcher: SdgMatcher):
        self.matcher = matcher

    def predict(self, texts: list[str]) -> np.ndarray:
        return self.matcher.target_scores(texts)


def _with_lead(X, lead):
    return sparse.hstack([X, lead], format="csr")


def label_matrix(label_sets: list[set], labels: list) -> np.ndarray:
    column = {label: j for j, label in enumerate(labels)}
    Y = np.zeros((len(label_sets), len(labels)), dtype=np.int8)
    for i, label_set in enumerate(label_sets):
        for label in label_set:
            if label in column:
                Y[i, column[label]] = 1
    return Y


def theme_figures(truth: np.ndarray, probabilities: np.ndarray, threshold: float) -> dict[str, float]:
    """Micro- and macro-F1 of the suggested sets, and recall@3 of the ranking."""
    figures = metrics.multilabel_f1(truth, metrics.decide_labels(probabilities, threshold))
    figures["recall_at_3"] = metrics.precision_recall_at_k(truth, probabilities, 3)["recall_at_3"]
    return figures


def _best_threshold(truth: np.ndarray, probabilities: np.ndarray) -> float:
    scores = [
        metrics.multilabel_f1(truth, metrics.decide_labels(probabilities, t))["micro_f1"] for t in THRESHOLDS
    ]
    return float(THRESHOLDS[int(np.argmax(scores))])


def train_themes(examples: list[Example], X=None, features=None) -> tuple[ThemeSuggester, dict]:
    """One calibrated classifier per scheme, on the examples tagged in that scheme.

    ``X``/``features``: the examples' vectors and the fitted ``TextFeatures``, when the caller has them.
    Returns the suggester and, per scheme, its cross-validated figures.
    """
    if features is None:
        features = TextFeatures()
        X = features.fit_transform([e.text for e in examples])
    schemes, evaluation = {}, {}
    for scheme in sorted({s for e in examples for s in e.themes}):
        rows = [i for i, e in enumerate(examples) if e.themes.get(scheme)]
        if len(rows) < MIN_SCHEME_EXAMPLES:
            continue
        counts = Counter(code for i in rows for code in examples[i].themes[scheme])
        codes = sorted(code for code, n in counts.items() if n >= MIN_LABEL_EXAMPLES)
        if len(codes) < 2:
            continue
        Y = label_matrix([examples[i].themes[scheme] for i in rows], codes)
        classifier = CalibratedOneVsRest().fit(X[rows], Y)
        threshold = _best_threshold(Y, classifier.out_of_fold)
        schemes[scheme] = SchemeModel(codes, classifier, threshold)
        evaluation[scheme] = {
            "examples": len(rows),
            "themes": len(codes),
            "threshold": threshold,
            **theme_figures(Y, classifier.out_of_fold, threshold),
        }
    return ThemeSuggester(features, schemes), evaluation


def train_category(examples: list[Example], X=None, features=None) -> tuple[CategorySuggester | None, dict]:
    rows = [i for i, e in enumerate(examples) if e.action_category]
    categories = sorted({examples[i].action_category for i in rows})
    if len(rows) < MIN_SCHEME_EXAMPLES or len(categories) < 2:
        return None, {}
    if features is None:
        features = TextFeatures()
        X = features.fit_transform([e.text for e in examples])
    lead = LeadFeatures()
    texts = [examples[i].text for i in rows]
    Y = label_matrix([{examples[i].action_category} for i in rows], categories)
    classifier = CalibratedOneVsRest().fit(_with_lead(X[rows], lead.fit_transform(texts)), Y)
    predicted = np.array(categories)[classifier.out_of_fold.argmax(axis=1)]
    truth = np.array([examples[i].action_category for i in rows])
    evaluation = {"examples": len(rows), **metrics.multiclass_scores(truth, predicted)}
    return CategorySuggester(features, lead, categories, classifier), evaluation


def sdg_reference() -> tuple[list[Target], dict[int, str]]:
    """The targets and goal titles from the reference data. Two queries."""
    rows = SdgTarget.objects.order_by("goal__number", "ordering").values_list("code", "goal__number", "title")
    goals = SdgGoal.objects.values_list("number", "short_title", "title")
    return [Target(*row) for row in rows], {number: f"{short}. {title}" for number, short, title in goals}


def sdg_goal_figures(suggester: SdgSuggester, examples: list[Example]) -> dict:
    """Precision and recall at 3 of the goals of the best targets, on ``examples`` that have goals."""
    examples = [e for e in examples if e.sdg_goals]
    if not examples:
        return {}
    goals, scores = suggester.matcher.goal_scores(suggester.predict([e.text for e in examples]))
    truth = label_matrix([e.sdg_goals for e in examples], list(goals))
    return {"examples": len(examples), **metrics.precision_recall_at_k(truth, scores, 3)}


def train_sdg(examples: list[Example]) -> tuple[SdgSuggester, dict]:
    """The matcher, with IDF from all texts and centroids from the accepted target links.

    Evaluated on the examples that have SDG goals but no target: none of them taught the matcher.
    """
    targets, goals = sdg_reference()
    links = [(e.text, sorted(e.sdg_targets)) for e in examples if e.sdg_targets]
    suggester = SdgSuggester(SdgMatcher(targets, goals).fit([e.text for e in examples], links))
    evaluation = {
        "links": len(links),
        **sdg_goal_figures(suggester, [e for e in examples if not e.sdg_targets]),
    }
    return suggester, evaluation


def store(
    kind: str, suggester, *, training_size: int, labels: int, evaluation: dict, seconds: float
) -> SuggesterModel:
    """Save ``suggester`` as the next version of ``kind``."""
    buffer = io.BytesIO()
    joblib.dump(suggester, buffer)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TRAINING_LOCK])
        latest = SuggesterModel.objects.latest_of(kind)
        version = latest.version + 1 if latest else 1
        model = SuggesterModel(
            kind=kind,
            version=version,
            training_size=training_size,
            labels=labels,
            evaluation=evaluation,
            seconds=round(seconds, 2),
        )
        model.artifact.save(f"{kind}-v{version}.joblib", ContentFile(buffer.getvalue()), save=False)
        model.full_clean()
        model.save()
    return model


def train_all(examples: list[Example], progress=None) -> list[SuggesterModel]:
    """Train and store a new version of every suggester there is data for. The text features are
    computed once and shared by the theme and category suggesters."""
    say = progress or (lambda message: None)
    stored = []
    started = time.perf_counter()
    features = TextFeatures()
    X = features.fit_transform([e.text for e in examples])
    elapsed = time.perf_counter() - started
    say(f"Features of {len(examples)} recommendations: {X.shape[1]} terms ({elapsed:.1f} s)")
    for kind, train in (
        (Kind.THEME, lambda: train_themes(examples, X, features)),
        (Kind.CATEGORY, lambda: train_category(examples, X, features)),
        (Kind.SDG_TARGET, lambda: train_sdg(examples)),
    ):
        began = time.perf_counter()
        suggester, evaluation = train()
        if suggester is None or (kind == Kind.THEME and not suggester.schemes):
            say(f"{kind}: not enough tagged recommendations to learn from")
            continue
        size, labels = _size_and_labels(kind, suggester, examples, evaluation)
        model = store(
            kind,
            suggester,
            training_size=size,
            labels=labels,
            evaluation=evaluation,
            seconds=time.perf_counter() - began,
        )
        say(f"{model} trained on {size} recommendations in {model.seconds:.1f} s; evaluation:")
        for line in model.figures():
            say(f"  {line}")
        stored.append(model)
    return stored


def _size_and_labels(kind, suggester, examples, evaluation) -> tuple[int, int]:
    if kind == Kind.THEME:
        return sum(1 for e in examples if e.themes), suggester.label_count
    if kind == Kind.CATEGORY:
        return evaluation["examples"], len(suggester.categories)
    return evaluation["links"], len(suggester.matcher.codes)


_loaded: dict[str, tuple[tuple, object]] = {}
_loading = threading.Lock()


def load(model: SuggesterModel | None):
    """The trained suggester stored in ``model`` (a ``SuggesterModel.objects.in_use()`` value), or None.

    The file is read only when this process has not loaded that version of the kind yet.
    """
    if model is None:
        return None
    with _loading:
        key = (model.pk, model.artifact.name, model.trained_at)
        cached = _loaded.get(model.kind)
        if cached is None or cached[0] != key:
            with model.artifact.open("rb") as file:
                cached = (key, joblib.load(file))
            _loaded[model.kind] = cached
    return cached[1]
