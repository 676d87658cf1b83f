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
