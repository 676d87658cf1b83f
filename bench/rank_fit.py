"""Fit the ranked search's rerank constants on one half of the generated dev split, check on the other.

    .venv/bin/python -m bench.rank_fit --keep DIR [--params CP,CW,PW,LW,RW,POOL]

DIR is a folder `bench.search_quality --keep DIR` left behind: its collection copy
(quality.db, the questions' source articles removed) and quality-index. For every question
of generated-dev and the golden sets, the first stage of ranked search runs with the code's
constants, and its best DEPTH candidates after the date filter are logged with what the
rerank weighs (`pool`): the words' summed BM25F, the share of the question they cover,
the norms citing the article, proximity, lead, 位阶 and currency. The ranking is then
recomputed from those features for any constants (`order`; with the code's own it is the
service's order, tests/test_rank_fit.py), and coordinate ascent moves one constant at a
time through its grid while R@10 + MRR@10 + R@100/2 on the fitting half improves. The
halves are a seeded hash of the question id; the golden sets are only reported. The frozen
test split is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEPTH = 400
GRID = {"CP": (0.1, 0.2, 0.3, 0.5, 0.75, 1.0), "CW": (0.0, 0.1, 0.2, 0.3, 0.5),
        "PW": (0.0, 0.3, 0.6, 0.8, 1.0, 1.6), "LW": (0.0, 0.1, 0.2, 0.3, 0.4, 0.8),
        "RW": (1.0, 2.5, 10.0, 25.0, 50.0, 100.0), "POOL": (100, 200, 300, 400)}
LIMIT = 100


@dataclass
class Pool:
    """One question's first-stage candidates, best first, and what the rerank reads of them."""
    qid: str
    gids: np.ndarray  # entry numbers (the service breaks ties by them)
    keys: list[tuple[str, str]]
    bm25f: np.ndarray  # summed weighted BM25F of the question's words
    share: np.ndarray  # share of the question's weight covered
    cited: np.ndarray  # distinct citing norms
    cited_factor: np.ndarray  # the snapshot's weight for them (ranked.cited_factor), as loaded
    prox: np.ndarray
    lead: np.ndarray
    rank: np.ndarray  # ranked.search_rank (the rerank's)
    currency: np.ndarray  # CURRENCY_ORDER, 4 when unknown (the rerank's)
    sort_rank: np.ndarray  # the version's 位阶 sort key and currency (the first stage's tie-breaks)
    sort_currency: np.ndarray
    relevant: np.ndarray
    dropped: np.ndarray  # the question's source text (the bench's leakage guard)
    expected: int


def constants() -> dict:
    from registry.search import question, ranked

    return {"CP": question.COVERAGE_POWER, "CW": ranked.CITED_WEIGHT, "PW": ranked.PHRASE_WEIGHT,
            "LW": ranked.LEAD_WEIGHT, "RW": ranked.RANK_WEIGHT, "POOL": ranked.RERANK_POOL}


def half(qid: str) -> int:
    return hashlib.sha256(f"rank4-half:{qid}".encode()).digest()[0] & 1


