"""新旧对照 (JSON, text, Word) and per-article history, through the library, the CLI and the API."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app as cli
from api.http.app import create_app
from api.reports.docx import AFTER, BEFORE, write_diff_docx
from ingest.pipeline import parse_path
from registry.comparison.views import article_history, diff_work
from registry.core.db import session_scope
from registry.norms import store
from registry.schema import make_engine
from tests.auth import bearer

STATS = "chains/中华人民共和国统计法"
DECISION = f"{STATS}/2024-09-13_decision_全国人民代表大会常务委员会关于修改《中华人民共和国统计法》的决定.md"


@pytest.fixture
def db(tmp_path, shared_corpus, monkeypatch, new_store):
    """A store with a URL (the CLI opens its own engine) with both official versions of 统计法."""
    url = new_store.url("stats")
    monkeypatch.setenv("LEXREG_DATABASE_URL", url)
    engine = make_engine(url)
    for name in ("2009-06-27.md", "2024-09-13.md"):
        with session_scope(engine) as s:
            store.add_document(s, parse_path(shared_corpus / STATS / name))
    return engine


def _rows(diff):
    return {(r.old_label, r.new_label): r for r in diff.rows}


def test_diff_aligns_across_renumbering_with_word_changes(db):
    with session_scope(db) as s:
        diff = diff_work(s, "统计法", date(2010, 1, 1), date(2024, 9, 13))
    rows = _rows(diff)
    assert diff.summary()["added"] == 3 and diff.summary()["removed"] == 0
    assert rows[("第八条", "第十条")].status == "unchanged"  # two articles inserted before it: renumbered, not changed
    first = rows[("第一条", "第一条")]
    assert first.status == "modified" and any("加强统计监督" in c.new for c in first.changes)
    assert rows[("", "第二十条")].status == "added"
    data = diff.to_json()
    assert data["from"]["version_date"] == "2009-06-27" and data["to"]["version_date"] == "2024-09-13"
    json.dumps(data, ensure_ascii=False)
    text = diff.render_text()
    assert "增加 第二十条" in text and "第八条 -> 第十条" in text


def test_docx_round_trip_puts_changes_in_the_right_columns(db, tmp_path):
    with session_scope(db) as s:
        diff = diff_work(s, "统计法", date(2009, 6, 27), date(2024, 9, 13))
    path = write_diff_docx(diff, tmp_path / "对照表.docx")
    doc = Document(str(path))
    assert "统计法" in doc.paragraphs[0].text
    assert any("2009-06-27" in p.text and "2024-09-13" in p.text for p in doc.paragraphs)
    table, = doc.tables
    assert [c.text for c in table.rows[0].cells] == [BEFORE, AFTER]
    assert len(table.rows) == 1 + len(diff.changed)
    by_right = {row.cells[1].text.split("\u3000")[0]: row for row in table.rows[1:]}
    first = by_right["第一条"]
    assert first.cells[0].text.startswith("第一条")
    struck = "".join(r.text for p in first.cells[0].paragraphs for r in p.runs if r.font.strike)
    marked = "".join(r.text for p in first.cells[1].paragraphs for r in p.runs if r.bold and r.underline)
    assert "促进" in struck and "加强统计监督" in marked
    added = by_right["第二十条"]
    assert added.cells[0].text == "（新增条文）" and "国民经济核算制度" in added.cells[1].text


def test_article_history_follows_the_article_through_renumbering(db):
    with session_scope(db) as s:
        data = article_history(s, "统计法", "第十条")
    assert [(v["label"], v["change"]) for v in data["versions"]] == [("第八条", "present"), ("第十条", "moved")]
    with session_scope(db) as s:
        data = article_history(s, "统计法", "1")
    assert [v["change"] for v in data["versions"]] == ["present", "modified"]


def test_cli_history_article_diff_and_amend_dry_run(db, tmp_path, shared_corpus):
    runner = CliRunner()
    out = runner.invoke(cli, ["history", "统计法", "--article", "10", "--json"])
    assert out.exit_code == 0, out.output
    assert [v["label"] for v in json.loads(out.stdout)["versions"]] == ["第八条", "第十条"]
    out = runner.invoke(cli, ["diff", "统计法", "--from", "2009-06-27", "--to", "2024-09-13",
                              "--docx", str(tmp_path / "d.docx")])
    assert out.exit_code == 0 and "增加 第二十条" in out.stdout and (tmp_path / "d.docx").exists()
    out = runner.invoke(cli, ["amend", str(shared_corpus / DECISION), "--dry-run"])
    assert out.exit_code == 0, out.output
    assert "dry run" in out.stdout and "official-kept" in out.stdout and "53/53" in out.stdout
    with session_scope(db) as s:
        assert store.counts(s)["works"] == 1


def test_cli_repeal_and_expire(db):
    runner = CliRunner()
    out = runner.invoke(cli, ["repeal", "统计法", "--by", "测试决定", "--date", "2030-01-01"])
    assert out.exit_code == 0, out.output
    assert "现行有效  ->  2030-01-01 已废止" in out.stdout
    out = runner.invoke(cli, ["repeal", "统计法", "--by", "测试决定", "--date", "2030-01-01", "--json"])
    assert json.loads(out.stdout)["outcome"] == "already"
    out = runner.invoke(cli, ["repeal", "统计法", "--by", "另一决定", "--date", "2029-01-01", "--article", "第五十条"])
    assert out.exit_code == 0 and "部分失效" in out.stdout
    out = runner.invoke(cli, ["repeal", "统计法", "--by", "X", "--date", "2029-01-01", "--article", "第九十九条"])
    assert out.exit_code == 1 and "no 第九十九条" in out.output
    out = runner.invoke(cli, ["expire", "统计法", "--date", "1980-01-01", "--reason", "有效期届满"])
    assert out.exit_code == 1 and "promulgated" in out.output


def test_api_routes(db):
    client = TestClient(create_app(db))
    r = client.get("/diff", params={"id": "统计法", "from": "2009-06-27", "to": "2024-09-13", "format": "docx"})
    assert r.status_code == 200
    assert Document(BytesIO(r.content)).tables[0].rows[0].cells[0].text == BEFORE
    r = client.get("/work/article-history", params={"id": "统计法", "article": "第十条"})
    assert r.json()["versions"][-1]["label"] == "第十条"
    editor = bearer(db, "editor")
    assert client.post("/repeal", json={"work": "统计法", "by": "测试", "date": "2031-01-01"}).status_code == 401
    r = client.post("/repeal", json={"work": "统计法", "by": "测试", "date": "2031-01-01"}, headers=editor)
    assert r.status_code == 200 and r.json()["outcome"] == "recorded"
    r = client.post("/amend", json={"text": "# 关于某事的决定\n\n（2024年1月1日通过）\n\n进一步做好工作。\n"},
                    headers=editor)
    assert r.status_code == 400 and "no readable instruction" in r.json()["error"]
    r = client.get("/work", params={"id": "统计法", "at": "2031-01-01"})
    assert r.json()["status"] == "已废止"
