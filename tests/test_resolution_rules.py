"""Resolution rules behind issue 14's false alarms, each on the real texts that showed it.

- a norm made between a revision's 公布 and 施行 cites the revision (公司法时间效力规定, pattern 2);
- a 修正案 section's quoted 款 is addressable as 第N条第M款 (刑法修正案（六）第12条第2款, pattern 3);
- an abbreviation the norm defines resolves (北京 《实施条例》第五十四条, pattern 7);
- a norm adopted after the citing one is not what it cites (1950 契税暂行条例, pattern 7).
"""

from __future__ import annotations

import pytest
from citation_store import build
from sqlmodel import Session, select

from registry.citations.records import PARTIAL, RESOLVED, UNRESOLVED, Citation
from registry.schema import make_engine

COMPANY = ["chains/中华人民共和国公司法/2018-10-26.md", "chains/中华人民共和国公司法/2023-12-29.md",
           "laws/司法解释/最高人民法院关于适用《公司法》时间效力的若干规定(2024-06-29).md"]
AMENDMENT = ["laws/法律/刑法/刑法修正案（六）.md",
             "laws/司法解释/最高人民法院、最高人民检察院关于执行《刑法》确定罪名的补充规定（三）(2007-10-25).md"]
MINES = ["laws/法律/社会法/矿山安全法(2009-08-27).md", "laws/行政法规/矿山安全法实施条例(1996-10-30).md",
         "laws/地方性法规/北京/北京市实施《矿山安全法》办法(2021-09-24).md",
         "laws/行政法规/土地管理法实施条例(2021-07-02).md"]  # another 实施条例 the abbreviation could mean
DEED_TAX = ["laws/行政法规/契税暂行条例(2019-03-02).md",
            "laws/行政法规/国务院关于外商投资企业和外国企业适用增值税、消费税、营业税等税收暂行条例有关问题的通知(1994-02-22).md"]


def _citations(corpus, files, citing: str) -> list[Citation]:
    engine = make_engine("sqlite://")
    assert not build(engine, corpus, files).failed
    with Session(engine) as s:
        return [c for c in s.exec(select(Citation)).all() if citing in c.work_id]


def test_a_norm_made_for_a_pending_revision_cites_the_revision(shared_corpus):
    rows = _citations(shared_corpus, COMPANY, "时间效力")
    company = [c for c in rows if c.resolved_work_id.endswith("公司法") and c.target_pid]
    assert company and all(c.resolved_version_id.endswith("@2023-12-29") for c in company)
    art_219 = [c for c in company if c.target_pid == "art_219"]
    assert art_219 and all(c.state == RESOLVED for c in art_219)  # 简易合并: only the 2023 text has it
    assert not [c for c in company if c.reason == "no_such_article"]


def test_amendment_sections_hold_their_quoted_paragraphs(shared_corpus):
    rows = _citations(shared_corpus, AMENDMENT, "补充规定")
    hit = [c for c in rows if "第12条第2款" in c.raw]
    assert hit and hit[0].state == RESOLVED and hit[0].resolved_pid == "sec_12"


def test_a_defined_abbreviation_resolves_to_the_norm_it_abbreviates(shared_corpus):
    rows = _citations(shared_corpus, MINES, "北京市实施")
    hit = [c for c in rows if c.raw.startswith("《实施条例》第五十四条")]
    assert hit and hit[0].state in (RESOLVED, PARTIAL)
    assert hit[0].resolved_work_id.endswith("矿山安全法实施条例")


@pytest.mark.parametrize("name", ["契税暂行条例"])
def test_a_norm_adopted_later_is_not_the_one_cited(shared_corpus, name):
    rows = _citations(shared_corpus, DEED_TAX, "税收暂行条例有关问题的通知")
    hit = [c for c in rows if name in c.raw]
    assert hit and hit[0].state == UNRESOLVED and hit[0].reason == "later_work_only"
