"""Train on earlier sessions, test on later ones: the figures ``evaluate_suggesters`` prints."""

import time

import numpy as np

from .datasets import Example, split_by_session
from .learning import metrics
from .learning.features import TextFeatures
from .suggesters import (
    label_matrix,
    sdg_goal_figures,
    theme_figures,
    train_category,
    train_sdg,
    train_themes,
)


def _theme_test_figures(suggester, scheme: str, test: list[Example], X) -> dict:
    """Figures on the test examples tagged in ``scheme``. Themes the training data lacked stay in the
    truth (every one a miss): leaving them out would flatter the model."""
    rows = [i for i, e in enumerate(test) if e.themes.get(scheme)]
    if not rows:
        return {}
    model = suggester.schemes[scheme]
    unseen = sorted({t for i in rows for t in test[i].themes[scheme]} - set(model.theme_codes))
    probabilities = model.classifier.predict_proba(X[rows])
    probabilities = np.hstack([probabilities, np.zeros((len(rows), len(unseen)))])
    truth = label_matrix([test[i].themes[scheme] for i in rows], model.theme_codes + unseen)
    return {
        "examples": len(rows),
        "themes": len(model.theme_codes),
        "unseen_themes": len(unseen),
        "threshold": model.threshold,
        **theme_figures(truth, probabilities, model.threshold),
    }


def evaluate(examples: list[Example], first_test_session: int) -> dict:
    """Train every suggester on the sessions before ``first_test_session`` and test on the rest."""
    train, test = split_by_session(examples, first_test_session)
    report = {"train": len(train), "test": len(test), "themes": {}}
    if not train or not test:
        return report
    started = time.perf_counter()
    features = TextFeatures()
    X = features.fit_transform([e.text for e in train])
    themes, _ = train_themes(train, X, features)
    category, _ = train_category(train, X, features)
    sdg, _ = train_sdg(train)
    report["training_seconds"] = time.perf_counter() - started

    started = time.perf_counter()
    texts = [e.text for e in test]
    X_test = features.transform(texts)
    for scheme in themes.schemes:
        figures = _theme_test_figures(themes, scheme, test, X_test)
        if figures:
            report["themes"][scheme] = figures
    if category is not None:
        rows = [i for i, e in enumerate(test) if e.action_category]
        if rows:
            probabilities = category.predict([texts[i] for i in rows], X_test[rows])
            predicted = np.array(category.categories)[probabilities.argmax(axis=1)]
            truth = np.array([test[i].action_category for i in rows])
            report["category"] = {"examples": len(rows), **metrics.multiclass_scores(truth, predicted)}
    report["sdg_goals"] = sdg_goal_figures(sdg, test)
    report["testing_seconds"] = time.perf_counter() - started
    return report
