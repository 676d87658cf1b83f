"""The search index on disk: immutable segments and one manifest.

Layout under `Settings.index_dir`::

    manifest.json          generation, dictionary file, segments and the versions each holds
    dictionary-<gen>.txt   the legal user dictionary the entries were segmented with
    segments/seg-*/        entries (version id + provision id, label, text), their character
                           n-gram postings (exact search), jieba word postings (ranked search)
                           and the word postings of their anchor text (anchor_*: how citing norms
                           word each article, registry.search.anchors) and of their headings
                           (heading_*: the 编/章/节 titles above each, registry.search.headings)

Consistency: the index is written only after the store commits (api.services.derived),
and only from what the store holds, keyed by version id + provision id. A
segment is written under a temporary name and renamed; the manifest is
replaced atomically and written last, so a killed ingest or rebuild leaves
either the old manifest or the new one, and a segment the manifest does not
name is ignored and swept. `update` skips versions the manifest already has,
so running it again after a kill is safe. Queries see only versions the store
still has (`catalog.allowed`), and the page of hits is re-read from the store,
so a stale entry is dropped, never shown.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from registry.core.errors import LexregError
from registry.search import exact
from registry.search.analysis import use_dictionary
from registry.search.dictionary import build_dictionary, read_dictionary, write_dictionary
from registry.search.entries import Entry, load_entries, version_ids_in_store
from registry.search.terms import ANCHOR_FIELD, HEADING_FIELD, build_fields, save_terms

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

MANIFEST = "manifest.json"
SEGMENTS = "segments"
LOCK_WAIT_SECONDS = 300  # a writer waits this long for another to finish before giving up
FORMAT = 2


@dataclass
class Manifest:
    generation: int = 0
    dictionary: str = ""
    segments: list[dict] = field(default_factory=list)  # {"name", "versions"}
    built_at: float = 0.0

    @property
    def versions(self) -> set[str]:
        return {v for s in self.segments for v in s["versions"]}

    def to_json(self) -> dict:
        return {"format": FORMAT, "generation": self.generation, "dictionary": self.dictionary,
                "segments": self.segments, "built_at": self.built_at}


def tokenizer_cache(dictionary: str) -> str:
    """The file beside a dictionary holding jieba's table with it added (analysis.use_dictionary)."""
    return dictionary.removesuffix(".txt") + ".jieba"


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
    return Manifest(data["generation"], data["dictionary"], data["segments"], data["built_at"])


def read_manifest_lenient(index_dir: Path) -> Manifest | None:
    try:
        return read_manifest(index_dir)
    except LexregError:
        return None


