"""Norms citing articles a decision renumbers are reported stale, never edited (issue 15).

The real 2024 统计法 decision is applied to the stored 2009 text (a derived version:
old 第三十七条 becomes 第四十条); a rule written for this test cites 《中华人民共和国统计法》
第三十七条. After the citation pass the stale-citation check reports it, naming where the
article went, and the citing rule's own text is left as it was.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from api.services import citation_pass
from api.services.amend_file import run_amend
from ingest.pipeline import parse_bytes, parse_path
from registry import audit
from registry import review as conflicts
from registry.core.db import session_scope
from registry.norms import store
from registry.schema import make_engine

STATS = "chains/中华人民共和国统计法"
DECISION = f"{STATS}/2024-09-13_decision_全国人民代表大会常务委员会关于修改《中华人民共和国统计法》的决定.md"
CITING = ("# 某市统计违法行为处理办法\n\n2015年3月1日 某市人民政府令第1号公布\n\n<!-- INFO END -->\n\n"
          "第一条 为了处理统计违法行为，根据《中华人民共和国统计法》，制定本办法。\n\n"
          "第二条 地方人民政府负责人自行修改统计资料的，依照《中华人民共和国统计法》第三十七条的规定处理。\n")


def test_renumbered_article_is_reported_stale_to_the_citing_norm(shared_corpus):
    engine = make_engine("sqlite://")
    with session_scope(engine) as s:
        store.add_document(s, parse_path(shared_corpus / STATS / "2009-06-27.md"))
        store.add_document(s, parse_bytes(CITING.encode("utf-8"), "某市统计违法行为处理办法.md"))
    with audit.acting_as("test"):
        report = run_amend(engine, shared_corpus / DECISION)
    assert report.ok and report.norms[0].outcome == "written"
    citation_pass.rebuild(engine)
    with Session(engine) as s:
        conflicts.run(s, ["stale_article"], date(2025, 1, 1))
        s.commit()
        found = [conflicts.finding_json(f) for f in conflicts.findings(s) if f.kind == "stale_article"]
        citing = store.get_work(s, "某市统计违法行为处理办法")
        text = store.provisions_of(s, store.versions_of(s, citing.id)[0].id, ("article",))[1].text
    hit = [f for f in found if f["pid"].startswith("art_2__")]
    assert hit and hit[0]["evidence"]["change"]["status"] == "moved"
    assert hit[0]["evidence"]["change"]["new_pid"] == "art_40" and "第四十条" in hit[0]["explanation"]
    assert "第三十七条" in text  # reported, not edited
