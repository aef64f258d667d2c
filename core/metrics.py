"""How well a discriminator's probabilities agree with labels, through scikit-learn: accuracy, and ROC-AUC
(relevance) or macro-F1 with F1 per label (NLI). The offline build (core.judgebuild) writes these into its
model's metadata and a distilled judge's report (core.distill) compares them before and after."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score


def classifier_metrics(kind: str, probs: np.ndarray, labels: np.ndarray, label_names: tuple[str, ...]) -> dict:
    predicted = probs.argmax(-1)
    metrics = {"rows": int(len(labels)), "accuracy": round(float(accuracy_score(labels, predicted)), 4)}
    if kind == "relevance":
        # ROC-AUC needs both classes; a held-out set with one gives no ranking to measure.
        both = len(np.unique(labels)) == 2
        metrics["roc_auc"] = round(float(roc_auc_score(labels, probs[:, 1])), 4) if both else float("nan")
    else:
        per_label = f1_score(labels, predicted, labels=list(range(len(label_names))), average=None, zero_division=0)
        metrics["macro_f1"] = round(float(np.mean(per_label)), 4)
        metrics["f1_per_label"] = dict(zip(label_names, (round(float(f), 4) for f in per_label)))
    return metrics
