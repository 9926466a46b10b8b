"""One linear classifier per label, with probabilities calibrated on out-of-fold scores."""

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept mapping a decision score to a probability (Platt scaling)."""
    if y.min() == y.max():
        return 0.0, 10.0 if y[0] else -10.0
    model = LogisticRegression(C=100.0).fit(scores.reshape(-1, 1), y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def _fit_label(X, y, folds, C, max_negatives, seed):
    """The averaged fold models of one label, its Platt parameters, and its out-of-fold scores."""
    rng = np.random.default_rng(seed)
    out_of_fold = np.zeros(X.shape[0], dtype=np.float32)
    weights, intercepts = [], []
    for train, held_out in folds:
        positives, negatives = train[y[train] == 1], train[y[train] == 0]
        if len(negatives) > max_negatives:
            negatives = rng.choice(negatives, max_negatives, replace=False)
        if len(positives) == 0 or len(negatives) == 0:
            w, b = np.zeros(X.shape[1], dtype=np.float32), 1.0 if len(positives) else -1.0
        else:
            rows = np.sort(np.concatenate([positives, negatives]))
            svm = LinearSVC(C=C, tol=1e-3).fit(X[rows], y[rows])
            w, b = svm.coef_.ravel().astype(np.float32), float(svm.intercept_[0])
        out_of_fold[held_out] = X[held_out] @ w + b
        weights.append(w)
        intercepts.append(b)
    slope, offset = _platt(out_of_fold, y)
    return np.mean(weights, axis=0), float(np.mean(intercepts)), slope, offset, out_of_fold


class CalibratedOneVsRest:
    """Linear SVMs, one per label, whose scores become comparable probabilities.

    Each label is trained on ``folds`` folds; the scores each fold model gives the texts it did not see
    calibrate the label (Platt scaling), so that 0.8 means about the same for "Death penalty" (frequent,
    clear-cut) as for "Right to land" (rare, vague). That is what makes a single confidence threshold and
    a ranking across labels work. The fold models are averaged into one weight vector, so a prediction
    is one sparse-dense product whatever ``folds`` is; the out-of-fold probabilities are kept
    (``out_of_fold``) as a cross-validated estimate of quality that costs no extra training.

    Negatives are subsampled to ``max_negatives`` per label and fold: past tens of thousands more
    negatives change the weights little but training time a lot; calibration still sees every text.
    Labels are trained in ``n_jobs`` processes (joblib shares the matrix with them through memory-mapped
    files). Inside a daemonic process, a Celery worker's, joblib runs them one after the other.
    """

    def __init__(self, *, C: float = 0.5, folds: int = 3, max_negatives: int = 10_000, n_jobs: int = 2):
        self.C, self.folds, self.max_negatives, self.n_jobs = C, folds, max_negatives, n_jobs

    def fit(self, X: sparse.csr_matrix, Y: np.ndarray) -> "CalibratedOneVsRest":
        n, n_labels = Y.shape
        fold_of = np.empty(n, dtype=np.int64)
        fold_of[np.random.default_rng(0).permutation(n)] = np.arange(n) % self.folds
        folds = [(np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)) for f in range(self.folds)]
        results = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_label)(X, Y[:, j].astype(np.int8), folds, self.C, self.max_negatives, j)
            for j in range(n_labels)
        )
        self.coef_ = np.stack([r[0] for r in results], axis=1).astype(np.float32)
        self.intercept_ = np.array([r[1] for r in results], dtype=np.float32)
        self.platt_ = np.array([(r[2], r[3]) for r in results], dtype=np.float64)
        self.out_of_fold = self._calibrate(np.stack([r[4] for r in results], axis=1))
        return self

    def _calibrate(self, scores: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(scores * self.platt_[:, 0] + self.platt_[:, 1])))

    def predict_proba(self, X: sparse.csr_matrix) -> np.ndarray:
        """Per-label probabilities, independent of each other (rows need not sum to 1)."""
        return self._calibrate(np.asarray(X @ self.coef_) + self.intercept_)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("out_of_fold", None)
        return state
