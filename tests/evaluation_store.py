"""Builders for the evaluation tests: the real 土地管理法实施条例 (2014, 2021) and 土地管理法 (2004, 2019)
from the shared corpus, and faulted copies of the 2021 text for the 规范性 checks."""

from __future__ import annotations

from pathlib import Path

from citation_store import build

from registry.schema import make_engine
from registry.evaluation import records  # noqa: F401  (registers the evaluation table before create_all)

REGULATION = "chains/中华人民共和国土地管理法实施条例/{}.md"
LAW = "chains/中华人民共和国土地管理法/{}.md"
V2021 = "/cn/admin-reg/1998/土地管理法实施条例@2021-07-02"
V2014 = "/cn/admin-reg/1998/土地管理法实施条例@2014-07-29"
FILES = [REGULATION.format("2014-07-29"), REGULATION.format("2021-07-02"), LAW.format("2004-08-28"),
         LAW.format("2019-08-26")]


def land_store(corpus: Path, db: Path):
    engine = make_engine(f"sqlite:///{db}")
    report = build(engine, corpus, FILES)
    assert not report.failed, report.failed
    return engine


def faulted_copy(corpus: Path, out: Path) -> Path:
    """The 2021 text with four faults put in: 第五条 removed (a numbering gap), a reference to
    本条例第九十九条 (it has 66 articles), 《土地管理法》 used without its 以下简称 definition, and
    a citation of 《中华人民共和国土地管理法》第九十九条 (the 2019 law has 87 articles) in 第五十条."""
    text = (corpus / REGULATION.format("2021-07-02")).read_text(encoding="utf-8")
    lines = text.splitlines()
    lines = [line for line in lines if not line.startswith("第五条 ")]
    text = "\n".join(lines)
    text = text.replace("（以下简称《土地管理法》）", "", 1)
    text = text.replace("依法公开土地管理信息。", "依法公开土地管理信息，具体依照本条例第九十九条的规定执行。", 1)
    text = text.replace("依法公开相关信息。", "依法公开相关信息，具体依照《中华人民共和国土地管理法》第九十九条的规定执行。", 1)
    out.write_text(text, encoding="utf-8")
    return out


def faulted_store(corpus: Path, tmp: Path):
    engine = make_engine(f"sqlite:///{tmp / 'faulted.db'}")
    files = [faulted_copy(corpus, tmp / "土地管理法实施条例(2021-07-02).md"), corpus / LAW.format("2019-08-26")]
    from api.services.derived import after_ingest
    from api.services.ingest_batch import ingest_files
    from ingest.manifest import load_sidecar

    report = ingest_files(engine, files, load_sidecar(corpus / "manifest.csv"), after_commit=after_ingest)
    assert not report.failed, report.failed
    return engine, report
