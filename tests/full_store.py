"""The whole shared corpus as a store: ingested once per test run, copied for each process.

Reads the shared corpus; writes, in the run folder, the built store (a SQLite
file, or a PostgreSQL database kept as a template) and its ingest report
(pickled), under a file lock so that only the first xdist worker to ask builds
it (about 20 s on SQLite, a few minutes on PostgreSQL) and the others wait.
Each process then gets its own copy (a file copy, or CREATE DATABASE … TEMPLATE),
because some tests change it (tests/test_corpus_findings.py applies a decision).
"""

from __future__ import annotations

import fcntl
import pickle
import shutil
from pathlib import Path

import pg_cluster
from sqlalchemy.engine import Engine
from stores import SQLITE, Stores

from registry.schema import make_engine

MASTER = "full_master"


def _build(url: str, corpus: Path):
    from api.services.ingest_batch import ingest_paths
    from ingest.manifest import load_sidecar

    engine = make_engine(url)
    report = ingest_paths(engine, [corpus / "laws", corpus / "chains"], load_sidecar(corpus / "manifest.csv"))
    engine.dispose()  # the copies need it closed (a template may have no connection)
    return report


def full_copy(run_dir: Path, stores: Stores, corpus: Path) -> tuple[Engine, object]:
    """This process's own copy of the run's full-corpus store on `stores.kind`, and the ingest report."""
    kind = stores.kind
    report_file = run_dir / f"full-{kind}.report"
    with open(run_dir / f"full-{kind}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not report_file.exists():
            if kind == SQLITE:
                master = f"sqlite:///{run_dir / 'full-master.db'}"
            else:
                pg_cluster.create_database(stores.postgres(), MASTER, exact=True)
                master = pg_cluster.url_for(stores.postgres(), MASTER)
            report_file.write_bytes(pickle.dumps(_build(master, corpus)))
        report = pickle.loads(report_file.read_bytes())
    if kind == SQLITE:
        url = stores.url("full")
        shutil.copyfile(run_dir / "full-master.db", url.split("///", 1)[1])
    else:
        url = stores.url("full", template=MASTER)
    return stores.engine("full", url=url), report
