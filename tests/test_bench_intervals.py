"""bench.intervals: the paired, clustered bootstrap that says how sure a ratio to BM25 is."""

from __future__ import annotations

import numpy as np

from bench import intervals


def _lists(ranks: list[int | None]) -> tuple[list[list], list[set]]:
    """One question per rank: its one expected article at that place of ten hits (None: absent)."""
    lists, expected = [], []
    for n, rank in enumerate(ranks):
        hits = [f"q{n}-other{i}" for i in range(10)]
        if rank is not None:
            hits[rank - 1] = f"q{n}-answer"
        lists.append(hits)
        expected.append({f"q{n}-answer"})
    return lists, expected


def test_per_question_counts_recall_and_reciprocal_rank():
    lists, expected = _lists([1, 4, None])
    got = intervals.per_question(lists, expected)
    assert got.found10.tolist() == [1, 1, 0]
    assert got.rr.tolist() == [1.0, 0.25, 0.0]


def test_an_engine_against_itself_is_exactly_one():
    lists, expected = _lists([1, 2, None, 5, 3, None] * 10)
    a = intervals.per_question(lists, expected)
    got = intervals.ratio_interval(a, a, [f"c{i % 7}" for i in range(60)])
    assert got == {"clusters": 7, "recall_at_10": [1.0, 1.0], "mrr_at_10": [1.0, 1.0]}


def test_a_clearly_better_engine_has_an_interval_above_one_and_holds_its_point():
    rng = np.random.default_rng(1)
    base = [int(r) if rng.random() < 0.5 else None for r in rng.integers(1, 11, 300)]
    better = [r if r is not None else (1 if rng.random() < 0.5 else None) for r in base]
    lb, exp = _lists(base)
    la, _ = _lists(better)
    a, b = intervals.per_question(la, exp), intervals.per_question(lb, exp)
    got = intervals.ratio_interval(a, b, [f"q{i}" for i in range(300)])
    point = a.found10.sum() / b.found10.sum()
    lo, hi = got["recall_at_10"]
    assert 1.0 < lo < point < hi
    assert got == intervals.ratio_interval(a, b, [f"q{i}" for i in range(300)])  # seeded: the same each run


def test_clustered_questions_widen_the_interval():
    """Ten copies of each question are one piece of evidence drawn together, not ten."""
    rng = np.random.default_rng(2)
    base = [int(r) if rng.random() < 0.5 else None for r in rng.integers(1, 11, 40)]
    better = [r if r is not None else (2 if rng.random() < 0.4 else None) for r in base]
    lb, exp = _lists([r for r in base for _ in range(10)])
    la, _ = _lists([r for r in better for _ in range(10)])
    a, b = intervals.per_question(la, exp), intervals.per_question(lb, exp)
    alone = intervals.ratio_interval(a, b, [f"q{i}" for i in range(400)])["recall_at_10"]
    grouped = intervals.ratio_interval(a, b, [f"s{i // 10}" for i in range(400)])["recall_at_10"]
    assert grouped[1] - grouped[0] > 2 * (alone[1] - alone[0])


def test_the_cluster_is_the_source_norm_of_any_version_or_the_question():
    v1 = {"id": "a", "source": {"version_id": "/cn/law/2019/某法@2019-01-01"}}
    v2 = {"id": "b", "source": {"version_id": "/cn/law/2019/某法@2020-05-01"}}
    assert intervals.cluster_of(v1) == intervals.cluster_of(v2) == "/cn/law/2019/某法"
    assert intervals.cluster_of({"id": "g1", "query": "临时用地"}) == "question:g1"
    assert intervals.cluster_of({"query": "临时用地"}) == "question:临时用地"


def test_a_baseline_that_finds_nothing_gives_no_ratio():
    lists, expected = _lists([None] * 5)
    zero = intervals.per_question(lists, expected)
    assert intervals.ratio_interval(zero, zero, list("abcde"))["recall_at_10"] is None
    assert intervals.ratio_interval(zero, zero, []) == {"clusters": 0}
