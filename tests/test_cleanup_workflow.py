"""定期清理 end to end on a small store of real texts (and one written 有效期三年 document):
lifecycle facts in the store, proposals and their reasons, decisions, apply, re-run, outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from sqlmodel import Session, select

from api.reports.cleanup import COLUMNS, csv_text, write_docx
from registry import audit
from registry.audit import AuditEntry
from registry.cleanup import apply as applying
from registry.cleanup import campaigns
from registry.cleanup.context import Scope
from registry.core.db import session_scope
from registry.core.errors import LexregError
from registry.core.settings import Settings
from registry.norms import lifecycle, store, views
from registry.norms import models as m
from registry.schema import make_engine
from registry.search import Filters, SearchRequest, SearchService
from tests.cleanup_store import build_small_store

NOTICE_2008 = "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知"
SH_REGISTRATION = "上海市房地产登记条例"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory, shared_corpus):
    return build_small_store(tmp_path_factory.mktemp("cleanup") / "lexreg.db", shared_corpus)


@pytest.fixture
def eng(small_db, tmp_path):
    """A fresh copy of the small store for each test (tests write decisions and events)."""
    copy = tmp_path / "copy.db"
    shutil.copy(small_db, copy)
    return make_engine(f"sqlite:///{copy}")


def _status(s: Session, ref: str, day: date) -> str:
    w = store.get_work(s, ref)
    return lifecycle.status_on(store.versions_of(s, w.id), store.events_of(s, w.id), day).status


def test_issued_document_with_validity_is_pending_then_in_force_then_expired(eng):
    with Session(eng) as s:
        w = store.get_work(s, "示例市临时用地管理办法")
        assert (w.doc_number, w.organ, w.level) == ("示政发〔2023〕5号", "示例市人民政府", "规范性文件")
        assert _status(s, w.id, date(2023, 6, 1)) == lifecycle.PENDING  # 印发 2023-05-10, 施行 2023-07-01
        assert _status(s, w.id, date(2023, 7, 1)) == lifecycle.IN_FORCE
        assert _status(s, w.id, date(2026, 6, 30)) == lifecycle.IN_FORCE  # the last day of 有效期三年
        assert _status(s, w.id, date(2026, 7, 1)) == lifecycle.EXPIRED
        shown = views.show(s, w.id, date(2026, 7, 2))
        assert shown["status"] == lifecycle.EXPIRED and shown["promulgated"] == "2023-05-10"
        expiry = [e for e in store.events_of(s, w.id) if e.kind == "失效"]
        assert [e.date for e in expiry] == [date(2026, 7, 1)] and expiry[0].text.startswith("有效期届满")
    svc = SearchService(eng, Settings.from_env().index_dir)
    current = svc.search(SearchRequest("临时用地使用期限", Filters(day=date(2026, 7, 2)), exact=True))
    assert all(h.title != "示例市临时用地管理办法" for h in current.hits)
    anyst = svc.search(SearchRequest("临时用地使用期限", Filters(day=date(2026, 7, 2), status="已失效"), exact=True))
    assert any(h.title == "示例市临时用地管理办法" for h in anyst.hits)
    assert anyst.facets["status"].get("已失效", 0) >= 1


def test_real_issuance_notice_is_stored_as_the_issued_rule(eng):
    with Session(eng) as s:
        w = store.get_work(s, "工资支付暂行规定")
        v = store.versions_of(s, w.id)[-1]
        assert (v.doc_number, v.promulgated, v.effective) == ("劳部发〔1994〕489号", date(1994, 12, 6), date(1995, 1, 1))
        assert _status(s, w.id, date(1994, 12, 20)) == lifecycle.PENDING
        assert _status(s, w.id, date(1995, 1, 1)) == lifecycle.IN_FORCE


def _new(s, name, as_of, **scope):
    with audit.acting_as("test"):
        campaigns.create(s, name, as_of, Scope(**scope))
        return campaigns.run(s, name)


def test_validity_expiring_is_declared_invalid_and_may_be_overridden(eng):
    with session_scope(eng) as s:
        _new(s, "2026年规范性文件清理", date(2026, 3, 1), levels=["规范性文件"])
        data = campaigns.show_json(s, "2026年规范性文件清理")
        p = next(x for x in data["proposals"] if x["title"] == "示例市临时用地管理办法")
        assert p["opinion"] == "宣布失效" and p["state"] == "proposed" and p["decision"] is None
        r = next(r for r in p["reasons"] if r["kind"] == "validity_expiring")
        assert "2026-06-30" in r["text"] and r["evidence"]["pid"] == "art_6"
        with audit.acting_as("test"), pytest.raises(LexregError, match="理由"):
            campaigns.decide(s, "2026年规范性文件清理", p["work_id"], "继续有效")  # override needs a note
        with audit.acting_as("reviewer:li"):
            campaigns.decide(s, "2026年规范性文件清理", p["work_id"], "继续有效", "拟于届满前重新印发")
        p = next(x for x in campaigns.show_json(s, "2026年规范性文件清理")["proposals"] if x["work_id"] == p["work_id"])
        assert p["state"] == "overridden" and p["decision"]["opinion"] == "继续有效"
        assert p["decision"]["by"] == "reviewer:li" and p["decision"]["note"] == "拟于届满前重新印发"
        # before the look-ahead reaches the end of the period: nothing to say about it
        _new(s, "2025年清理", date(2025, 6, 1), levels=["规范性文件"])
        early = next(x for x in campaigns.show_json(s, "2025年清理")["proposals"] if x["work_id"] == p["work_id"])
        assert early["opinion"] == "继续有效" and not early["reasons"]


def test_2008_notice_reasons_name_the_2019_land_law_and_the_dissolved_ministry(eng):
    with session_scope(eng) as s:
        _new(s, "2020年规范性文件清理", date(2020, 6, 1), levels=["规范性文件"])
        p = next(x for x in campaigns.show_json(s, "2020年规范性文件清理")["proposals"] if x["title"] == NOTICE_2008)
    assert p["doc_number"] == "国土资发〔2008〕248号" and p["opinion"] != "继续有效"
    kinds = {r["kind"]: r for r in p["reasons"]}
    land = kinds["cites_amended"]
    assert land["evidence"]["other_title"] == "中华人民共和国土地管理法"
    assert any(v.endswith("@2019-08-26") for v in land["evidence"]["other_versions_since"])
    assert "2019-08-26" in land["text"] and land["evidence"]["changed_articles"]
    organ = next(r for r in p["reasons"] if r["kind"] == "organ_renamed" and r["evidence"]["organ"] == "国土资源部")
    assert organ["evidence"]["successor"] == "自然资源部" and organ["evidence"]["change"]["on"] == "2018-03-17"
    assert "period_passed" in kinds and p["opinion"] == "宣布失效"


def test_apply_repeals_from_the_decision_date_and_rerun_does_not_propose_again(eng):
    # as of 2021-01-01: 上海市不动产登记若干规定 (2020-11-27) repeals the 条例 only from 2021-03-01 (its 第四十二条)
    name = "2021年上海市地方性法规清理"
    with session_scope(eng) as s:
        _new(s, name, date(2021, 1, 1), levels=["地方性法规"], organ="上海")
        p = next(x for x in campaigns.show_json(s, name)["proposals"] if x["title"] == SH_REGISTRATION)
        kinds = {r["kind"] for r in p["reasons"]}
        assert p["opinion"] == "废止" and {"cites_repealed", "superseded"} <= kinds
        repeal = next(r for r in p["reasons"] if r["kind"] == "cites_repealed")
        assert repeal["evidence"]["other_title"] == "中华人民共和国物权法"
        assert "中华人民共和国民法典" in repeal["evidence"]["repealed_by"]  # the act, with its article when read from the clause
        with audit.acting_as("test"):
            assert campaigns.accept(s, name, opinion="废止") >= 1
    with session_scope(eng) as s:  # the dry run writes nothing
        before = store.counts(s)["events"]
        report = applying.apply(s, name, date(2021, 2, 1), dry_run=True)
        assert any(a.title == SH_REGISTRATION and a.outcome == "would-record" for a in report.actions)
    with session_scope(eng) as s:
        assert store.counts(s)["events"] == before
        with audit.acting_as("test"):
            report = applying.apply(s, name, date(2021, 2, 1))
    with Session(eng) as s:
        assert _status(s, SH_REGISTRATION, date(2021, 1, 31)) == lifecycle.IN_FORCE
        assert _status(s, SH_REGISTRATION, date(2021, 2, 1)) == lifecycle.REPEALED
        ev = next(e for e in store.events_of(s, store.get_work(s, SH_REGISTRATION).id) if e.kind == "废止")
        src = s.get(m.SourceDocument, ev.source_id)
        assert ev.date == date(2021, 2, 1) and src.path == f"cleanup:{name}" and SH_REGISTRATION in src.text
        kinds = [a.kind for a in s.exec(select(AuditEntry).where(AuditEntry.target == f"cleanup:{name}")).all()]
        assert kinds.count("cleanup_decision") >= 1 and kinds.count("cleanup_apply") >= 1
    svc = SearchService(eng, Settings.from_env().index_dir)
    hits = svc.search(SearchRequest("房地产登记", Filters(day=date.today()), exact=True, limit=200)).hits
    assert SH_REGISTRATION not in {h.title for h in hits}
    with session_scope(eng) as s:
        with audit.acting_as("test"):
            campaigns.run(s, name)
        again = [x for x in campaigns.show_json(s, name)["proposals"] if x["title"] == SH_REGISTRATION]
        assert [x["state"] for x in again] == ["applied"]
        _new(s, "再次清理", date(2021, 1, 1), levels=["地方性法规"], organ="上海")
        assert SH_REGISTRATION not in {x["title"] for x in campaigns.show_json(s, "再次清理")["proposals"]}


def test_amend_decisions_become_open_tasks_until_a_new_version(eng):
    with session_scope(eng) as s:
        _new(s, "t", date(2022, 1, 1), levels=["规范性文件"])
        with audit.acting_as("test"):
            campaigns.decide(s, "t", NOTICE_2008, "修改", "依据已修改，机构已变化，按新法修改")
            applying.apply(s, "t", date(2022, 2, 1))
        tasks = applying.task_json(s)
        w = store.get_work(s, NOTICE_2008)
        assert tasks[w.id]["opened_on"] == "2022-02-01" and _status(s, w.id, date(2022, 3, 1)) == lifecycle.IN_FORCE


def test_export_docx_reads_back_and_converts_to_pdf(eng, tmp_path):
    name = "2020年规范性文件清理"
    with session_scope(eng) as s:
        _new(s, name, date(2020, 6, 1), levels=["规范性文件"])
        with audit.acting_as("test"):
            campaigns.accept(s, name, all_=True)
        data = campaigns.show_json(s, name)
    out = tmp_path / "decision.docx"
    assert write_docx(data, out) == len(data["proposals"])
    doc = Document(str(out))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [t.rows[0].cells[i].text for t in doc.tables for i in range(5)][:5] == list(COLUMNS)
    assert len(doc.tables) == 4
    heads = [p.text for p in doc.paragraphs if p.text.startswith("附件")]
    assert [h[:3] for h in heads] == ["附件1", "附件2", "附件3", "附件4"] and "决定废止的规范性文件目录" in heads[0]
    body = {r.cells[1].text: r.cells[3].text for t in doc.tables for r in t.rows[1:]}
    assert body == {p["title"]: p["decision"]["opinion"] for p in data["proposals"]}
    assert all(len(r.cells) == 5 for t in doc.tables for r in t.rows)
    header_xml = doc.tables[0].rows[0]._tr.xml
    assert "w:tblHeader" in header_xml and 'w:eastAsia="黑体"' in header_xml
    assert 'w:eastAsia="仿宋"' in doc.paragraphs[1]._p.xml
    rows = csv_text(data).splitlines()
    assert rows[0].startswith("序号,名称,文号,清理意见,理由") and len(rows) == 1 + len(data["proposals"])
    profile = tmp_path / "lo-profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "decision.pdf"
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    assert json.loads(json.dumps(data))["proposals"][0]["state"] == "accepted"


def test_an_evaluation_concluding_repeal_is_a_reason(eng, monkeypatch):
    from registry.evaluation import records as evaluation_records

    with Session(eng) as s:
        wage = store.get_work(s, "工资支付暂行规定").id
    monkeypatch.setattr(evaluation_records, "conclusions", lambda session: [
        {"work_id": wage, "conclusion": "废止", "evaluation_id": 7, "note": "调整对象已由新规定规范"}], raising=False)
    with session_scope(eng) as s:
        _new(s, "评估后清理", date(2022, 1, 1), works=[wage])
        p = campaigns.show_json(s, "评估后清理")["proposals"][0]
    r = next(r for r in p["reasons"] if r["kind"] == "evaluation")
    assert p["opinion"] == "废止" and r["evidence"]["evaluation_id"] == 7 and "调整对象" in r["text"]


def test_the_web_page_shows_the_expired_document(eng):
    from fastapi.testclient import TestClient

    from api.http.app import create_app

    client = TestClient(create_app(eng))
    page = client.get("/works/view", params={"id": "示例市临时用地管理办法", "at": "2026-07-02"}).text
    assert "已失效" in page and "示政发〔2023〕5号" in page
    assert "尚未生效" in client.get("/works/view", params={"id": "示例市临时用地管理办法", "at": "2023-06-01"}).text
