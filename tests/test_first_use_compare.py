"""What staff meet first in 新旧对照, article history, impact and `cites`, on the real texts:
土地管理法 2004 -> 2019, its 实施条例 (2014, 2021) and 国土资发〔2008〕248号."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from citation_store import build
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app as cli
from api.reports.docx import write_diff_docx
from registry import audit
from registry.comparison.views import article_history, diff_work
from registry.core.db import session_scope
from registry.schema import make_engine

LAND = "chains/中华人民共和国土地管理法"
RULES = "chains/中华人民共和国土地管理法实施条例"
NOTICE = "laws/规范性文件/国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知(2008-12-06).txt"
NOTICE_TITLE = "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知"


@pytest.fixture(scope="module")
def land(tmp_path_factory, shared_corpus):
    """A file store with both 土地管理法 texts, both 实施条例 texts and the 2008 notice (manifest metadata)."""
    folder = tmp_path_factory.mktemp("land")
    url = f"sqlite:///{folder / 'lexreg.db'}"
    engine = make_engine(url)
    with audit.acting_as("test"):
        report = build(engine, shared_corpus, [f"{LAND}/2004-08-28.md", f"{LAND}/2019-08-26.md",
                                               f"{RULES}/2014-07-29.md", f"{RULES}/2021-07-02.md", NOTICE])
    assert not report.failed, report.failed
    return engine, url, folder


@pytest.fixture
def cli_env(land, monkeypatch):
    engine, url, folder = land
    monkeypatch.setenv("LEXREG_DATABASE_URL", url)
    monkeypatch.setenv("LEXREG_DATA_DIR", str(folder))
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(folder / "index"))
    return engine


def _diff(engine):
    with session_scope(engine) as s:
        return diff_work(s, "土地管理法", date(2004, 8, 28), date(2019, 8, 26))


def test_rewritten_articles_stand_opposite_the_articles_they_replace(land):
    diff = _diff(land[0])
    pairs = {(r.old_label, r.new_label): r for r in diff.rows}
    assert ("第四十六条", "第四十七条") in pairs  # 征地公告 -> 征地程序
    assert ("第四十七条", "第四十八条") in pairs  # 补偿 by 年产值倍数 -> 区片综合地价
    assert pairs[("第四十七条", "第四十八条")].renumbered and pairs[("第四十七条", "第四十八条")].status == "modified"
    assert ("", "第四十八条") not in pairs and ("第四十七条", "") not in pairs


def test_deleted_articles_keep_their_old_place(land):
    diff = _diff(land[0])
    removed = [i for i, r in enumerate(diff.rows) if r.status == "removed"]
    assert removed and removed[-1] < len(diff.rows) - 1  # not all pushed to the end
    old_order = [r.old_label for r in diff.rows if r.old_label]
    with session_scope(land[0]) as s:
        from registry.norms import store

        work = store.get_work(s, "土地管理法")
        labels = [p.label for p in store.provisions_of(s, store.versions_of(s, work.id)[0].id, ("article",))]
    moved_out_of_order = {r.old_label for r in diff.rows if r.old_label and r.status != "removed"} - set(labels)
    assert not moved_out_of_order
    # every removed article sits between its old neighbours
    for i in removed:
        k = labels.index(diff.rows[i].old_label)
        before = [r.old_label for r in diff.rows[:i] if r.old_label]
        assert all(labels.index(x) < k for x in before[-3:]), (diff.rows[i].old_label, before[-3:])
    assert len(old_order) == len(labels)


def test_word_table_is_a4_with_east_asian_fonts_and_a_repeated_header(land, tmp_path):
    path = write_diff_docx(_diff(land[0]), tmp_path / "对照表.docx")
    doc = Document(str(path))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts is not None and fonts.get(qn("w:eastAsia")) == "宋体"
    table, = doc.tables
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"
    rows = [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]]
    assert any(left.startswith("第四十七条") and right.startswith("第四十八条") for left, right in rows)
    removed = [right for left, right in rows if right.startswith("（删去")]
    assert removed, "a deleted article says so in the right column"
    assert "art_" not in "".join(p.text for p in doc.paragraphs) + "".join(a + b for a, b in rows)


def test_history_of_47_finds_the_2004_article_of_that_number(land):
    with session_scope(land[0]) as s:
        data = article_history(s, "土地管理法", "第四十七条")
    old = data["versions"][0]
    assert old["version_date"] == "2004-08-28" and old["label"] == "第四十六条"  # its predecessor
    assert old["same_number"]["label"] == "第四十七条"
    assert "按照被征收土地的原用途给予补偿" in old["same_number"]["text"]
    with session_scope(land[0]) as s:
        at_2010 = article_history(s, "土地管理法", "第四十七条", date(2010, 1, 1))
    assert at_2010["versions"][0]["label"] == "第四十七条"
    assert at_2010["versions"][1]["label"] == "第四十八条"


def test_cli_history_and_diff_speak_chinese(cli_env):
    out = CliRunner().invoke(cli, ["history", "土地管理法", "--article", "第四十七条"])
    assert out.exit_code == 0, out.output
    assert "本版本的第四十七条为另一条文" in out.stdout and "/cn/" not in out.stdout
    assert "moved" not in out.stdout and "[replace]" not in out.stdout
    out = CliRunner().invoke(cli, ["diff", "土地管理法", "--from", "2004-08-28", "--to", "2019-08-26"])
    assert out.exit_code == 0, out.output
    assert "第四十七条 -> 第四十八条" in out.stdout and "修改为“" in out.stdout
    assert "[replace]" not in out.stdout and "modified" not in out.stdout


def test_impact_reads_version_dates_and_skips_citations_of_the_new_text(cli_env):
    out = CliRunner().invoke(cli, ["impact", "土地管理法", "--from", "2004-08-28", "--to", "2019-08-26", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["to_version"].endswith("@2020-01-01") or data["to_version"].endswith("@2019-08-26")
    assert not [r for r in data["affected"] if r["citing_title"] == "中华人民共和国土地管理法实施条例"
                and r["citing_version"].rsplit("@", 1)[-1] >= "2020"], "the 2021 条例 cites the 2019 numbering"
    assert [r for r in data["affected"] if r["citing_version"].rsplit("@", 1)[-1] < "2019"]


def test_cites_lists_every_document_the_2008_notice_cites(cli_env):
    out = CliRunner().invoke(cli, ["cites", NOTICE_TITLE, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    group, = data["versions"]
    titles = {d["title"] for d in group["documents"]}
    assert {"关于全面推进依法行政实施纲要", "国土资源管理系统全面推进依法行政规划（2006年—2010年）",
            "国务院关于加强市县政府依法行政的决定", "国务院办公厅关于严格执行有关农村集体建设用地法律和政策的通知",
            "国务院关于促进节约集约用地的通知", "违反土地管理规定行为处分办法", "中华人民共和国土地管理法",
            "矿产资源法", "政府信息公开条例"} <= titles
    numbers = {d["doc_number"] for d in group["documents"]}
    assert {"国办发〔2007〕71号", "国发〔2008〕3号", "监察部令第15号"} <= numbers
    states = {d["title"]: d["status"] for d in group["documents"]}
    assert states["中华人民共和国土地管理法"] == "resolved" and states["矿产资源法"] == "not_in_store"
    back = [r for r in group["citations"] if r["raw"] == "《决定》"]
    assert back and back[0]["named_title"] == "国务院关于加强市县政府依法行政的决定"
    starts = [(r["source_label"], r["start"]) for r in group["citations"]]
    assert starts[0][0] == "序言"
    unresolved = json.loads(CliRunner().invoke(cli, ["cites", NOTICE_TITLE, "--state", "unresolved", "--json"]).stdout)
    rows = unresolved["citations"]
    assert rows and all(r["status"] not in ("resolved", "later_version_only") for r in rows)
    assert len(rows) == len(group["citations"]) - sum(r["status"] == "resolved" for r in group["citations"])
    text = CliRunner().invoke(cli, ["cites", NOTICE_TITLE]).stdout
    assert "库中未收录" in text and "已对应" in text and "not_in_store" not in text and "/cn/" not in text


def test_cites_orders_by_position_not_by_label(cli_env):
    data = json.loads(CliRunner().invoke(cli, ["cites", "土地管理法实施条例", "--json"]).stdout)
    assert [g["version_date"] for g in data["versions"]] == ["2014-07-29", "2021-07-02"]
    from registry.core.ids import parse_article_ref

    for g in data["versions"]:
        nums = [parse_article_ref(r["source_label"].split("条")[0] + "条")[0] for r in g["citations"]
                if r["source_pid"].startswith("art_")]
        assert nums == sorted(nums) and len(nums) > 5


def test_cites_api_and_page_filter_by_state(cli_env):
    from api.http.app import create_app

    client = TestClient(create_app())
    api = client.get("/citations/cites", params={"id": NOTICE_TITLE, "state": "unresolved"})
    assert api.status_code == 200, api.text
    assert api.json()["citations"] and all(r["status"] != "resolved" for r in api.json()["citations"])
    html = client.get("/works/cites", params={"id": NOTICE_TITLE, "state": "unresolved"}).text
    shown = re.sub(r"<[^>]+>", " ", html)  # what the reader sees, not the form's option values
    assert "库中未收录" in shown and "矿产资源法" in shown and "not_in_store" not in shown
