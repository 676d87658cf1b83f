"""Applying decisions to the store: versions, events, kept reports, the official text taking over, repeals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from api.services.amend_file import read_decision
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from registry import audit
from registry.amendments import apply as amend_store
from registry.amendments import records as am
from registry.amendments.apply import AmendError
from registry.amendments.supersede import store_document
from registry.core.db import session_scope
from registry.norms import lifecycle, store
from registry.norms import models as m

STATS = "chains/中华人民共和国统计法"
STATS_DECISION = f"{STATS}/2024-09-13_decision_全国人民代表大会常务委员会关于修改《中华人民共和国统计法》的决定.md"
SC_DECISION = "chains/_decisions/2022-03-29_decision_国务院关于修改和废止部分行政法规的决定.md"
REPEALED = ["国务院关于通用航空管理的暂行规定(2014-07-29)", "工业产品质量责任条例(1986-04-05)",
            "水路货物运输合同实施细则(2011-01-08)", "铁路货物运输合同实施细则(2011-01-08)",
            "国有企业监事会暂行条例(2000-03-15)", "信访条例(2005-01-10)"]


def _store(engine, corpus: Path, *paths: str, sidecar=None) -> None:
    for p in paths:
        with session_scope(engine) as s:
            store.add_document(s, parse_path(corpus / p, sidecar.get(corpus / p) if sidecar else None))


def _counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        extra = {t.__name__: len(s.exec(select(t)).all()) for t in (am.AmendmentRun, am.OperationRecord,
                                                                     am.OfficialDifference, am.ArticleSource)}
        return {**store.counts(s), **extra}


def _amend(engine, corpus: Path, path: str, **kw):
    draft, decision = read_decision(corpus / path)
    with audit.acting_as("test"), session_scope(engine) as s:
        return amend_store.amend(s, decision, draft, **kw)


def test_amend_writes_a_derived_version_then_the_official_text_takes_over(engine, shared_corpus):
    _store(engine, shared_corpus, f"{STATS}/2009-06-27.md")
    report = _amend(engine, shared_corpus, STATS_DECISION)
    norm, = report.norms
    assert report.ok and norm.outcome == am.WRITTEN and norm.version_id == "/cn/law/1983/统计法@2024-09-13"
    assert all(s.status == "applied" for s in norm.states) and len(norm.states) > 40
    with session_scope(engine) as s:
        v = s.get(m.Version, norm.version_id)
        assert v.derived_from == "/cn/law/1983/统计法@2009-06-27" and v.effective == date(2024, 9, 13)
        assert len(store.units_of(s, v.id)) == 53
        events = [(e.kind, e.date, e.version_id) for e in store.events_of(s, v.work_id) if e.version_id == v.id]
        assert ("修正", date(2024, 9, 13), v.id) in events
        assert any("统计法" in e.by for e in store.events_of(s, v.work_id) if e.kind == "修正" and e.version_id == v.id)
        st = lifecycle.status_on(store.versions_of(s, v.work_id), store.events_of(s, v.work_id), date(2024, 9, 13))
        assert st.span.version.id == v.id and st.status == lifecycle.IN_FORCE
        assert store.get_work(s, report.decision_version_id.split("@")[0]).level == "修改、废止的决定"
    # the official republished text arrives: it replaces the derived text, the check is recorded
    with session_scope(engine) as s:
        result = store_document(s, parse_path(shared_corpus / STATS / "2024-09-13.md"))
    assert result.version_id == norm.version_id
    with session_scope(engine) as s:
        v = s.get(m.Version, norm.version_id)
        assert v.derived_from == "" and store.source_of(s, v).path.endswith("2024-09-13.md")
        run = s.exec(select(am.AmendmentRun).where(am.AmendmentRun.work_id == v.work_id)).one()
        assert run.outcome == am.SUPERSEDED and run.identical == run.official_count == 53
    # applying again does nothing
    again = _amend(engine, shared_corpus, STATS_DECISION)
    assert again.norms[0].outcome == "already-applied"


def test_official_text_already_stored_is_kept_and_checked(engine, shared_corpus):
    _store(engine, shared_corpus, f"{STATS}/2009-06-27.md", f"{STATS}/2024-09-13.md")
    before = _counts(engine)
    norm, = _amend(engine, shared_corpus, STATS_DECISION).norms
    assert norm.outcome == am.OFFICIAL_KEPT and norm.check.identical == norm.check.official_count == 53
    after = _counts(engine)
    assert after["versions"] == before["versions"] + 1  # the decision itself, not a second 2024 text
    assert after["AmendmentRun"] == 1 and after["ArticleSource"] == 0


def test_dry_run_writes_nothing(engine, shared_corpus):
    from api.services.amend_file import run_amend

    _store(engine, shared_corpus, f"{STATS}/2009-06-27.md")
    before = _counts(engine)
    report = run_amend(engine, shared_corpus / STATS_DECISION, dry_run=True)
    assert report.dry_run and report.norms[0].outcome == "would-write" and report.norms[0].result is not None
    assert _counts(engine) == before


def test_failed_operation_is_reported_and_not_stored_when_strict(engine, shared_corpus):
    _store(engine, shared_corpus, f"{STATS}/2009-06-27.md")
    text = ("# 全国人民代表大会常务委员会关于修改《中华人民共和国统计法》的决定\n\n"
            "（2024年9月13日第十四届全国人民代表大会常务委员会第十一次会议通过）\n\n"
            "第十四届全国人民代表大会常务委员会第十一次会议决定对《中华人民共和国统计法》作如下修改：\n\n"
            "一、将第一条中的“并不存在的词语”修改为“新的词语”。\n\n"
            "二、将第二条中的“统计”修改为“统计调查”。\n\n本决定自公布之日起施行。\n")
    draft, decision = read_decision(text=text)
    with session_scope(engine) as s:
        report = amend_store.amend(s, decision, draft, strict=True)
    norm, = report.norms
    assert [st.status for st in norm.states] == ["failed", "applied"]
    assert "not found" in norm.states[0].reason
    assert norm.outcome == am.NOT_WRITTEN and not report.ok
    with session_scope(engine) as s:
        assert len(store.versions_of(s, store.get_work(s, "统计法").id)) == 1
        rec = s.exec(select(am.OperationRecord).order_by(am.OperationRecord.seq)).all()
        assert [r.status for r in rec] == ["failed", "applied"]


@pytest.mark.parametrize("body, message", [
    ("国务院决定：进一步做好相关工作。", "no readable instruction"),
    ("决定对《中华人民共和国不存在法》作如下修改：\n\n一、删去第三条。", "not in the store"),
])
def test_bad_decision_is_a_clear_error_and_changes_nothing(engine, shared_corpus, body, message):
    _store(engine, shared_corpus, f"{STATS}/2009-06-27.md")
    before = _counts(engine)
    draft, decision = read_decision(text=f"# 关于某事的决定\n\n（2024年1月1日通过）\n\n{body}\n\n本决定自公布之日起施行。\n")
    with pytest.raises(AmendError, match=message):
        with session_scope(engine) as s:
            amend_store.amend(s, decision, draft)
    assert _counts(engine) == before


def test_regulations_repealed_by_the_2022_state_council_decision(engine, shared_corpus):
    """Acceptance 2: 现行有效 on 2022-04-30, 已废止 from the decision's 施行日期 2022-05-01."""
    sidecar = load_sidecar(shared_corpus / "manifest.csv")
    _store(engine, shared_corpus, *[f"laws/行政法规/{name}.md" for name in REPEALED],
           "chains/中华人民共和国道路运输条例/2019-03-02.md", "chains/中华人民共和国道路运输条例/2022-03-29.md",
           sidecar=sidecar)
    with pytest.raises(AmendError, match="not in the store"):
        _amend(engine, shared_corpus, SC_DECISION)
    report = _amend(engine, shared_corpus, SC_DECISION, skip_missing=True)
    assert report.ok
    assert sorted(r.outcome for r in report.repeals) == ["recorded"] * 6
    road = next(n for n in report.norms if n.norm == "中华人民共和国道路运输条例")
    assert road.outcome == am.OFFICIAL_KEPT and road.check.ratio == 1.0
    with session_scope(engine) as s:
        for name in REPEALED:
            work = store.get_work(s, name.split("(")[0])
            versions, events = store.versions_of(s, work.id), store.events_of(s, work.id)
            assert lifecycle.status_on(versions, events, date(2022, 4, 30)).status == lifecycle.IN_FORCE, name
            st = lifecycle.status_on(versions, events, date(2022, 5, 1))
            assert st.status == lifecycle.REPEALED and "国务院关于修改和废止部分行政法规的决定" in st.event.by
        # the official 2022 text's assumed 施行日期 became the decision's
        work = store.get_work(s, "道路运输条例")
        official = s.get(m.Version, f"{work.id}@2022-03-29")
        assert official.effective == date(2022, 5, 1)
        st = lifecycle.status_on(store.versions_of(s, work.id), store.events_of(s, work.id), date(2022, 4, 30))
        assert st.span.version.version_date == date(2019, 3, 2)


