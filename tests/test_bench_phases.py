"""bench.search_phases: the phases of real searches add up to their time, and the wrappers go away."""

from __future__ import annotations

from datetime import date

import pytest
from search_store import cited_small_store

from bench import search_phases
from registry.search import Filters, SearchRequest, SearchService
from registry.search import service as service_module
from registry.search.entries import PageRows

QUESTIONS = ["临时用地到期不还要承担什么责任", "征收土地的补偿", "农村村民出卖住宅后再申请宅基地", "的"]


@pytest.fixture(scope="module")
def svc(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("phases")
    engine = cited_small_store(shared_corpus, root)
    return SearchService(engine, root / "index")


def test_the_phases_of_a_page_of_100_account_for_its_time(svc):
    originals = (service_module._Snapshot._match, service_module._Snapshot._hits, PageRows.read)
    got = search_phases.measure(svc, QUESTIONS, lambda q: SearchRequest(q, Filters(day=date(2026, 1, 1)), limit=100))
    every = got["all"]
    assert set(every) == set(search_phases.PHASES) | {"total"}
    assert every["match"] > 0 and every["order"] > 0 and every["rows"] > 0 and every["page"] > 0
    # the phases are parts of each search's time: what is measured of them never exceeds it
    assert sum(every[p] for p in search_phases.PHASES) == pytest.approx(every["total"], abs=0.05)
    assert got["slowest"] == 1 and got["p90_to_p99"]["total"] >= every["total"]
    # nothing of the timing stays behind
    assert (service_module._Snapshot._match, service_module._Snapshot._hits, PageRows.read) == originals


def test_the_wrappers_go_even_when_a_search_fails(svc):
    before = service_module._Snapshot._order
    with pytest.raises(RuntimeError), search_phases.timed():
        raise RuntimeError("a search failed")
    assert service_module._Snapshot._order is before


def test_the_page_is_its_hits_less_their_rows_and_other_what_is_left():
    phases = search_phases.split(0.010, {"match": 0.002, "hits": 0.005, "rows": 0.003})
    assert phases == pytest.approx({"match": 0.002, "order": 0.0, "rows": 0.003, "page": 0.002, "other": 0.003})
