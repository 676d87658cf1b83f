"""Builders for the legality-review tests: a store with the real 土地管理法 (2004, 2019), its
实施条例 (2014, 2021) and the 民法典 (whose 第一千二百六十条 repeals the 合同法 from 2021-01-01),
and drafts made from real 实施条例 articles with one fault put in each.

The corpus holds no text of the 合同法, so the store knows it as a work without a text plus its
废止 event (recorded through `registry.norms.lifecycle_acts.repeal` when no event exists yet).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from citation_store import build
from sqlmodel import Session, select

from registry import audit
from registry.core.titles import title_key
from registry.norms import lifecycle_acts, store
from registry.norms import models as m
from registry.schema import make_engine

REGULATION = "chains/中华人民共和国土地管理法实施条例/{}.md"
LAW = "chains/中华人民共和国土地管理法/{}.md"
CIVIL_CODE = "laws/法律/民法典"
CONTRACT_LAW = "中华人民共和国合同法"
ORGAN = "浙江省自然资源厅"
AS_OF = dt.date(2022, 3, 1)


def review_store(corpus: Path, db: Path):
    engine = make_engine(f"sqlite:///{db}")
    files = [REGULATION.format("2014-07-29"), REGULATION.format("2021-07-02"), LAW.format("2004-08-28"),
             LAW.format("2019-08-26")]
    files += sorted(str(p.relative_to(corpus)) for p in (corpus / CIVIL_CODE).glob("*.md"))
    report = build(engine, corpus, files)
    assert not report.failed, report.failed
    with Session(engine) as s, audit.acting_as("test"):
        # the 民法典's repeal clause makes the 合同法 a work known by title (registry.norms.repeals);
        # a store without that reading gets the same work and event here
        work = s.exec(select(m.Work).where(m.Work.title_key == title_key(CONTRACT_LAW))).first()
        if work is None:
            work = m.Work(id="/cn/law/1999/合同法", title=CONTRACT_LAW, short_title="合同法",
                          title_key=title_key(CONTRACT_LAW), level="法律", organ="全国人民代表大会",
                          enacted=dt.date(1999, 3, 15))
            s.add(work)
            s.flush()
        if not any(e.kind == "废止" for e in store.events_of(s, work.id)):
            lifecycle_acts.repeal(s, work, "《中华人民共和国民法典》第一千二百六十条", dt.date(2021, 1, 1))
        s.commit()
    return engine


def article(corpus: Path, label: str) -> str:
    """The text of one article of the real 2021 实施条例 (its first line and its 款)."""
    lines = (corpus / REGULATION.format("2021-07-02")).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(label + " "))
    out = [lines[start].split(" ", 1)[1]]
    for line in lines[start + 1:]:
        if line.startswith("第") and "条 " in line[:12]:
            break
        if line.strip():
            out.append(line.strip())
    return "\n".join(out)


CLEAN = {
    "basis": "为了规范临时用地管理，根据《中华人民共和国土地管理法》《中华人民共和国土地管理法实施条例》，结合本省实际，制定本办法。",
    "contract": "临时用地使用者应当与有关自然资源主管部门或者农村集体经济组织签订临时使用土地合同，合同的订立和履行依照《中华人民共和国民法典》第四百六十五条的规定执行。",
    "article": "临时用地的复垦，依照《中华人民共和国土地管理法》第五十七条的规定执行。",
    "fine": "依照《中华人民共和国土地管理法》第七十七条的规定处以罚款的，罚款额为非法占用土地每平方米500元以上1000元以下。",
    "permit": "临时用地使用者应当按照土地复垦方案开展复垦工作。",
    "closing": "本办法自2022年5月1日起施行，有效期五年。",
}
# One fault each (kind it must be reported as -> the clause replaced and its faulted wording)
FAULTS = {
    "cites_repealed": ("contract", "临时用地使用者应当与有关自然资源主管部门或者农村集体经济组织签订临时使用土地合同，合同的订立和履行依照《中华人民共和国合同法》第十条的规定执行。"),
    "cites_missing_article": ("article", "临时用地的复垦，依照《中华人民共和国土地管理法》第九十九条的规定执行。"),
    "outside_range": ("fine", "依照《中华人民共和国土地管理法》第七十七条的规定处以罚款的，罚款额为非法占用土地每平方米1500元以上3000元以下。"),
    "sets_license": ("permit", "从事临时用地复垦的单位，应当取得省自然资源厅核发的复垦作业许可证；未经许可，不得从事复垦作业。"),
    "no_effective_date": ("closing", "本办法由省自然资源厅负责解释。"),
    "validity_too_long": ("closing", "本办法自2022年5月1日起施行，有效期十年。"),
}


def draft_text(corpus: Path, fault: str | None = None) -> str:
    """A 规范性文件 draft: real 实施条例 articles on 临时用地 (第二十条, 第五十六条) between
    a basis clause and closing clauses; `fault` replaces one clause with its faulted wording."""
    clauses = dict(CLEAN)
    if fault is not None:
        key, text = FAULTS[fault]
        clauses[key] = text
    body = [clauses["basis"], article(corpus, "第二十条"), clauses["contract"], clauses["permit"], clauses["article"],
            article(corpus, "第五十六条").split("\n")[0], clauses["fine"], clauses["closing"]]
    from registry.core.numerals import int_to_cn

    lines = ["浙江省临时用地管理办法", ""]
    for n, text in enumerate(body, start=1):
        first, *rest = text.split("\n")
        lines += [f"第{int_to_cn(n)}条 {first}"] + rest
    return "\n".join(lines) + "\n"