def _write_manifest(index_dir: Path, man: Manifest) -> None:
    tmp = index_dir / f".{MANIFEST}.{os.getpid()}"
    tmp.write_text(json.dumps(man.to_json(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, index_dir / MANIFEST)


def _write_segments(index_dir: Path, gen: int, entries: list[Entry], anchors: list[str],
                    headings: list[str], words: list[tuple[str, int]], dict_name: str) -> list[dict]:
    """Exact and word postings of `entries` and word postings of their anchor text
    (`registry.search.anchors`) and headings (`registry.search.headings`): the exact index and
    the dictionary's word table (`tokenizer_cache`) are written here while the pool segments."""
    use_dictionary(words)  # the pool's children fork with it; its table file is written meanwhile
    table = index_dir / tokenizer_cache(dict_name)
    folder = index_dir / SEGMENTS
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    step = exact.MAX_ENTRIES - 1
    for n, i in enumerate(range(0, max(len(entries), 1), step)):
        chunk = entries[i:i + step]
        built: dict[str, exact.Segment] = {}

        def build_exact(chunk=chunk, n=n) -> None:
            built["seg"] = exact.build_segment(f"seg-{gen}-{n}", chunk)
            if n == 0:
                use_dictionary(words, cache=table)  # the same words again: writes the missing file

        terms, cited, heads = build_fields([[e.text for e in chunk], anchors[i:i + step], headings[i:i + step]],
                                           while_waiting=build_exact)
        seg = built["seg"]

        def extra(tmp, terms=terms, cited=cited, heads=heads) -> None:
            save_terms(terms, tmp)
            save_terms(cited, tmp, ANCHOR_FIELD)
            save_terms(heads, tmp, HEADING_FIELD)

        exact.save_segment(seg, folder, extra=extra)
        out.append({"name": seg.name, "versions": seg.versions})
    return out


def rebuild(engine: "Engine", index_dir: Path) -> dict:
    """Rebuild everything from the store into a new generation, then switch the manifest."""
    with _writing(index_dir):
        return _rebuild(engine, index_dir)


def _rebuild(engine: "Engine", index_dir: Path) -> dict:
    from sqlmodel import Session

    from registry.search.anchors import anchor_texts  # the ORM, at build time only
    from registry.search.headings import heading_texts

    t0 = time.perf_counter()
    index_dir.mkdir(parents=True, exist_ok=True)
    old = read_manifest_lenient(index_dir)
    gen = (old.generation if old else 0) + 1
    with Session(engine) as session:
        known = version_ids_in_store(session)
        entries = [e for e in load_entries(session) if e.version_id in known]
        words = build_dictionary(session)
        cited = anchor_texts(session, entries)
        heads = heading_texts(session, entries)
    dict_name = f"dictionary-{gen}.txt"
    write_dictionary(words, index_dir / dict_name)
    segments = _write_segments(index_dir, gen, entries, cited, heads, words, dict_name)
    _write_manifest(index_dir, Manifest(gen, dict_name, segments, time.time()))
    _sweep(index_dir)
    return {"generation": gen, "entries": len(entries), "versions": len({e.version_id for e in entries}),
            "seconds": round(time.perf_counter() - t0, 2)}


def update(engine: "Engine", index_dir: Path, version_ids: list[str]) -> dict:
    """Index versions an ingest just committed; a missing index is built whole.

    The dictionary grows with the new titles and terms; entries indexed before
    keep their old segmentation until `lexreg reindex` (a new title rarely
    occurs in older texts).
    """
    with _writing(index_dir):
        man = read_manifest_lenient(index_dir)
        if man is None:
            return _rebuild(engine, index_dir)
        return _update(engine, index_dir, man, version_ids)


def _update(engine: "Engine", index_dir: Path, man: Manifest, version_ids: list[str]) -> dict:
    from sqlmodel import Session

    from registry.search.anchors import anchor_texts  # the ORM, at build time only
    from registry.search.headings import heading_texts

    t0 = time.perf_counter()
    with Session(engine) as session:
        known = version_ids_in_store(session)
        new = sorted({v for v in version_ids if v in known} - man.versions)
        if not new:
            return {"generation": man.generation, "entries": 0, "versions": 0, "seconds": 0.0}
        entries = load_entries(session, new)
        words = sorted(dict(read_dictionary(index_dir / man.dictionary) + build_dictionary(session)).items())
        cited = anchor_texts(session, entries)
        heads = heading_texts(session, entries)
    gen = man.generation + 1
    dict_name = f"dictionary-{gen}.txt"
    write_dictionary(words, index_dir / dict_name)
    man.segments.extend(_write_segments(index_dir, gen, entries, cited, heads, words, dict_name))
    man.generation, man.dictionary, man.built_at = gen, dict_name, time.time()
    _write_manifest(index_dir, man)
    _sweep(index_dir)
    return {"generation": gen, "entries": len(entries), "versions": len(new),
            "seconds": round(time.perf_counter() - t0, 2)}


def _sweep(index_dir: Path) -> None:
    """Remove what the manifest no longer names (old generations, orphans of a killed write).

    Only names this module creates are touched: LEXREG_INDEX_DIR pointed at a
    folder that also holds the database must not lose it.
    """
    man = read_manifest(index_dir)
    if man is None:
        return
    for p in index_dir.glob("dictionary-*.txt"):
        if p.name != man.dictionary:
            p.unlink(missing_ok=True)
    for p in index_dir.glob("dictionary-*.jieba"):
        if p.name != tokenizer_cache(man.dictionary):
            p.unlink(missing_ok=True)
    for p in index_dir.glob(f".{MANIFEST}.*"):
        p.unlink(missing_ok=True)
    names = {s["name"] for s in man.segments}
    for p in (index_dir / SEGMENTS).iterdir():
        if p.name not in names and (p.name.startswith("seg-") or p.name.startswith(".tmp-seg-")):
            shutil.rmtree(p, ignore_errors=True)


@contextmanager
def _writing(index_dir: Path) -> Iterator[None]:
    """One writer at a time (an ingest's update and a `reindex` may overlap); readers never wait."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:  # writers queue: concurrent ingests each update the index in turn
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LexregError(f"the search index in {index_dir} is being written by another process for over "
                                      f"{LOCK_WAIT_SECONDS} s; what the store holds is committed: run `lexreg reindex` "
                                      "when it ends") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def check(engine: "Engine", index_dir: Path) -> dict:
    """Provisions of the store missing from the index, and index entries the store does not have.

    A version committed but not indexed yet is `owed` (registry.refresh queued it with the
    version, e.g. an ingest killed before its refresh), not missing: the next ingest or
    `lexreg reindex` indexes it, so it does not make the index inconsistent.
    """
    from sqlmodel import Session

    from registry import refresh

    man = read_manifest(index_dir)
    with Session(engine) as session:
        in_store = version_ids_in_store(session)
        entries = load_entries(session)
        owed = set(refresh.owed_ids(session))
    want = {(e.version_id, e.pid) for e in entries}
    if man is None:
        missing = {k for k in want if k[0] not in owed}
        return {"ok": not missing, "index": "missing", "generation": 0,
                "missing_versions": len(in_store - owed), "owed_versions": len(in_store & owed),
                "stale_versions": 0, "missing_entries": len(missing), "stale_entries": 0, "duplicates": 0,
                "examples": [f"no index in {index_dir}: run `lexreg reindex`"] if missing else []}
    have: list[tuple[str, str]] = []
    for s in man.segments:
        seg = exact.load_segment(index_dir / SEGMENTS / s["name"])
        have.extend((seg.versions[int(v)], pid) for v, pid in zip(seg.entry_version.tolist(), seg.pids))
    have_set = set(have)
    missing = sorted(k for k in want - have_set if k[0] not in owed)
    stale = sorted(have_set - want)
    unindexed = in_store - man.versions
    return {
        "ok": not (missing or stale or len(have) != len(have_set)),
        "index": str(index_dir), "generation": man.generation,
        "missing_versions": len(unindexed - owed), "owed_versions": len(unindexed & owed),
        "stale_versions": len(man.versions - in_store),
        "missing_entries": len(missing), "stale_entries": len(stale), "duplicates": len(have) - len(have_set),
        "examples": [f"missing {v} {p}" for v, p in missing[:5]] + [f"stale {v} {p}" for v, p in stale[:5]],
    }
