"""bench.rank_fit recomputes the ranked order from logged features: with the code's constants it
must give the service's own order, or the constants it fits would not mean what they say."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from search_store import cited_small_store
from sqlmodel import Session

from bench import rank_fit
from registry.search import Filters, SearchRequest, SearchService

DAY = date(2024, 1, 1)
QUESTIONS = ("征收土地应当给予公平合理的补偿", "临时使用土地期满后应当恢复种植条件吗", "违法占用耕地建房的怎么处罚",
             "国家实行土地用途管制制度", "农村村民一户只能拥有一处宅基地")


@pytest.fixture(scope="module")
def service(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("rankfit")
    engine = cited_small_store(shared_corpus, root)
    return engine, SearchService(engine, root / "index")


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_logged_pool_reorders_as_the_service_does(service, question):
    engine, svc = service
    got = [(h.version_id, h.provision_id) for h in svc.search(SearchRequest(question, Filters(day=DAY), limit=20)).hits]
    assert got
    with Session(engine) as s:
        pool = rank_fit.pool(svc.snapshot(s), question, set(got[:1]), set(), "q", DAY)
    o = rank_fit.order(pool, rank_fit.constants())
    assert [pool.keys[i] for i in o[:len(got)]] == got
    assert pool.relevant[o[0]] and pool.relevant.sum() == 1


def test_other_constants_give_another_order(service):
    engine, svc = service
    with Session(engine) as s:
        pool = rank_fit.pool(svc.snapshot(s), QUESTIONS[2], set(), set(), "q", DAY)
    code = rank_fit.constants()
    flat = {**code, "RW": 0.0, "PW": 0.0, "LW": 0.0}
    assert not np.array_equal(rank_fit.order(pool, code)[:20], rank_fit.order(pool, flat)[:20])


def test_halves_are_stable_and_both_used():
    ids = [f"g{i:04d}" for i in range(200)]
    assert [rank_fit.half(q) for q in ids] == [rank_fit.half(q) for q in ids]
    assert 60 < sum(rank_fit.half(q) for q in ids) < 140


def test_climb_moves_one_constant_at_a_time_to_the_best_and_scores_each_setting_once():
    calls = []

    def figures(c):  # R@10 peaks at X=2, MRR at Y=3; the two do not interact
        calls.append((c["X"], c["Y"]))
        return (1 - abs(c["X"] - 2) / 10, 0.0, 1 - abs(c["Y"] - 3) / 10)

    grid = {"X": (0, 1, 2, 3), "Y": (1, 2, 3, 4)}
    assert rank_fit.climb(figures, {"X": 0, "Y": 1}, grid, ["X", "Y"], rounds=3) == {"X": 2, "Y": 3}
    assert len(calls) == len(set(calls))
    assert rank_fit.gain((0.5, 0.8, 0.25)) == 0.5 + 0.25 + 0.4
