"""Fit the ranked search's FIRST-STAGE constants on one half of the generated dev split, check on the other.

    .venv/bin/python -m bench.first_fit --keep DIR [--params K1,B,AW,HW,TB,PTB,FW,CP] [--rounds 2]

DIR is a folder `bench.search_quality --keep DIR` left behind (see bench.rank_fit). The
constants that shape the candidate pool: BM25 k1 and b (applied when a word's postings are
scored, at query time: the index holds term frequencies and lengths only), the anchor and
heading fields' weights, the title boosts, the frame words' weight and the coverage power. For a setting of
them, the first stage runs again for every question (`rank_fit.pool`, with the module
constants set for the run, on a snapshot loaded anew: none of its per-word scores is kept from
another setting), and the
service's rerank with the code's own constants orders its RERANK_POOL best (`rank_fit.order`,
equal to the service's order, tests/test_rank_fit.py); R@10, R@100 and MRR@10 are
`rank_fit.metrics` (the question's source text never counts). Coordinate ascent moves one
constant at a time through its grid while R@10 + MRR@10 + R@100/2 on half A improves; half B
and the golden sets are only reported. The frozen test split is never read.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

from bench import rank_fit

# name -> (module, attribute); the modules are imported when first needed
CONSTANTS = {"K1": ("registry.search.terms", "BM25_K1"), "B": ("registry.search.terms", "BM25_B"),
             "AW": ("registry.search.ranked", "ANCHOR_WEIGHT"), "HW": ("registry.search.ranked", "HEADING_WEIGHT"),
             "TB": ("registry.search.ranked", "TITLE_BOOST"),
             "PTB": ("registry.search.ranked", "PART_TITLE_BOOST"),
             "FW": ("registry.search.question", "FRAME_WEIGHT"),
             "CP": ("registry.search.question", "COVERAGE_POWER")}
GRID = {"K1": (0.6, 0.9, 1.2, 1.6, 2.0, 3.0), "B": (0.2, 0.35, 0.5, 0.65, 0.75, 0.9),
        "AW": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5), "HW": (0.0, 0.25, 0.5, 1.0), "TB": (2.0, 4.0, 6.0, 8.0, 12.0),
        "PTB": (0.0, 0.75, 1.5, 2.5, 4.0), "FW": (0.0, 0.1, 0.25, 0.4, 0.6),
        "CP": (0.1, 0.2, 0.3, 0.5, 0.75)}


def _module(name: str):
    import importlib

    return importlib.import_module(name)


def code() -> dict:
    return {k: getattr(_module(m), a) for k, (m, a) in CONSTANTS.items()}


@contextmanager
def setting(c: dict):
    """The module constants set to `c` inside, restored after."""
    before = code()
    try:
        for k, v in c.items():
            m, a = CONSTANTS[k]
            setattr(_module(m), a, v)
        yield
    finally:
        for k, v in before.items():
            m, a = CONSTANTS[k]
            setattr(_module(m), a, v)


def figures(fresh, qs: list, c: dict) -> tuple[float, float, float]:
    """(R@10, R@100, MRR@10) of the service's ranking under first-stage constants `c`: the logged
    first stage (`rank_fit.pool`, RERANK_POOL deep, which a page of 100 never reaches past) of
    a snapshot loaded under them (`fresh()`), so no per-word score kept from another setting is
    read, then the rerank with the code's own constants (CP as set: it weighs both stages)."""
    from bench.questions import QUERY_DAY
    from registry.search import ranked

    with setting(c):
        snap = fresh()
        got = [rank_fit.pool(snap, q.text, q.expected, q.dropped, q.qid, QUERY_DAY, depth=ranked.RERANK_POOL)
               for q in qs]
        rerank = rank_fit.constants()
    return rank_fit.metrics(got, [len(q.expected) for q in qs], rerank)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--params", default=",".join(GRID))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--only", default="", help="report these constants (K1=1.2,B=0.5) instead of fitting")
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    fresh, _, sets = rank_fit.load(args.keep)
    dev = sets.pop("generated-dev")
    halves = [[q for q in dev if rank_fit.half(q.qid) == h] for h in (0, 1)]
    start = code()

    def line(tag: str, c: dict) -> str:
        parts = [f"{tag:<8}"]
        for h, qs in enumerate(halves):
            parts.append("half %s %.3f/%.3f/%.3f" % ("AB"[h], *figures(fresh, qs, c)))
        for name, qs in sets.items():
            parts.append(f"{name} " + "%.3f/%.3f/%.3f" % figures(fresh, qs, c))
        return "  ".join(parts)

    print("R@10/R@100/MRR@10", flush=True)
    print(line("code", start), flush=True)
    if args.only:
        c = {**start, **{k: float(v) for k, v in (kv.split("=") for kv in args.only.split(","))}}
        print(f"setting: {c}")
        print(line("setting", c), flush=True)
        return 0
    fit = rank_fit.climb(lambda c: figures(fresh, halves[0], c), start, GRID, args.params.split(","),
                         args.rounds, log)
    print(f"fit on half A: {fit}")
    print(line("fit A", fit), flush=True)
    assert code() == start
    return 0


if __name__ == "__main__":
    sys.exit(main())
