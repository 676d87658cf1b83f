"""Builders for the citation tests: small real stores from named corpus files.

A store is built from real files only (the golden documents and the norms they
cite), with the manifest's metadata, and the citation pass run by the same
after-ingest hook the CLI uses.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy.engine import Engine

GOLDEN = Path(__file__).parent / "golden" / "citations.jsonl"


def golden_units() -> list[dict]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=None)
def manifest_by_title(corpus: Path) -> dict[str, list[str]]:
    """Manifest paths by title without its edition mark (中华人民共和国土地管理法 -> its files)."""
    out: dict[str, list[str]] = {}
    with open(corpus / "manifest.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            title = re.sub(r"[（(]\d{4}[^）)]*[)）]$", "", row["title"].replace(" ", ""))
            out.setdefault(title, []).append(row["path"])
    return out


def golden_store_files(corpus: Path) -> list[str]:
    """The golden documents plus every corpus file of a norm they cite (all its versions)."""
    units = golden_units()
    files = {u["file"] for u in units}
    by_title = manifest_by_title(corpus)
    for u in units:
        for c in u["citations"]:
            files.update(by_title.get(c["resolved_title"], []))
    return sorted(files)


def build(engine: Engine, corpus: Path, files: list[str]):
    """Ingest `files` (relative to the corpus) with the manifest, running the after-ingest hook."""
    from api.services.derived import after_ingest
    from api.services.ingest_batch import ingest_files
    from ingest.manifest import load_sidecar

    sidecar = load_sidecar(corpus / "manifest.csv")
    return ingest_files(engine, [corpus / f for f in files], sidecar, after_commit=after_ingest)
