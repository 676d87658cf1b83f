"""How sure a ratio of two engines' figures is: a paired bootstrap over the questions, by cluster.

A set of 331 questions gives R@10 to a few hundredths, and the bound is a ratio
(lexreg's recall@10 over plain BM25's), so a figure is printed with its 95% interval.
Questions cut from one source norm share its wording and its answers' norm, so they are
not independent: whole clusters are drawn with replacement (the source norm of a
generated question; a hand-written question is its own cluster), and both engines are
scored on the same draw. Reads per-question hit lists; writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RESAMPLES = 2000
SEED = 20261204  # fixed: the same lists give the same interval in every run


@dataclass(frozen=True)
class PerQuestion:
    """What each question adds to a set's micro recall@10 and mean reciprocal rank."""

    found10: np.ndarray  # expected articles in the top 10
    rr: np.ndarray  # 1 / rank of the first expected article in the top 10, else 0


def per_question(lists: list[list], expected: list[set]) -> PerQuestion:
    found, rr = [], []
    for hits, exp in zip(lists, expected):
        found.append(len(exp & set(hits[:10])))
        rank = next((i for i, h in enumerate(hits[:10], 1) if h in exp), None)
        rr.append(1.0 / rank if rank else 0.0)
    return PerQuestion(np.array(found, dtype=float), np.array(rr, dtype=float))


def cluster_of(question: dict) -> str:
    """The source norm (its work: any version) of a generated question, else the question itself."""
    source = question.get("source") or {}
    if source.get("version_id"):
        return source["version_id"].split("@", 1)[0]
    return f"question:{question.get('id') or question.get('query')}"


def ratio_interval(a: PerQuestion, b: PerQuestion, clusters: list[str], level: float = 0.95,
                   resamples: int = RESAMPLES) -> dict:
    """The `level` percentile interval of a's over b's recall@10 and MRR@10 (micro recall, so
    the expected articles in all cancel out of the ratio), and how many clusters it drew."""
    names = sorted(set(clusters))
    if not names:
        return {"clusters": 0}
    which = np.searchsorted(names, clusters)
    n = len(names)
    sums = {k: np.bincount(which, weights=v, minlength=n)
            for k, v in (("fa", a.found10), ("fb", b.found10), ("ra", a.rr), ("rb", b.rr))}
    draws = np.random.default_rng(SEED).integers(0, n, size=(resamples, n))
    counts = np.bincount((draws + n * np.arange(resamples)[:, None]).ravel(),
                         minlength=resamples * n).reshape(resamples, n).astype(float)
    tail = (1 - level) / 2 * 100
    out: dict = {"clusters": n}
    for metric, top, bottom in (("recall_at_10", "fa", "fb"), ("mrr_at_10", "ra", "rb")):
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = (counts @ sums[top]) / (counts @ sums[bottom])
        ratio = ratio[np.isfinite(ratio)]  # a draw where the baseline found nothing has no ratio
        out[metric] = ([round(float(np.percentile(ratio, tail)), 3), round(float(np.percentile(ratio, 100 - tail)), 3)]
                       if len(ratio) else None)
    return out
