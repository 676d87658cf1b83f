"""Builders for the search tests: small stores from real files of the shared corpus."""

from __future__ import annotations

import re
from pathlib import Path

from api.services.ingest_batch import ingest_files
from ingest.manifest import load_sidecar
from registry.schema import make_engine

LAND = re.compile(r"土地|矿|国土|不动产|房地产|征收|耕地|宅基地")


def small_files(corpus: Path) -> list[Path]:
    """土地管理法 2004/2019, 实施条例 2014/2021, 矿产资源法 2009/2024 and a few land norms of other ranks."""
    files = sorted((corpus / "chains" / "中华人民共和国土地管理法").glob("*.md"))
    files += sorted((corpus / "chains" / "中华人民共和国土地管理法实施条例").glob("*.md"))
    files += [p for p in sorted((corpus / "chains" / "中华人民共和国矿产资源法").glob("*.md")) if "decision" not in p.name]
    others = sorted(p for p in (corpus / "laws").rglob("*.md") if LAND.search(p.name))
    return files + [p for p in others if "地方性法规" in str(p)][:4] + [p for p in others if "司法解释" in str(p)][:2]


def land_files(corpus: Path) -> list[Path]:
    """Every land/mineral-titled file plus the chains: the ranking test's store (distractors included)."""
    files = small_files(corpus)
    files += [p for p in sorted((corpus / "laws").rglob("*.md")) if LAND.search(p.name)]
    files += sorted((corpus / "laws" / "法律").rglob("*.md"))[:120]
    return list(dict.fromkeys(files))


def store_from(corpus: Path, files: list[Path], db: Path | str, after_commit=None):
    """Ingest `files` into `db`: a store URL (from the `new_store`/`module_store` fixtures) or a SQLite file."""
    engine = make_engine(db if isinstance(db, str) else f"sqlite:///{db}")
    report = ingest_files(engine, files, load_sidecar(corpus / "manifest.csv"), after_commit=after_commit)
    assert not report.failed, report.failed
    return engine


def cited_small_store(corpus: Path, root: Path):
    """`small_files` in `root`/lexreg.db with the citation pass run and the index built in
    `root`/index: what the ranking signals read from citations (priors, anchors) is there."""
    from api.services import citation_pass
    from registry.search import rebuild

    engine = store_from(corpus, small_files(corpus), root / "lexreg.db")
    citation_pass.rebuild(engine)
    rebuild(engine, root / "index")
    return engine