ANTITRUST = "chains/中华人民共和国反垄断法"
ANTITRUST_DECISION = f"{ANTITRUST}/2022-06-24_decision_全国人民代表大会常务委员会关于修改《中华人民共和国反垄断法》的决定.md"


@pytest.mark.parametrize("decision_first", [False, True])
def test_ingested_decision_fixes_the_assumed_effective_date(engine, shared_corpus, decision_first):
    """The 2022 反垄断法 text gives no 施行日期 of its own; the decision's 2022-08-01 applies, in either order."""
    from api.services.ingest_batch import ingest_files

    texts = [shared_corpus / f"{ANTITRUST}/2007-08-30.md", shared_corpus / f"{ANTITRUST}/2022-06-24.md"]
    decision = shared_corpus / ANTITRUST_DECISION
    if decision_first:
        first = ingest_files(engine, [decision])
        report = ingest_files(engine, texts)
        assert not first.failed
    else:
        report = ingest_files(engine, texts + [decision])
    assert not report.failed, report.failed
    assert any("set to the amending act's 2022-08-01" in n for n in report.notes), report.notes
    with session_scope(engine) as s:
        v = s.get(m.Version, "/cn/law/2007/反垄断法@2022-06-24")
        assert (v.effective, v.effective_source) == (date(2022, 8, 1), "decision")
        versions = store.versions_of(s, "/cn/law/2007/反垄断法")
        events = store.events_of(s, "/cn/law/2007/反垄断法")
        assert lifecycle.status_on(versions, events, date(2022, 7, 31)).span.version.version_date == date(2007, 8, 30)
        assert lifecycle.status_on(versions, events, date(2022, 8, 1)).span.version.version_date == date(2022, 6, 24)


