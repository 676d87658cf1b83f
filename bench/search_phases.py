"""Where a ranked search's time goes (bench.search_costs): matching, ordering, the store's rows, the page.

Acceptance 2 bounds p95 at top 100, and a page of 100 costs more than a page of 10 in
its own phases only. This pass says how much each phase takes, on the same questions
after the same warm-up as the timed pass, on a service of its own (so no phase reads
what the timed pass kept). The phases are timed by wrapping the snapshot's own methods
for the duration of the pass, in this bench only: the search code carries no timers.

    match  the question's words scored (thesaurus, segmenting, BM25F, coverage)
    order  filtering, the first sort and the rerank of its pool
    rows   the store's rows of the page (one SQL query for the rows not kept yet)
    page   snippets, 款/项 and the hits built, besides the rows
    other  the rest: session, parsing, snapshot check, facets

Reported as the mean over every question and over those from p90 to p99 of the time (the
questions the p95 falls among), in ms.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from typing import Iterator

PHASES = ("match", "order", "rows", "page", "other")


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    """Times the phases of each search while open: the dict holds this search's seconds so far
    per phase (the caller clears it before each search)."""
    from registry.search import service
    from registry.search.entries import PageRows

    spent: dict[str, float] = {}
    wrapped = [(service._Snapshot, "_match", "match"), (service._Snapshot, "_order", "order"),
               (service._Snapshot, "_hits", "hits"), (PageRows, "read", "rows")]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in wrapped]

    def wrap(f, key):
        def timed_call(*args, **kwargs):
            t = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - t
        return timed_call

    try:
        for (owner, name, key), (_, _, f) in zip(wrapped, originals):
            setattr(owner, name, wrap(f, key))
        yield spent
    finally:
        for owner, name, f in originals:
            setattr(owner, name, f)


def split(total_s: float, spent: dict[str, float]) -> dict[str, float]:
    """One search's seconds per phase: the page is its hits less their rows, other what is left."""
    out = {"match": spent.get("match", 0.0), "order": spent.get("order", 0.0), "rows": spent.get("rows", 0.0)}
    out["page"] = max(0.0, spent.get("hits", 0.0) - out["rows"])
    out["other"] = max(0.0, total_s - sum(out.values()))
    return out


def summary(searches: list[tuple[float, dict[str, float]]]) -> dict:
    """(total seconds, phases) per search -> mean ms per phase over all, and over the searches from
    p90 up to p99 of the time, among which the p95 falls (the slowest hundredth, a one-off such as a
    table built or a full garbage collection, would outweigh the rest)."""
    if not searches:
        return {}
    ranked = sorted(searches, key=lambda s: s[0])
    lo = min(int(0.9 * len(ranked)), len(ranked) - 1)
    slow = ranked[lo:max(lo + 1, int(0.99 * len(ranked)))]

    def means(rows):
        return {p: round(statistics.mean(r[1][p] for r in rows) * 1000, 2) for p in PHASES} | {
            "total": round(statistics.mean(r[0] for r in rows) * 1000, 2)}

    return {"all": means(searches), "p90_to_p99": means(slow), "slowest": len(slow)}


def asked(svc, questions: list[str], request, spent: dict[str, float] | None = None) -> list[tuple[float, dict]]:
    """Each question asked once (`request(q)` makes its SearchRequest): its seconds, and inside
    `timed()` (`spent`, the dict it yields) its phases. A refused question still counts its time."""
    from registry.core.errors import BadQuery

    searches = []
    for q in questions:
        if spent is not None:
            spent.clear()
        t = time.perf_counter()
        try:
            svc.search(request(q))
        except BadQuery:
            pass
        total = time.perf_counter() - t
        searches.append((total, split(total, spent) if spent is not None else {}))
    return searches


def measure(svc, questions: list[str], request) -> dict:
    """Asks each question with the phases timed: `summary` of them."""
    with timed() as spent:
        return summary(asked(svc, questions, request, spent))