def pool(snap, text: str, expected: set, drop: set, qid: str, day, depth: int = DEPTH) -> Pool | None:
    """The first stage of `_Snapshot._match` for one question, its parts kept apart."""
    from registry.core.errors import BadQuery
    from registry.search import Filters, SearchRequest, question, ranked, thesaurus
    from registry.search.catalog import CURRENCY_ORDER
    from registry.search.service import _check

    try:
        node = _check(SearchRequest(text, Filters(day=day), limit=LIMIT))
    except BadQuery:
        return None
    if snap.use_thesaurus:
        node, _ = thesaurus.expand(node)
    p = ranked.plan(node)
    found = ranked.question_scores(node, snap.terms, snap.titles)
    if found is None or not len(found.ids):
        return None
    keep = snap._vmask(Filters(day=day))[snap.exact.entry_version[found.ids]]
    ids, sc = found.ids[keep], found.score[keep]
    share = np.minimum(found.cover[keep] / found.total, 1.0) if found.total > 0 else np.ones(len(ids))
    first = sc * np.power(share, question.COVERAGE_POWER) * snap.cited[ids]
    vers = snap.exact.entry_version[ids]
    currency_all, _ = snap._status(day)
    # the service's first-stage order: score, then 位阶, currency and entry number
    top = np.lexsort((ids, currency_all[vers], snap._version_rank[vers], -np.round(first, 6)))[:depth]
    gids = ids[top].tolist()
    keys = [snap.exact.key(g) for g in gids]
    texts = [snap.exact.text(g) for g in gids]
    infos = [snap.catalog.versions.get(k[0]) for k in keys]
    statuses = snap.catalog.statuses(day)
    n = len(gids)
    # proximity and lead as the rerank reads them (rerank_scores equals these per text)
    where = ranked.finds(texts, p.words).tolist()
    prox = np.array([ranked.proximity(t, p, w) for t, w in zip(texts, where)], dtype=float)
    lead = np.array([ranked.lead(t, p, w) for t, w in zip(texts, where)], dtype=float)
    factor = snap.cited[ids[top]]
    counts = np.expm1((factor - 1.0) / ranked.CITED_WEIGHT) if ranked.CITED_WEIGHT else np.zeros(n)
    return Pool(qid, ids[top], keys, sc[top], share[top], counts, factor, prox, lead,
                np.array([ranked.search_rank(i.level, i.rank) if i else ranked.LOWEST_RANK for i in infos]),
                np.array([CURRENCY_ORDER.get(statuses.get(k[0], ""), 4) for k in keys]),
                snap._version_rank[vers[top]], currency_all[vers[top]],
                np.array([k in expected for k in keys], dtype=bool), np.array([k in drop for k in keys], dtype=bool),
                len(expected))


def order(r: Pool, c: dict) -> np.ndarray:
    """Candidate positions in result order under constants `c` (the service's `_order`: past the
    POOL best it keeps first-stage order)."""
    from registry.search import ranked

    cited = r.cited_factor if c["CW"] == ranked.CITED_WEIGHT else 1 + c["CW"] * np.log1p(r.cited)
    first = r.bm25f * np.power(r.share, c["CP"]) * cited
    head = np.lexsort((r.gids, r.sort_currency, r.sort_rank, -np.round(first, 6)))
    n = min(len(head), c["POOL"])
    cand = head[:n]
    new = (first[cand] * (1 + c["PW"] * r.prox[cand]) * (1 + c["LW"] * r.lead[cand])
           * (1 + c["RW"] / (1 + r.rank[cand])) * (1 - 0.1 * r.currency[cand]))
    return np.concatenate([cand[np.lexsort((r.gids[cand], -new))], head[n:]])


def metrics(pools: list[Pool | None], expected: list[int], c: dict) -> tuple[float, float, float]:
    found10 = found100 = 0
    rr = []
    for r in pools:
        if r is None:
            rr.append(0.0)
            continue
        o = order(r, c)
        rel = r.relevant[o[~r.dropped[o]]]
        found10, found100 = found10 + int(rel[:10].sum()), found100 + int(rel[:LIMIT].sum())
        hit = np.flatnonzero(rel[:10])
        rr.append(1.0 / (hit[0] + 1) if len(hit) else 0.0)
    total = max(sum(expected), 1)
    return found10 / total, found100 / total, float(np.mean(rr)) if rr else 0.0


def gain(f: tuple[float, float, float]) -> float:
    """What the fits maximise: R@10 + MRR@10 + R@100/2 of (R@10, R@100, MRR@10)."""
    r10, r100, mrr = f
    return r10 + mrr + 0.5 * r100


