"""Crash safety: `lexreg ingest` killed with SIGKILL at seeded random moments, on real corpus texts.

One store is shared by every kill point (sound: each restart is exactly what a user
does after a crash, and later kills land in a store earlier kills left). The moments
are seeded and spread over the phases of a run: startup and parsing, inside and
between document transactions (after the k-th commit), the index update, the
citation pass. After each kill every document of the batch is wholly in the store
or not at all (each stored version's provisions equal a fresh parse of its source)
and `lexreg check` passes with no `lexreg reindex`: a version committed but not yet
indexed is owed (queued in its own transaction, registry.refresh), not missing. At the end a plain re-run
completes the batch and the store equals one built without kills: nothing doubled,
nothing missing, citations of versions a killed run committed included
(registry.refresh), and the index consistent without a reindex.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli.main import app
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from ingest.readers import iter_paths
from registry.citations.records import Citation
from registry.norms import models as m
from registry.refresh import PendingRefresh
from registry.schema import make_engine

BATCH = ["laws/地方性法规/河南", "chains/中华人民共和国土地管理法"]
SEED = 20261201
KILLS = 20  # real kills (a run that ends before its moment does not count)
LEXREG = Path(sys.executable).with_name("lexreg")


def _env(store: Path) -> dict[str, str]:
    return {**os.environ, "LEXREG_DATABASE_URL": f"sqlite:///{store / 'lexreg.db'}",
            "LEXREG_INDEX_DIR": str(store / "index")}


def _ingest_cmd(corpus: Path) -> list[str]:
    return [str(LEXREG), "ingest", "-q", "--manifest", str(corpus / "manifest.csv"),
            *[str(corpus / b) for b in BATCH]]


def _versions(engine) -> dict[str, tuple]:
    """version id -> (source sha256, [(pid, text)] in order)."""
    with Session(engine) as s:
        sha = dict(s.exec(select(m.SourceDocument.id, m.SourceDocument.sha256)).all())
        provisions: dict[str, list[tuple]] = {}
        for vid, pid, text in s.exec(select(m.Provision.version_id, m.Provision.pid, m.Provision.text)
                                     .order_by(m.Provision.version_id, m.Provision.ord)).all():
            provisions.setdefault(vid, []).append((pid, text))
        return {v.id: (sha.get(v.source_id), provisions.get(v.id, [])) for v in s.exec(select(m.Version)).all()}


def _whole_or_absent(engine, parsed: dict[str, list[tuple]]) -> int:
    """Assert every stored version is a whole document; returns how many documents are stored."""
    versions = _versions(engine)
    with Session(engine) as s:
        stored_sources = set(s.exec(select(m.SourceDocument.sha256)).all())
    for vid, (sha, provisions) in versions.items():
        assert sha in parsed, f"{vid}: stored without its source document"
        assert provisions == parsed[sha], f"{vid}: provisions differ from a fresh parse of its source"
    assert stored_sources == {sha for sha, _ in versions.values()}, "a source document stored without its version"
    return len(versions)


def _state(engine) -> dict:
    """What an ingest leaves, without ids or timestamps: versions, works, events, citations, the queue."""
    with Session(engine) as s:
        events = Counter((e.work_id, e.version_id, e.kind, e.date, e.text, e.by)
                         for e in s.exec(select(m.Event)).all())
        works = sorted(s.exec(select(m.Work.id, m.Work.title, m.Work.level, m.Work.organ)).all())
        cites = Counter((c.version_id, c.source_pid, c.start, c.end, c.raw, c.state, c.resolved_version_id,
                         c.resolved_pid) for c in s.exec(select(Citation)).all())
        owed = s.exec(select(PendingRefresh.version_id)).all()
    return {"versions": _versions(engine), "works": works, "events": events, "citations": cites, "owed": owed}


def _cli(store: Path, monkeypatch, *args: str):
    for k, v in _env(store).items():
        if k.startswith("LEXREG_"):
            monkeypatch.setenv(k, v)
    return CliRunner().invoke(app, list(args))


def _stored(db: Path) -> int:
    """Versions committed so far (read beside the writer: WAL), -1 before the store exists."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return conn.execute("SELECT count(*) FROM version").fetchone()[0]
    except sqlite3.Error:
        return -1


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


class Phases:
    """How long the phases of an uninterrupted run take here (the reference run measures them)."""

    def __init__(self):
        self.t0 = time.perf_counter()
        self.first_commit = self.index = self.citations = 0.0
        self._step = self.t0

    def progress(self, _path) -> None:
        if not self.first_commit:
            self.first_commit = time.perf_counter() - self.t0

    def say(self, step: str) -> None:
        now = time.perf_counter()
        if step.startswith("extracting"):
            self.index = now - self._step
        self._step = now

    def done(self) -> None:
        self.citations = time.perf_counter() - self._step


