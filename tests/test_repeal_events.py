"""Repeal clauses become 废止 events at ingest (issues 10 and 14), on the real texts.

民法典 第一千二百六十条 repeals nine laws from 2021-01-01 (none of them stored here:
each becomes a work known only by its title); 煤矿安全生产条例 第七十六条 repeals
two 行政法规 stored beside it, in either ingest order; 法释〔2022〕9号 第二十九条
repeals 法释〔2007〕2号, which then raises no conflict flags of its own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from api.services import citation_pass
from api.services.ingest_batch import ingest_paths
from ingest.manifest import load_sidecar
from registry import audit
from registry import review as conflicts
from registry.audit import AuditEntry
from registry.core.db import session_scope
from registry.norms import lifecycle, store
from registry.schema import make_engine

COAL = "laws/行政法规/煤矿安全生产条例(2024-01-24).md"
COAL_REPEALED = ("laws/行政法规/煤矿安全监察条例(2013-07-18).md",
                 "laws/行政法规/国务院关于预防煤矿生产安全事故的特别规定(2013-07-18).md")
UNFAIR_2022 = "laws/司法解释/最高人民法院关于适用《反不正当竞争法》若干问题的解释(2022-03-16).md"
UNFAIR_2007 = "laws/司法解释/最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释(2020-12-29).md"
UNFAIR_LAW = "laws/法律/经济法/反不正当竞争法(2019-04-23).md"
CIVIL_CODE = "laws/法律/民法典"
NINE = ("婚姻法", "继承法", "民法通则", "收养法", "担保法", "合同法", "物权法", "侵权责任法", "民法总则")


def _ingest(corpus: Path, batches: list[list[str]]):
    engine = make_engine("sqlite://")
    sidecar = load_sidecar(corpus / "manifest.csv")
    with audit.acting_as("test"):
        for batch in batches:
            report = ingest_paths(engine, [corpus / p for p in batch], sidecar)
            assert not report.failed, report.failed
    return engine


def _status(s, title: str, day: date) -> lifecycle.StatusOnDate:
    work = store.get_work(s, title)
    return lifecycle.status_on(store.versions_of(s, work.id), store.events_of(s, work.id), day)


def test_civil_code_repeals_nine_laws_known_only_by_title(shared_corpus):
    engine = _ingest(shared_corpus, [[CIVIL_CODE]])
    with session_scope(engine) as s:
        for name in NINE:
            work = store.get_work(s, "中华人民共和国" + name)
            assert store.versions_of(s, work.id) == []  # known only by its title
            assert _status(s, work.title, date(2020, 12, 31)).status != lifecycle.REPEALED
            st = _status(s, work.title, date(2021, 1, 1))
            assert st.status == lifecycle.REPEALED and st.event.date == date(2021, 1, 1)
            assert "第一千二百六十条" in st.event.by and "民法典" in st.event.by
            assert st.event.source_id is not None
        kinds = [e.kind for e in s.exec(select(AuditEntry)).all()]
        assert kinds.count("repeal_by_clause") == 9 and kinds.count("work_create_title_only") == 9


@pytest.mark.parametrize("order", ["repealing first", "repealed first"])
def test_coal_regulation_repeals_two_regulations_in_either_order(shared_corpus, order):
    batches = [[COAL], list(COAL_REPEALED)] if order == "repealing first" else [list(COAL_REPEALED), [COAL]]
    engine = _ingest(shared_corpus, batches)
    with session_scope(engine) as s:
        for title in ("煤矿安全监察条例", "国务院关于预防煤矿生产安全事故的特别规定"):
            work = store.get_work(s, title)
            assert len(store.versions_of(s, work.id)) == 1 and "/2024/" not in work.id  # the real work, not the placeholder
            assert _status(s, title, date(2024, 4, 30)).status == lifecycle.IN_FORCE
            st = _status(s, title, date(2024, 5, 1))
            assert st.status == lifecycle.REPEALED and "第七十六条" in st.event.by
        assert len(store.all_works(s)) == 3  # no title-only work is left over


def test_a_repealed_interpretation_raises_no_flags(shared_corpus):
    engine = _ingest(shared_corpus, [[UNFAIR_LAW, UNFAIR_2007, UNFAIR_2022]])
    citation_pass.rebuild(engine)
    with session_scope(engine) as s:
        old = store.get_work(s, "最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释")
        st = _status(s, old.title, date(2022, 3, 20))
        assert st.status == lifecycle.REPEALED and "第二十九条" in st.event.by
        assert _status(s, old.title, date(2022, 3, 19)).status == lifecycle.IN_FORCE
        conflicts.run(s, today=date(2024, 1, 1))
        assert [f.kind for f in conflicts.findings(s) if f.work_id == old.id] == []
        conflicts.run(s, today=date(2022, 1, 1))  # before the repeal it was compared, as it should be
        assert any(f.work_id == old.id for f in conflicts.findings(s))
