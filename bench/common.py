"""Shared helpers for the benchmarks: where the corpus is, where results go, peak memory."""

from __future__ import annotations

import json
import resource
from pathlib import Path

from registry.core.settings import shared_corpus_dir

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def shared_corpus() -> Path:
    path = shared_corpus_dir()
    if not (path / "manifest.csv").is_file():
        raise SystemExit(f"shared corpus not found at {path} (set LEXREG_SHARED_CORPUS)")
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def ingested_store(work: Path, corpus: Path):
    """The engine of `work`/lexreg.db holding the whole corpus: ingested now if it is empty, kept
    otherwise (a benchmark's `--keep DIR`, or `make bench`'s store shared by several)."""
    import sys
    import time

    from sqlmodel import Session

    from api.services.ingest_batch import ingest_files
    from ingest.manifest import load_sidecar
    from ingest.readers import iter_paths
    from registry.schema import make_engine
    from registry.search.catalog import load_catalog

    work.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{work / 'lexreg.db'}")
    with Session(engine) as s:
        loaded = bool(load_catalog(s).versions)
    if not loaded:
        t = time.perf_counter()
        files = iter_paths([corpus / "laws", corpus / "chains"])
        report = ingest_files(engine, files, load_sidecar(corpus / "manifest.csv"))
        print(f"store: {report.summary()} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return engine