def test_amending_act_disagreeing_with_the_manifest_is_recorded_not_applied(engine, shared_corpus):
    """The manifest dates the 2023 民事诉讼法 2023-09-01; its decision says 2024-01-01: both stay visible."""
    from api.services.ingest_batch import ingest_files

    chain = shared_corpus / "chains/中华人民共和国民事诉讼法"
    files = [chain / "2023-09-01.md", next(chain.glob("2023-09-01_decision_*.md"))]
    report = ingest_files(engine, files, load_sidecar(shared_corpus / "manifest.csv"))
    again = ingest_files(engine, files, load_sidecar(shared_corpus / "manifest.csv"))  # unchanged: no second row
    assert not report.failed and not again.failed
    assert any("the amending act says 2024-01-01" in n for n in report.notes), report.notes
    with session_scope(engine) as s:
        v = s.get(m.Version, "/cn/law/1991/民事诉讼法@2023-09-01")
        assert (v.effective, v.effective_source) == (date(2023, 9, 1), "sidecar")
        rows = s.exec(select(m.Discrepancy).where(m.Discrepancy.version_id == v.id,
                                                  m.Discrepancy.field == "effective")).all()
        assert [(r.text_value, r.sidecar_value) for r in rows] == [("2024-01-01（修改决定）", "2023-09-01")]
