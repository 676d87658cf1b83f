"""Acceptance on the whole shared corpus: the 2022 State Council decision repeals six
regulations on its 施行日期, and the citation checks then find the norms still citing
one of them (issue 4 item 2, issue 5 item 3).

It amends its own copy of the session store (tests are spread over workers by file).
"""

from __future__ import annotations

from datetime import date

import pytest

from api.services import citation_pass
from api.services.amend_file import run_amend
from registry import review as conflicts
from registry.core.db import session_scope
from registry.norms import store, views

DECISION_2022 = "chains/_decisions/2022-03-29_decision_国务院关于修改和废止部分行政法规的决定.md"
REPEALED_2022 = ("信访条例", "国有企业监事会暂行条例", "铁路货物运输合同实施细则", "水路货物运输合同实施细则",
                 "工业产品质量责任条例", "国务院关于通用航空管理的暂行规定")


@pytest.fixture(scope="module")
def amended_store(full_store, shared_corpus):
    engine, _ = full_store
    from registry import audit

    with audit.acting_as("test"):
        report = run_amend(engine, shared_corpus / DECISION_2022, skip_missing=True)
    citation_pass.rebuild(engine)
    with session_scope(engine) as s:
        conflicts.run(s)
    return engine, report


def test_six_regulations_repealed_from_the_decisions_effective_date(amended_store):
    engine, _ = amended_store
    with session_scope(engine) as s:
        for title in REPEALED_2022:
            assert views.show(s, title, date(2022, 4, 30))["status"] == "现行有效", title
            assert views.show(s, title, date(2022, 5, 1))["status"] == "已废止", title


def test_norms_still_citing_the_repealed_xinfang_regulation(amended_store):
    engine, _ = amended_store
    with session_scope(engine) as s:
        xinfang = store.get_work(s, "信访条例").id
        citing = {f.work_id for f in conflicts.findings(s, kind="repealed_target") if f.other_work_id == xinfang}
        levels = {store.get_work(s, w).level for w in citing}
        titles = {store.get_work(s, w).title for w in citing}
    print(sorted(titles))
    assert "部门规章" in levels  # 市场监督管理投诉举报处理暂行办法 (2022)
    assert "浙江省信访条例" in titles


def test_stale_citations_of_moved_articles_carry_old_and_new_text(amended_store):
    engine, _ = amended_store
    with session_scope(engine) as s:
        land = store.get_work(s, "土地管理法").id
        stale = [conflicts.finding_json(f) for f in conflicts.findings(s, kind="stale_article")
                 if f.other_work_id == land]
    assert stale, "no citation of a 土地管理法 article that moved between 2004 and 2019"
    for finding in stale:
        text = str(finding)
        assert "2004" in text and "2019" in text
