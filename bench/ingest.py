"""Ingest the whole shared corpus into a fresh SQLite store (search indexing excluded).

Run: `.venv/bin/python -m bench.ingest`. Prints and writes bench/results/ingest.json:
documents/s, source MB/s, peak memory, store size, and the same run split into
phases against a floor measured in the same run (reading and hashing the files,
which no ingest can beat) so a regression shows where it comes from.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

from api.services.ingest_batch import ingest_files
from bench.common import peak_rss_mb, shared_corpus, write_result
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from ingest.readers import iter_paths
from registry.core.db import session_scope
from registry.norms import store
from registry.schema import make_engine

TARGET_MB_S = 1.0


def main() -> int:
    corpus = shared_corpus()
    files = iter_paths([corpus / "laws", corpus / "chains"])
    sidecar = load_sidecar(corpus / "manifest.csv")
    size_mb = sum(f.stat().st_size for f in files) / 1e6

    t0 = time.perf_counter()
    for f in files:  # floor: read + hash every byte
        hashlib.sha256(f.read_bytes()).hexdigest()
    floor_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for f in files:  # parse only, no store
        parse_path(f, sidecar.get(f))
    parse_s = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "lexreg.db"
        engine = make_engine(f"sqlite:///{db}")
        t0 = time.perf_counter()
        report = ingest_files(engine, files, sidecar)
        total_s = time.perf_counter() - t0
        with session_scope(engine) as s:
            counts = store.counts(s)
        engine.dispose()
        store_mb = sum(p.stat().st_size for p in Path(tmp).glob("lexreg.db*")) / 1e6

    docs = len(report.ingested) + len(report.unchanged)
    result = {
        "files": len(files), "ingested": len(report.ingested), "unchanged": len(report.unchanged),
        "failed": len(report.failed), "source_mb": round(size_mb, 2),
        "seconds": round(total_s, 2), "documents_per_s": round(docs / total_s, 1),
        "source_mb_per_s": round(size_mb / total_s, 2), "target_mb_per_s": TARGET_MB_S,
        "floor_read_hash_s": round(floor_s, 2), "parse_s": round(parse_s, 2),
        "store_write_s": round(total_s - parse_s, 2), "peak_rss_mb": round(peak_rss_mb(), 1),
        "store_mb": round(store_mb, 1), **counts,
    }
    print("ingest (whole shared corpus, fresh SQLite store, no search index)")
    print(f"  {result['files']} files, {size_mb:.1f} MB: {result['ingested']} ingested, "
          f"{result['unchanged']} unchanged, {result['failed']} failed")
    print(f"  {total_s:.1f} s  = {result['documents_per_s']} documents/s, {result['source_mb_per_s']} MB/s "
          f"(target >= {TARGET_MB_S} MB/s: {'met' if result['source_mb_per_s'] >= TARGET_MB_S else 'NOT met'})")
    print(f"  phases: read+hash floor {floor_s:.1f} s, parse {parse_s:.1f} s, store writes ~{total_s - parse_s:.1f} s")
    print(f"  peak memory {result['peak_rss_mb']} MB, store {result['store_mb']} MB "
          f"({counts['works']} works, {counts['versions']} versions, {counts['provisions']} provisions)")
    print(f"  -> {write_result('ingest', result)}")
    return 0 if result["failed"] == 0 or docs / len(files) >= 0.99 else 1


if __name__ == "__main__":
    sys.exit(main())
