"""Fit the ranked search's FIRST-STAGE constants on one half of the generated dev split, check on the other.

    .venv/bin/python -m bench.first_fit --keep DIR [--params K1,B,AW,TB,PTB,FW,CP] [--rounds 2]

DIR is a folder `bench.search_quality --keep DIR` left behind (see bench.rank_fit). The
constants that shape the candidate pool: BM25 k1 and b (applied when a word's postings are
scored, at query time: the index holds term frequencies and lengths only), the anchor field's
weight, the title boosts, the frame words' weight and the coverage power. For a setting of
them, the first stage runs again for every question (`rank_fit.pool`, with the module
constants set for the run and every per-word cache of the loaded index cleared), and the
service's rerank with the code's own constants orders its RERANK_POOL best (`rank_fit.order`,
equal to the service's order, tests/test_rank_fit.py); R@10, R@100 and MRR@10 are
`rank_fit.metrics` (the question's source text never counts). Coordinate ascent moves one
constant at a time through its grid while R@10 + MRR@10 + R@100/2 on half A improves; half B
and the golden sets are only reported. The frozen test split is never read.
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench import rank_fit

# name -> (module, attribute); the modules are imported when first needed
CONSTANTS = {"K1": ("registry.search.terms", "BM25_K1"), "B": ("registry.search.terms", "BM25_B"),
             "AW": ("registry.search.ranked", "ANCHOR_WEIGHT"), "TB": ("registry.search.ranked", "TITLE_BOOST"),
             "PTB": ("registry.search.ranked", "PART_TITLE_BOOST"),
             "FW": ("registry.search.question", "FRAME_WEIGHT"),
             "CP": ("registry.search.question", "COVERAGE_POWER")}
GRID = {"K1": (0.6, 0.9, 1.2, 1.6, 2.0, 3.0), "B": (0.2, 0.35, 0.5, 0.65, 0.75, 0.9),
        "AW": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5), "TB": (2.0, 4.0, 6.0, 8.0, 12.0),
        "PTB": (0.0, 0.75, 1.5, 2.5, 4.0), "FW": (0.0, 0.1, 0.25, 0.4, 0.6),
        "CP": (0.1, 0.2, 0.3, 0.5, 0.75)}


def _module(name: str):
    import importlib

    return importlib.import_module(name)


def code() -> dict:
    return {k: getattr(_module(m), a) for k, (m, a) in CONSTANTS.items()}


def clear(snap) -> None:
    """Forget every per-word score the loaded index keeps: BM25 postings (text and anchor field),
    BM25F with the title boosts (`TitleIndex._scored`) and question parts (`TitleIndex._parts`).
    `TitleIndex._cache` (which norms a word names) depends on no constant and stays."""
    for t in (snap.terms, snap.terms.anchors):
        if t is not None:
            t._scored, t._held = {}, 0
    snap.titles._scored, snap.titles._held = {}, 0
    snap.titles._parts, snap.titles._parts_held = {}, 0


@contextmanager
def setting(snap, c: dict):
    """The module constants set to `c` (and the caches cleared) inside, restored after."""
    before = code()
    try:
        for k, v in c.items():
            m, a = CONSTANTS[k]
            setattr(_module(m), a, v)
        clear(snap)
        yield
    finally:
        for k, v in before.items():
            m, a = CONSTANTS[k]
            setattr(_module(m), a, v)
        clear(snap)


def pools(snap, qs: list, c: dict) -> list:
    """The logged first stage (`rank_fit.pool`) of every question under first-stage constants `c`,
    RERANK_POOL deep: the rerank reorders those, and a page of 100 never reaches past them."""
    from bench.questions import QUERY_DAY
    from registry.search import ranked

    with setting(snap, c):
        return [rank_fit.pool(snap, q.text, q.expected, q.dropped, q.qid, QUERY_DAY, depth=ranked.RERANK_POOL)
                for q in qs]


def figures(snap, qs: list, c: dict) -> tuple[float, float, float]:
    """(R@10, R@100, MRR@10) of the service's ranking under first-stage constants `c`."""
    got = pools(snap, qs, c)
    with setting(snap, c):
        rerank = rank_fit.constants()  # the rerank's own (CP as set: it weighs both stages)
    return rank_fit.metrics(got, [len(q.expected) for q in qs], rerank)


def gain(f: tuple[float, float, float]) -> float:
    r10, r100, mrr = f
    return r10 + mrr + 0.5 * r100


def ascend(snap, qs: list, start: dict, params: list[str], rounds: int = 2, log=print) -> dict:
    """Coordinate ascent over GRID on R@10 + MRR@10 + R@100/2 of `qs`."""
    c = dict(start)
    best = gain(figures(snap, qs, c))
    seen = {tuple(sorted(c.items())): best}
    log(f"start {c} gain {best:.4f}")
    for r in range(rounds):
        moved = False
        for k in params:
            for v in GRID[k]:
                trial = {**c, k: v}
                key = tuple(sorted(trial.items()))
                if key not in seen:
                    t0 = time.perf_counter()
                    seen[key] = gain(figures(snap, qs, trial))
                    log(f"  round {r} {k}={v}: {seen[key]:.4f} ({time.perf_counter() - t0:.0f} s)")
                if seen[key] > best + 1e-9:
                    best, c, moved = seen[key], trial, True
            log(f"after {k}: {c} gain {best:.4f}")
        if not moved:
            break
    return c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--params", default=",".join(GRID))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--only", default="", help="report these constants (K1=1.2,B=0.5) instead of fitting")
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    _, snap, sets = rank_fit.load(args.keep)
    dev = sets.pop("generated-dev")
    halves = [[q for q in dev if rank_fit.half(q.qid) == h] for h in (0, 1)]
    start = code()

    def line(tag: str, c: dict) -> str:
        parts = [f"{tag:<8}"]
        for h, qs in enumerate(halves):
            parts.append("half %s %.3f/%.3f/%.3f" % ("AB"[h], *figures(snap, qs, c)))
        for name, qs in sets.items():
            parts.append(f"{name} " + "%.3f/%.3f/%.3f" % figures(snap, qs, c))
        return "  ".join(parts)

    print("R@10/R@100/MRR@10", flush=True)
    print(line("code", start), flush=True)
    if args.only:
        c = {**start, **{k: float(v) for k, v in (kv.split("=") for kv in args.only.split(","))}}
        print(f"setting: {c}")
        print(line("setting", c), flush=True)
        return 0
    fit = ascend(snap, halves[0], start, args.params.split(","), args.rounds, log)
    print(f"fit on half A: {fit}")
    print(line("fit A", fit), flush=True)
    assert code() == start
    return 0


if __name__ == "__main__":
    sys.exit(main())
