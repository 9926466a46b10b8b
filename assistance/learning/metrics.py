"""The figures the evaluation prints: F1 for label sets, ranking quality, accuracy."""

import numpy as np


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of each row's ``k`` highest scores, best first."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1)
    return np.take_along_axis(part, order, axis=1)


def multilabel_f1(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Micro-F1 over all decisions; macro-F1 averaged over the labels that occur in the truth or the
    predictions (a label absent from both says nothing about the model)."""
    truth, predicted = truth.astype(bool), predicted.astype(bool)
    tp = (truth & predicted).sum(axis=0)
    fp = (~truth & predicted).sum(axis=0)
    fn = (truth & ~predicted).sum(axis=0)
    micro = 2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1)
    seen = (tp + fp + fn) > 0
    per_label = 2 * tp[seen] / (2 * tp[seen] + fp[seen] + fn[seen])
    return {"micro_f1": float(micro), "macro_f1": float(per_label.mean()) if seen.any() else 0.0}


def precision_recall_at_k(truth: np.ndarray, scores: np.ndarray, k: int) -> dict[str, float]:
    """Averaged over the rows with at least one true label: recall@k is the share of a row's labels
    found among its ``k`` best scores, precision@k the share of those ``k`` that are right."""
    rows = truth.sum(axis=1) > 0
    truth, scores = truth[rows].astype(bool), scores[rows]
    if not len(truth):
        return {f"precision_at_{k}": 0.0, f"recall_at_{k}": 0.0}
    hits = np.take_along_axis(truth, top_k(scores, k), axis=1).sum(axis=1)
    return {
        f"precision_at_{k}": float((hits / min(k, truth.shape[1])).mean()),
        f"recall_at_{k}": float((hits / truth.sum(axis=1)).mean()),
    }


def multiclass_scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Accuracy and macro-F1 over the classes that occur in the truth or the predictions."""
    classes = np.union1d(truth, predicted)
    f1 = []
    for c in classes:
        tp = np.sum((truth == c) & (predicted == c))
        f1.append(2 * tp / (np.sum(truth == c) + np.sum(predicted == c)))
    return {"accuracy": float(np.mean(truth == predicted)), "macro_f1": float(np.mean(f1))}


def decide_labels(probabilities: np.ndarray, threshold: float) -> np.ndarray:
    """The labels suggested as a set: every one at or above ``threshold``, and always the best one (a
    recommendation has at least one theme)."""
    chosen = probabilities >= threshold
    chosen[np.arange(len(probabilities)), probabilities.argmax(axis=1)] = True
    return chosen
