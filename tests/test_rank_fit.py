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
