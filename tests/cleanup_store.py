"""Builders for the clean-up tests: the nine laws the 民法典 repealed, recorded as repeal events.

The store knows these laws only when their texts are ingested (the shared corpus has none
of them); until repeal clauses are wired into the store (issue 14) the tests record each
as a work known by title only, repealed by 民法典 第一千二百六十条 from 2021-01-01, through
`registry.norms.lifecycle_acts` — the way a person would with `lexreg repeal`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import select

from registry import audit
from registry.core.db import session_scope
from registry.core.titles import title_key
from registry.norms import lifecycle_acts
from registry.norms import models as m

NINE = {"婚姻法": 1980, "继承法": 1985, "民法通则": 1986, "收养法": 1991, "担保法": 1995, "合同法": 1999,
        "物权法": 2007, "侵权责任法": 2009, "民法总则": 2017}
CIVIL_CODE_DAY = date(2021, 1, 1)


def record_civil_code_repeals(engine) -> list[str]:
    """Each of the nine laws as a work (known by title) repealed from 2021-01-01; returns their ids."""
    ids = []
    with audit.acting_as("test"), session_scope(engine) as s:
        for short, year in NINE.items():
            title = "中华人民共和国" + short
            work = s.exec(select(m.Work).where(m.Work.title_key == title_key(title))).first()
            if work is None:
                work = m.Work(id=f"/cn/law/{year}/{short}", title=title, short_title=short, title_key=title_key(title),
                              level="法律", organ="全国人民代表大会")
                s.add(work)
                s.flush()
            lifecycle_acts.repeal(s, work, "中华人民共和国民法典", CIVIL_CODE_DAY,
                                  text="《中华人民共和国民法典》第一千二百六十条：本法自2021年1月1日起施行。"
                                       f"《中华人民共和国{short}》……同时废止。")
            ids.append(work.id)
    return ids


FIXTURE = Path(__file__).parent / "fixtures" / "cleanup" / "示例市临时用地管理办法.md"


def build_small_store(db: Path, corpus: Path) -> Path:
    """A SQLite store (with its index and citations) of the written 有效期三年 document, the 土地管理法
    chain, the 2008 notice, 工资支付暂行规定 and two 上海 norms, plus the nine repeals."""
    from api.services.derived import after_ingest
    from api.services.ingest_batch import ingest_paths
    from ingest.manifest import load_sidecar
    from registry.schema import make_engine

    eng = make_engine(f"sqlite:///{db}")
    laws = corpus / "laws"
    paths = [FIXTURE, corpus / "chains" / "中华人民共和国土地管理法", laws / "规范性文件",
             next((laws / "行政法规").glob("工资支付暂行规定*")),
             laws / "地方性法规" / "上海" / "上海市房地产登记条例(2008-12-25).md",
             laws / "地方性法规" / "上海" / "上海市不动产登记若干规定(2020-11-27).md"]
    report = ingest_paths(eng, paths, load_sidecar(corpus / "manifest.csv"), after_commit=after_ingest)
    assert not report.failed, report.failed
    record_civil_code_repeals(eng)
    eng.dispose()
    return db
