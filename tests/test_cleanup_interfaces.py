"""定期清理 and 制定依据 from the CLI, the REST API (writes need the reviewer role) and the web page."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from docx import Document
from fastapi.testclient import TestClient
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli.main import app
from api.http.app import create_app
from api.services import citation_pass
from registry import audit
from registry.access.tokens import create_token
from registry.cleanup import basis
from registry.core.db import session_scope
from registry.norms import lifecycle, store
from registry.schema import make_engine
from tests.cleanup_store import build_small_store

NOTICE_2008 = "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知"
ISSUED = "示例市临时用地管理办法"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory, shared_corpus):
    return build_small_store(tmp_path_factory.mktemp("cleanup-ui") / "lexreg.db", shared_corpus)


@pytest.fixture
def db(small_db, tmp_path, monkeypatch):
    copy = tmp_path / "copy.db"
    shutil.copy(small_db, copy)
    monkeypatch.setenv("LEXREG_DATABASE_URL", f"sqlite:///{copy}")
    return copy


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_cli_campaign_decide_accept_apply_export(db, tmp_path):
    out = run("cleanup", "new", "2026年清理", "--as-of", "2026-03-01", "--level", "规范性文件,行政法规",
              "--look-ahead", "6m").output
    assert "proposals" in out and "validity_expiring" in out
    assert "2026年清理" in run("cleanup", "list").output
    data = json.loads(run("cleanup", "show", "2026年清理", "--json").output)
    assert {"name", "as_of", "scope", "proposals"} <= set(data) and data["scope"]["levels"] == ["规范性文件", "行政法规"]
    p = next(x for x in data["proposals"] if x["title"] == ISSUED)
    assert {"work_id", "title", "doc_number", "level", "organ", "opinion", "reasons", "decision", "state"} <= set(p)
    assert {"kind", "text", "evidence"} <= set(p["reasons"][0])
    only = json.loads(run("cleanup", "show", "2026年清理", "--opinion", "宣布失效", "--json").output)["proposals"]
    assert only and all(x["opinion"] == "宣布失效" for x in only)
    bad = CliRunner().invoke(app, ["cleanup", "decide", "2026年清理", ISSUED, "继续有效"])
    assert bad.exit_code == 1 and "理由" in bad.output
    run("cleanup", "decide", "2026年清理", ISSUED, "继续有效", "--note", "到期前重新印发")
    assert "accepted" in run("cleanup", "accept", "2026年清理", "--all").output
    dry = json.loads(run("cleanup", "apply", "2026年清理", "--dry-run", "--date", "2026-04-01", "--json").output)
    assert dry["dry_run"] and dry["actions"]
    with Session(make_engine(f"sqlite:///{db}")) as s:
        w = store.get_work(s, NOTICE_2008)
        assert lifecycle.status_on(store.versions_of(s, w.id), store.events_of(s, w.id), date(2026, 4, 2)).status \
            == lifecycle.IN_FORCE  # the dry run wrote nothing
    run("cleanup", "apply", "2026年清理", "--date", "2026-04-01")
    shown = json.loads(run("show", NOTICE_2008, "--at", "2026-04-02", "--json").output)
    assert shown["status"] == "已失效"
    assert json.loads(run("show", NOTICE_2008, "--at", "2026-03-31", "--json").output)["status"] == "现行有效"
    docx, csv = tmp_path / "d.docx", tmp_path / "d.csv"
    run("cleanup", "export", "2026年清理", "--docx", str(docx), "--csv", str(csv))
    rows = [r for t in Document(str(docx)).tables for r in t.rows[1:]]
    assert len(rows) == len(data["proposals"]) and csv.read_text(encoding="utf-8-sig").startswith("序号,名称")


def _tokens(db):
    eng = make_engine(f"sqlite:///{db}")
    with audit.acting_as("test"), session_scope(eng) as s:
        _, reader = create_token(s, "reader1", "reader")
        _, reviewer = create_token(s, "li", "reviewer")
    return {"Authorization": f"Bearer {reader}"}, {"Authorization": f"Bearer {reviewer}"}


def test_rest_routes_need_the_reviewer_role_for_writes(db):
    reader, reviewer = _tokens(db)
    client = TestClient(create_app())
    body = {"name": "2020年清理", "as_of": "2020-06-01", "levels": ["规范性文件"]}
    assert client.post("/cleanup", json=body).status_code == 401
    assert client.post("/cleanup", json=body, headers=reader).status_code == 403
    made = client.post("/cleanup", json=body, headers=reviewer)
    assert made.status_code == 200 and made.json()["proposals"] >= 2
    shown = client.get("/cleanup/2020年清理", params={"reason": "organ_renamed"}).json()
    assert [p["title"] for p in shown["proposals"]] == [NOTICE_2008]
    r = client.post("/cleanup/2020年清理/decide", json={"work": NOTICE_2008, "opinion": "废止", "note": "已被替代"},
                    headers=reviewer)
    assert r.status_code == 200 and r.json()["state"] == "overridden" and r.json()["by"] == "token:li"
    assert client.post("/cleanup/2020年清理/accept", json={"all": True}, headers=reviewer).json()["accepted"] >= 1
    dry = client.get("/cleanup/2020年清理/dry-run", params={"date": "2020-07-01"}).json()
    assert any(a["title"] == NOTICE_2008 and a["act"] == "废止" for a in dry["actions"])
    assert client.post("/cleanup/2020年清理/apply", json={"date": "2020-07-01"}, headers=reader).status_code == 403
    done = client.post("/cleanup/2020年清理/apply", json={"date": "2020-07-01"}, headers=reviewer).json()
    assert not done["dry_run"]
    assert client.get("/work", params={"id": NOTICE_2008, "at": "2020-07-01"}).json()["status"] == "已废止"
    docx = client.get("/cleanup/2020年清理/export", params={"format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    csv = client.get("/cleanup/2020年清理/export", params={"format": "csv"})
    assert "国土资发〔2008〕248号" in csv.text
    missing = client.get("/cleanup/没有这个")
    assert missing.status_code == 404 and "没有名为" in missing.json()["error"]["message"]


def test_workbench_page_lists_filters_and_posts(db):
    _, reviewer = _tokens(db)
    client = TestClient(create_app())
    assert "新建清理项目" in client.get("/review/cleanup").text
    made = client.post("/review/cleanup/new", headers=reviewer, follow_redirects=False,
                       data={"name": "页面清理", "as_of": "2020-06-01", "level": "规范性文件", "look_ahead": "6m"})
    assert made.status_code == 303
    page = client.get(made.headers["location"]).text
    assert NOTICE_2008 in page and "国土资发〔2008〕248号" in page and 'name="csrf"' in page
    assert "机构已撤销或更名" in page and "/works/view?id=" in page and "下载清理决定（Word）" in page
    filtered = client.get(made.headers["location"], params={"reason": "validity_expiring"}).text
    assert NOTICE_2008 not in filtered
    assert client.post(made.headers["location"] + "/decide", data={"work": NOTICE_2008, "opinion": "修改"},
                       follow_redirects=False).status_code == 401
    bad = client.post(made.headers["location"] + "/decide", headers=reviewer,
                      data={"work": NOTICE_2008, "opinion": "修改"})
    assert bad.status_code == 400 and "理由" in bad.text  # an override needs a note, said on an HTML page
    ok = client.post(made.headers["location"] + "/decide", headers=reviewer, follow_redirects=False,
                     data={"work": NOTICE_2008, "opinion": "修改", "note": "按新法修改"})
    assert ok.status_code == 303
    preview = client.get(made.headers["location"], params={"dry_run": "2020-07-01"}).text
    assert "列入待修改" in preview and "确认执行" in preview


def test_basis_decisions_survive_a_citation_rebuild(db):
    eng = make_engine(f"sqlite:///{db}")
    with Session(eng) as s:
        _, _, links = basis.bases_of(s, ISSUED)
    assert [x.written for x in links] == ["《中华人民共和国土地管理法》", "《中华人民共和国土地管理法实施条例》"]
    land = links[0]
    assert land.state == "derived" and land.basis_work_id == "/cn/law/1986/土地管理法" and land.pid == "art_1__para_1"
    with audit.acting_as("reviewer:li"), session_scope(eng) as s:
        basis.decide(s, ISSUED, "《中华人民共和国土地管理法》", "confirmed", note="核对原文")
        basis.decide(s, ISSUED, "中华人民共和国土地管理法实施条例", "rejected", note="库中无此文本")
    citation_pass.rebuild(eng)
    with Session(eng) as s:
        _, _, links = basis.bases_of(s, ISSUED)
        states = {x.written: (x.state, x.decided_by) for x in links}
    assert states == {"《中华人民共和国土地管理法》": ("confirmed", "reviewer:li"),
                      "《中华人民共和国土地管理法实施条例》": ("rejected", "reviewer:li")}
    shown = json.loads(run("basis", "show", ISSUED, "--json").output)
    assert [b["state"] for b in shown["bases"]] == ["confirmed", "rejected"]
    client = TestClient(create_app())
    assert client.post("/basis", json={"work": ISSUED, "basis": "土地管理法", "state": "confirmed"}).status_code == 401