def _wait_until(proc, condition, limit: float = 300) -> None:
    end = time.perf_counter() + limit
    while proc.poll() is None and not condition() and time.perf_counter() < end:
        time.sleep(0.005)


def _kill_at(rng: random.Random, proc, store: Path, total: int, phases: Phases) -> str:
    """Wait for a seeded random moment of the run, in one of its phases; returns the phase."""
    db, manifest = store / "lexreg.db", store / "index" / "manifest.json"
    before, index_mtime = _stored(db), _mtime(manifest)
    phase = rng.choice(["start"] + ["store"] * 6 + ["index", "citations"] if before < total
                       else ["start", "index", "citations"])
    if phase == "start":  # startup, opening the store, parsing every file
        time.sleep(rng.uniform(0.05, 1.0) * phases.first_commit)
    elif phase == "store":  # between or inside document transactions
        target = max(before, 0) + rng.randint(1, min(total - max(before, 0), 6))
        _wait_until(proc, lambda: _stored(db) >= target)
        time.sleep(rng.uniform(0, 0.03))
    elif phase == "index":  # the index update after the last commit
        _wait_until(proc, lambda: _stored(db) >= total)
        time.sleep(rng.uniform(0, 1.0) * phases.index)
    else:  # the citation pass, after the index manifest switched
        _wait_until(proc, lambda: _mtime(manifest) > index_mtime)
        time.sleep(rng.uniform(0, 1.0) * phases.citations)
    return phase


@pytest.mark.slow
def test_ingest_killed_at_random_moments_leaves_whole_documents_and_a_rerun_completes(
        tmp_path, shared_corpus, monkeypatch):
    from api.services.derived import after_ingest
    from api.services.ingest_batch import ingest_files

    sidecar = load_sidecar(shared_corpus / "manifest.csv")
    files = iter_paths([shared_corpus / b for b in BATCH])
    assert len(files) >= 70
    parsed = {}
    for f in files:
        draft = parse_path(f, sidecar.get(f))
        parsed[draft.source.sha256] = [(p.pid, p.text) for p in draft.provisions]

    # The store an uninterrupted run leaves, and how long its phases take here.
    ref = tmp_path / "ref"
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(ref / "index"))
    ref_engine = make_engine(_env(ref)["LEXREG_DATABASE_URL"])
    phases = Phases()
    report = ingest_files(ref_engine, files, sidecar, progress=phases.progress,
                          after_commit=lambda e, v: after_ingest(e, v, say=phases.say))
    phases.done()
    assert report.summary() == f"{len(files)} ingested, 0 unchanged, 0 failed"
    assert _whole_or_absent(ref_engine, parsed) == len(files)
    expected = _state(ref_engine)
    assert expected["citations"] and expected["owed"] == []

    store = tmp_path / "killed"
    rng = random.Random(SEED)
    kills, finished = [], 0
    while len(kills) < KILLS:
        assert len(kills) + finished < 2 * KILLS, "runs keep finishing before their kill moment"
        proc = subprocess.Popen(_ingest_cmd(shared_corpus), env=_env(store), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        phase = _kill_at(rng, proc, store, len(files), phases)
        if proc.poll() is not None:
            assert proc.returncode == 0, proc.stderr.read().decode()
            finished += 1
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stderr.close()
        if not (store / "lexreg.db").exists():
            kills.append((phase, -1))  # killed before it opened the store
            continue
        engine = make_engine(_env(store)["LEXREG_DATABASE_URL"])  # refuses a half-made schema
        stored = _whole_or_absent(engine, parsed)
        engine.dispose()
        if proc.returncode == -signal.SIGKILL:
            kills.append((phase, stored))
        checked = _cli(store, monkeypatch, "check")  # committed, not yet indexed = owed, not missing
        assert checked.exit_code == 0, f"after a kill in phase {phase}: {checked.output}"
    print(f"\n{len(kills)} kills (phase, documents stored after it): {kills}; {finished} runs ended first")
    assert len({p for p, _ in kills}) >= 3 and len({n for _, n in kills}) >= 4, "the kills did not spread"

    rerun = subprocess.run(_ingest_cmd(shared_corpus), env=_env(store), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    engine = make_engine(_env(store)["LEXREG_DATABASE_URL"])
    assert _whole_or_absent(engine, parsed) == len(files)
    assert _state(engine) == expected  # nothing doubled or missing, citations of every version included
    checked = _cli(store, monkeypatch, "check", "--json")
    assert checked.exit_code == 0 and '"owed_versions": 0' in checked.output and '"missing_versions": 0' in \
        checked.output
    again = _cli(store, monkeypatch, "ingest", "-q", "--manifest", str(shared_corpus / "manifest.csv"),
                 *[str(shared_corpus / b) for b in BATCH])
    assert again.output.strip().endswith(f"0 ingested, {len(files)} unchanged, 0 failed")