def climb(figures, start: dict, grid: dict, params: list[str], rounds: int = 3, log=None) -> dict:
    """Coordinate ascent: one constant at a time through its grid while `gain(figures(c))`
    improves; each setting is scored once (bench.first_fit's take tens of seconds)."""
    c = dict(start)
    seen = {tuple(sorted(c.items())): gain(figures(c))}
    best = seen[tuple(sorted(c.items()))]
    if log:
        log(f"start {c} gain {best:.4f}")
    for r in range(rounds):
        moved = False
        for k in params:
            for v in grid[k]:
                trial = {**c, k: v}
                key = tuple(sorted(trial.items()))
                if key not in seen:
                    seen[key] = gain(figures(trial))
                    if log:
                        log(f"  round {r} {k}={v}: {seen[key]:.4f}")
                if seen[key] > best + 1e-9:
                    best, c, moved = seen[key], trial, True
            if log:
                log(f"after {k}: {c} gain {best:.4f}")
        if not moved:
            break
    return c


def ascend(pools, expected, start: dict, params: list[str], rounds: int = 3) -> dict:
    """The rerank's constants fit on logged pools (`climb` over GRID)."""
    return climb(lambda c: metrics(pools, expected, c), start, GRID, params, rounds)


def query_sets() -> dict[str, list[dict]]:
    """generated-dev and the golden sets, never the test split; hand-written queries about an
    older text (`at`) are left out, as bench.search_quality leaves them."""
    from bench.questions import OUT as GENERATED
    from bench.questions import load_set
    from bench.search import QUERY_SETS

    sets = {"generated-dev": load_set(GENERATED / "dev.jsonl")}  # never the test split
    sets.update({f"golden-{name}": load_set(path) for name, path in QUERY_SETS if path.exists()})
    return {name: [q for q in rows if not (q.get("at") and "answers" not in q)] for name, rows in sets.items()}


@dataclass
class Question:
    qid: str
    text: str  # as every engine is given it (search_quality.natural)
    expected: set
    dropped: set  # its source article's text (search_quality.Corpus.excluded)


def questions(corpus, rows: list[dict]) -> list[Question]:
    from bench.search_quality import natural

    return [Question(q.get("id") or q["query"], natural(q.get("question") or q["query"]), corpus.expected(q),
                     corpus.excluded(q)) for q in rows]


def load(keep: Path):
    """(a function giving a newly loaded snapshot, a snapshot, {set: [Question]}) of a folder
    `bench.search_quality --keep` left."""
    from sqlmodel import Session

    from bench.search_quality import Corpus
    from registry.schema import make_engine
    from registry.search import SearchService

    engine = make_engine(f"sqlite:///{keep / 'quality.db'}")
    session = Session(engine)  # kept open: the snapshot reads the store through it
    corpus = Corpus(session)

    def fresh():
        return SearchService(engine, keep / "quality-index").snapshot(session)

    return fresh, fresh(), {name: questions(corpus, rows) for name, rows in query_sets().items()}


def main(argv: list[str] | None = None) -> int:
    from bench.questions import QUERY_DAY

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--params", default=",".join(GRID))
    args = ap.parse_args(argv)
    _, snap, sets = load(args.keep)
    logged = {name: ([pool(snap, q.text, q.expected, q.dropped, q.qid, QUERY_DAY) for q in qs],
                     [len(q.expected) for q in qs]) for name, qs in sets.items()}
    code = constants()
    dev, dev_exp = logged["generated-dev"]
    halves = [[i for i, r in enumerate(dev) if r is not None and half(r.qid) == h] for h in (0, 1)]

    def line(tag: str, c: dict) -> str:
        parts = [f"{tag:<12}"]
        for h, idx in enumerate(halves):
            got = metrics([dev[i] for i in idx], [dev_exp[i] for i in idx], c)
            parts.append("half %s %.3f/%.3f/%.3f" % ("AB"[h], *got))
        for name, (pools, exp) in logged.items():
            parts.append(f"{name} " + "%.3f/%.3f/%.3f" % metrics(pools, exp, c))
        return "  ".join(parts)

    print("R@10/R@100/MRR@10", file=sys.stderr)
    print(line("code", code))
    for h, idx in enumerate(halves):
        fit = ascend([dev[i] for i in idx], [dev_exp[i] for i in idx], code, args.params.split(","))
        print(f"fit on half {'AB'[h]}: {fit}")
        print(line(f"fit {'AB'[h]}", fit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
