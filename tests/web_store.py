"""The small real store the web tests read: the 土地管理法 chain (2004, 2019) and a 2008 规范性文件.

Shared by tests/test_web.py (TestClient) and tests/test_web_e2e.py (a browser
against uvicorn), so both look at the same texts through the same ingest the
CLI uses (manifest sidecar included: it gives the 2019 text its 施行日期).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from api.services.derived import after_ingest
from api.services.ingest_batch import ingest_paths
from ingest.manifest import load_sidecar
from registry.schema import make_engine

CHAIN = "chains/中华人民共和国土地管理法"
NOTICE = "laws/规范性文件/国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知(2008-12-06).txt"
LAND_ID = "/cn/law/1986/土地管理法"


def sidecar(tmp: Path, corpus: Path, rel_paths: list[str]) -> Path:
    """The shared manifest cut down to `rel_paths`, with absolute paths (as tests/test_cli_api.py does)."""
    rows = list(csv.DictReader((corpus / "manifest.csv").open(encoding="utf-8")))
    out = tmp / "manifest.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in rows:
            if any(r["path"].startswith(p) for p in rel_paths):
                writer.writerow({**r, "path": str(corpus / r["path"])})
    return out


def env(tmp: Path, url: str | None = None) -> dict[str, str]:
    """The LEXREG_* settings of this store: the database at `url` (default a SQLite file), the index under `tmp`."""
    return {"LEXREG_DATABASE_URL": url or f"sqlite:///{tmp / 'web.db'}", "LEXREG_DATA_DIR": str(tmp),
            "LEXREG_INDEX_DIR": str(tmp / "index")}


def build(tmp: Path, corpus: Path, url: str | None = None) -> tuple[Engine, dict[str, str]]:
    """Ingest the three texts into the store at `url` (default a SQLite file under `tmp`), the index under `tmp`.

    The environment is set while ingesting because the after-ingest hook reads
    the index directory from it (never the developer's ./var). Returns the
    engine and the environment a server for this store needs.
    """
    settings = env(tmp, url)
    engine = make_engine(settings["LEXREG_DATABASE_URL"])
    with pytest.MonkeyPatch.context() as mp:
        for key, value in settings.items():
            mp.setenv(key, value)
        report = ingest_paths(engine, [corpus / CHAIN, corpus / NOTICE],
                              load_sidecar(sidecar(tmp, corpus, [CHAIN, NOTICE])), after_commit=after_ingest)
    assert len(report.ingested) == 3 and not report.failed, report.failed
    return engine, settings
