"""The search index on disk: a Whoosh index (ranked) and exact n-gram segments, one manifest.

Layout under `Settings.index_dir`::

    manifest.json          generation, Whoosh dir, dictionary file, exact segments and their versions
    whoosh-<gen>/          Whoosh index: one document per entry (article-level provision of a version)
    dictionary-<gen>.txt   the legal user dictionary the entries were segmented with
    exact/seg-*/           immutable exact segments

Consistency: the index is written only after the store commits (api.derived),
and only from what the store holds, keyed by version id + provision id. The
manifest is replaced atomically and written last, so a killed ingest or
rebuild leaves either the old manifest or the new one; Whoosh commits are
atomic too. Whoosh documents of versions not (yet) in the manifest are
deleted before re-adding, which makes `update` idempotent after a kill.
Queries see only versions the store still has (`catalog.allowed`), and the
page of hits is re-read from the store, so a stale entry is dropped, never shown.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session
from whoosh import fields, index as windex
from whoosh.index import LockError
from whoosh.query import Term

from registry.errors import LexregError
from registry.search import exact
from registry.search.analysis import LegalTokenizer, use_dictionary
from registry.search.catalog import Catalog, load_catalog
from registry.search.dictionary import build_dictionary, read_dictionary, write_dictionary
from registry.search.entries import Entry, load_entries, version_ids_in_store

MANIFEST = "manifest.json"
FORMAT = 1
PARALLEL_FROM = 3000  # entries; below this a one-process writer is faster than forking


def schema() -> fields.Schema:
    """One Whoosh document per entry, as lean as ranking allows.

    Why so few fields: Whoosh writes postings in pure Python, and a title,
    文号 or validity copied into each of 66,000 articles tripled the build time.
    Those facts live in the store and reach every query through the catalog
    (`registry.search.catalog`), which is also what keeps them current when a
    later version or a 废止 changes them; titles are matched there too
    (`ranked.title_works`). Positions are left out for the same reason:
    proximity is scored on the candidate texts (`ranked.rerank`).
    """
    return fields.Schema(
        version_id=fields.ID(stored=True, sortable=True),
        work_id=fields.ID,
        pid=fields.ID(stored=True),
        label=fields.STORED,
        content=fields.TEXT(analyzer=LegalTokenizer(), phrase=False),
    )


@dataclass
class Manifest:
    generation: int = 0
    whoosh: str = ""
    dictionary: str = ""
    segments: list[dict] = field(default_factory=list)  # {"name", "versions"}
    built_at: float = 0.0

    @property
    def versions(self) -> set[str]:
        return {v for s in self.segments for v in s["versions"]}

    def to_json(self) -> dict:
        return {"format": FORMAT, "generation": self.generation, "whoosh": self.whoosh,
                "dictionary": self.dictionary, "segments": self.segments, "built_at": self.built_at}


def read_manifest(index_dir: Path) -> Manifest | None:
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        raise LexregError(f"search index manifest {path} is unreadable: run `lexreg reindex`") from None
    if data.get("format") != FORMAT:
        raise LexregError(f"search index in {index_dir} has another format: run `lexreg reindex`")
    return Manifest(data["generation"], data["whoosh"], data["dictionary"], data["segments"], data["built_at"])


def _write_manifest(index_dir: Path, man: Manifest) -> None:
    tmp = index_dir / f".{MANIFEST}.{os.getpid()}"
    tmp.write_text(json.dumps(man.to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, index_dir / MANIFEST)


def _fields_of(e: Entry, cat: Catalog) -> dict:
    v = cat.versions.get(e.version_id)
    if v is None:
        return {}
    return dict(version_id=e.version_id, work_id=v.work_id, pid=e.pid, label=e.label, content=e.text)


def _write_whoosh(ix, entries: list[Entry], cat: Catalog, delete_versions: set[str], after_feed=None) -> None:
    procs = 2 if len(entries) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 else 1
    try:
        writer = ix.writer(procs=procs, multisegment=True, limitmb=256, batchsize=400) if procs > 1 \
            else ix.writer(limitmb=128)
    except LockError:
        raise LexregError("the search index is being written by another process; try again when it ends") from None
    for v in sorted(delete_versions):
        writer.delete_by_term("version_id", v)
    for e in entries:
        doc = _fields_of(e, cat)
        if doc:
            writer.add_document(**doc)
    if after_feed is not None:
        after_feed()  # the exact segment is built here, while the Whoosh children work
    writer.commit()


def rebuild(engine: Engine, index_dir: Path) -> dict:
    """Rebuild everything from the store into a new generation, then switch the manifest."""
    t0 = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    old = read_manifest_lenient(index_dir)
    gen = (old.generation if old else 0) + 1
    with Session(engine) as session:
        cat = load_catalog(session)
        entries = [e for e in load_entries(session) if e.version_id in cat.versions]
        words = build_dictionary(session)
    dict_name = f"dictionary-{gen}.txt"
    write_dictionary(words, index_dir / dict_name)
    use_dictionary(words)
    wdir_tmp = index_dir / f".whoosh-{gen}.tmp"
    shutil.rmtree(wdir_tmp, ignore_errors=True)
    wdir_tmp.mkdir()
    ix = windex.create_in(str(wdir_tmp), schema())
    (index_dir / "exact").mkdir(exist_ok=True)
    segments: list[dict] = []

    def build_exact() -> None:
        for i in range(0, max(len(entries), 1), exact.MAX_ENTRIES - 1):
            chunk = entries[i:i + exact.MAX_ENTRIES - 1]
            seg = exact.build_segment(f"seg-{gen}-{i // (exact.MAX_ENTRIES - 1)}", chunk)
            exact.save_segment(seg, index_dir / "exact")
            segments.append({"name": seg.name, "versions": seg.versions})

    _write_whoosh(ix, entries, cat, set(), after_feed=build_exact)
    ix.close()
    wdir = index_dir / f"whoosh-{gen}"
    shutil.rmtree(wdir, ignore_errors=True)
    os.replace(wdir_tmp, wdir)
    _write_manifest(index_dir, Manifest(gen, wdir.name, dict_name, segments, time.time()))
    _sweep(index_dir)
    return {"generation": gen, "entries": len(entries), "versions": len({e.version_id for e in entries}),
            "seconds": round(time.perf_counter() - t0, 2)}


def read_manifest_lenient(index_dir: Path) -> Manifest | None:
    try:
        return read_manifest(index_dir)
    except LexregError:
        return None


def update(engine: Engine, index_dir: Path, version_ids: list[str]) -> dict:
    """Index versions an ingest just committed; a missing index is built whole."""
    man = read_manifest_lenient(index_dir)
    if man is None or not (index_dir / man.whoosh).exists():
        return rebuild(engine, index_dir)
    t0 = time.perf_counter()
    with Session(engine) as session:
        cat = load_catalog(session)
        new = sorted({v for v in version_ids if v in cat.versions} - man.versions)
        if not new:
            return {"generation": man.generation, "entries": 0, "versions": 0, "seconds": 0.0}
        entries = load_entries(session, new)
        words = sorted(dict(read_dictionary(index_dir / man.dictionary) + build_dictionary(session)).items())
    gen = man.generation + 1
    dict_name = f"dictionary-{gen}.txt"
    write_dictionary(words, index_dir / dict_name)
    use_dictionary(words)
    seg = exact.build_segment(f"seg-{gen}-0", entries)
    exact.save_segment(seg, index_dir / "exact")
    ix = windex.open_dir(str(index_dir / man.whoosh))
    _write_whoosh(ix, entries, cat, set(new))
    ix.close()
    man.segments.append({"name": seg.name, "versions": seg.versions})
    man.generation, man.dictionary, man.built_at = gen, dict_name, time.time()
    _write_manifest(index_dir, man)
    _sweep(index_dir)
    return {"generation": gen, "entries": len(entries), "versions": len(new),
            "seconds": round(time.perf_counter() - t0, 2)}


def _sweep(index_dir: Path) -> None:
    """Remove what the manifest no longer names (old generations, orphans of a killed write)."""
    man = read_manifest(index_dir)
    if man is None:
        return
    keep = {man.whoosh, man.dictionary, MANIFEST, "exact"}
    for p in index_dir.iterdir():
        if p.name not in keep and not p.name.startswith(".manifest"):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    names = {s["name"] for s in man.segments}
    for p in (index_dir / "exact").iterdir():
        if p.name not in names:
            shutil.rmtree(p, ignore_errors=True)


def check(engine: Engine, index_dir: Path) -> dict:
    """Provisions of the store missing from the index, and index entries the store does not have."""
    man = read_manifest(index_dir)
    with Session(engine) as session:
        in_store = version_ids_in_store(session)
        entries = load_entries(session)
    want: dict[tuple[str, str], None] = {(e.version_id, e.pid): None for e in entries}
    if man is None:
        return {"ok": not want, "index": "missing", "missing_versions": len(in_store), "stale_versions": 0,
                "missing_entries": len(want), "stale_entries": 0, "whoosh_missing": 0, "whoosh_stale": 0,
                "examples": [f"no index in {index_dir}: run `lexreg reindex`"] if want else []}
    have: set[tuple[str, str]] = set()
    for s in man.segments:
        seg = exact.load_segment(index_dir / "exact" / s["name"])
        have.update((seg.versions[int(v)], pid) for v, pid in zip(seg.entry_version, seg.pids))
    ix = windex.open_dir(str(index_dir / man.whoosh))
    with ix.searcher() as searcher:
        whoosh_keys = {(f["version_id"], f["pid"]) for f in searcher.all_stored_fields()}
    missing = [k for k in want if k not in have]
    stale = [k for k in have if k not in want]
    report = {
        "ok": not (missing or stale or whoosh_keys ^ have),
        "index": str(index_dir), "generation": man.generation,
        "missing_versions": len(in_store - man.versions), "stale_versions": len(man.versions - in_store),
        "missing_entries": len(missing), "stale_entries": len(stale),
        "whoosh_missing": len(have - whoosh_keys), "whoosh_stale": len(whoosh_keys - have),
        "examples": [f"missing {v} {p}" for v, p in missing[:5]] + [f"stale {v} {p}" for v, p in stale[:5]],
    }
    return report


def open_whoosh(index_dir: Path, man: Manifest):
    try:
        return windex.open_dir(str(index_dir / man.whoosh))
    except (windex.EmptyIndexError, OSError) as exc:
        raise LexregError(f"search index in {index_dir} cannot be opened ({exc}): run `lexreg reindex`") from None


def version_term(version_id: str) -> Term:
    return Term("version_id", version_id)
