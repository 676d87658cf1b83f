"""Metadata per version on the real texts: each version's own 公布 instrument, versions the
题注 knows but the store lacks, 部分失效 that ends with a new version, and the same text
loaded as .txt then .docx."""

from __future__ import annotations

import csv
import json
import re
from datetime import date

import pytest
from citation_store import build
from docx import Document
from sqlmodel import select
from typer.testing import CliRunner

from api.cli.main import app as cli
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from registry import audit
from registry.core.db import session_scope
from registry.core.ids import normalise_doc_number
from registry.norms import lifecycle_acts, store, views
from registry.norms import models as m
from registry.schema import make_engine

LAND = "chains/中华人民共和国土地管理法"
RULES = "chains/中华人民共和国土地管理法实施条例"
NOTICE = "laws/规范性文件/国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知(2008-12-06).txt"
# a 题注 entry: its date, then (before the entry ends) the 令 it was made by
ENTRY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日[^，。；）)\n]{0,40}?"
                   r"((?:中华人民共和国)?[\u4e00-\u9fff]{0,16}令(?:第)?[\d一二三四五六七八九十百零〇]+号)")


@pytest.fixture
def land(tmp_path, shared_corpus, monkeypatch):
    url = f"sqlite:///{tmp_path / 'lexreg.db'}"
    monkeypatch.setenv("LEXREG_DATABASE_URL", url)
    monkeypatch.setenv("LEXREG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(tmp_path / "index"))
    engine = make_engine(url)
    with audit.acting_as("test"):
        report = build(engine, shared_corpus, [f"{LAND}/2004-08-28.md", f"{LAND}/2019-08-26.md",
                                               f"{RULES}/2014-07-29.md", f"{RULES}/2021-07-02.md"])
    assert not report.failed, report.failed
    return engine


def test_each_version_shows_its_own_instrument(land):
    out = CliRunner().invoke(cli, ["show", "土地管理法实施条例", "--at", "2022-01-01", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["doc_number"].endswith("国务院令第743号")
    with session_scope(land) as s:
        old = views.show(s, "土地管理法实施条例", date(2015, 1, 1))
        work = store.get_work(s, "土地管理法实施条例")
    assert old["doc_number"] == ""  # its 题注 names no 令 for 2014: the 1998 decree is not this version's
    assert work.doc_number.endswith("国务院令第256号")  # the work keeps the decree it was made by


def test_the_sidecar_states_an_instrument_the_text_does_not(tmp_path, shared_corpus):
    manifest = tmp_path / "manifest.csv"
    src = shared_corpus / RULES / "2014-07-29.md"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "title", "doc_number"])
        w.writerow([str(src), "中华人民共和国土地管理法实施条例", "国务院令第653号"])
        w.writerow([str(shared_corpus / RULES / "2021-07-02.md"), "中华人民共和国土地管理法实施条例", "国务院令第999号"])
    sidecar = load_sidecar(manifest)
    assert parse_path(src, sidecar.get(src)).doc_number == "国务院令第653号"
    later = parse_path(shared_corpus / RULES / "2021-07-02.md", sidecar.get(shared_corpus / RULES / "2021-07-02.md"))
    assert later.doc_number.endswith("国务院令第743号")  # the text states it: the header wins, the clash is kept
    assert [d.field for d in later.discrepancies] == ["doc_number"]


def test_every_corpus_version_whose_header_states_its_instrument_shows_it(shared_corpus):
    checked, wrong = 0, []
    with open(shared_corpus / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        head = (shared_corpus / row["path"]).read_text(encoding="utf-8", errors="replace")[:3000]
        if "令" not in head:
            continue
        draft = parse_path(shared_corpus / row["path"])
        day = draft.version_date
        stated = [normalise_doc_number(m.group(4)) for m in ENTRY.finditer(head)
                  if (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (day.year, day.month, day.day)]
        if stated:
            checked += 1
            if draft.doc_number != stated[0]:
                wrong.append((row["path"], draft.doc_number, stated[0]))
    assert checked > 200 and not wrong, wrong[:10]


def test_a_date_before_the_first_stored_text_names_the_version_the_titles_chain_knows(land):
    out = CliRunner().invoke(cli, ["show", "土地管理法", "--at", "1990-01-01"])
    assert out.exit_code == 1
    assert "1988-12-29 修正的版本" in out.output and "文本未收录" in out.output and "2004-08-28" in out.output
    out = CliRunner().invoke(cli, ["show", "土地管理法", "--at", "1980-01-01"])
    assert "尚未公布" in out.output


def test_partial_repeal_marks_its_articles_and_ends_with_the_next_version(land):
    with session_scope(land) as s, audit.acting_as("test"):
        work = store.get_work(s, "土地管理法")
        lifecycle_acts.repeal(s, work, "某决定", date(2010, 1, 1), articles=["第四十七条"])
    with session_scope(land) as s:
        during = views.show(s, "土地管理法", date(2015, 1, 1))
        after = views.show(s, "土地管理法", date(2021, 1, 1))
    assert during["status"] == "部分失效" and during["repealed_articles"] == ["art_47"]
    assert [a["id"] for a in during["articles"] if a.get("repealed")] == ["art_47"]
    assert after["status"] == "现行有效" and after["repealed_articles"] == []


def test_the_same_text_as_txt_then_docx_is_one_version(tmp_path, shared_corpus):
    txt = shared_corpus / NOTICE
    docx_path = tmp_path / "通知.docx"
    doc = Document()
    for line in txt.read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line + "  ")  # trailing spaces, as a word processor leaves them
    doc.add_paragraph("")
    doc.save(str(docx_path))
    engine = make_engine("sqlite://")
    with audit.acting_as("test"):
        with session_scope(engine) as s:
            first = store.add_document(s, parse_path(txt))
        with session_scope(engine) as s:
            second = store.add_document(s, parse_path(docx_path))
    assert first.status == "ingested"
    assert second.status == "unchanged" and second.version_id == first.version_id, second
    assert "same text" in second.notes[0]
    with session_scope(engine) as s:
        sources = s.exec(select(m.SourceDocument)).all()
        assert {src.format for src in sources} == {"txt", "docx"}  # both files kept, each with its raw hash
        assert len({src.sha256 for src in sources}) == 2
