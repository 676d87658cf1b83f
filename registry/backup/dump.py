"""Writing a dump: reads every table of the store, writes one JSON-lines file (gzip if it ends in .gz).

The file is written under a temporary name and renamed when complete, so an
interrupted dump never leaves a file that looks whole.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

from sqlalchemy import MetaData, Table, func, select
from sqlalchemy.engine import Connection, Engine

from registry.backup.values import to_json
from registry.migrations import current_revision
from registry.migrations.runner import VERSION_TABLE

FORMAT = "lexreg-dump/1"
BATCH = 2000

Progress = Callable[[str, int], None]  # (table, rows written since the last call)


@dataclass
class DumpReport:
    path: str
    revision: str | None
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def open_text(path: Path, mode: str, gz: bool | None = None) -> IO[str]:
    if path.name.endswith(".gz") if gz is None else gz:
        return gzip.open(path, mode + "t", encoding="utf-8", compresslevel=3)
    return open(path, mode, encoding="utf-8")


def store_tables(conn: Connection) -> list[Table]:
    """The store's tables as it holds them (reflected), in foreign-key order."""
    meta = MetaData()
    meta.reflect(bind=conn)
    return [t for t in meta.sorted_tables if t.name != VERSION_TABLE]


def count_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in store_tables(conn)}


def _line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def dump(engine: Engine, out: str | Path, progress: Progress | None = None) -> DumpReport:
    """Write the whole store to `out`; returns what was written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".partial.{out.name}")
    report = DumpReport(str(out), current_revision(engine))
    # One read transaction: on PostgreSQL (REPEATABLE READ) the dump is one consistent snapshot;
    # on SQLite (WAL) an open read transaction sees one snapshot too.
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    with conn, conn.begin(), open_text(tmp, "w", gz=out.name.endswith(".gz")) as fh:
        tables = store_tables(conn)
        fh.write(_line({"format": FORMAT, "revision": report.revision, "dialect": engine.dialect.name,
                        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                        "tables": [t.name for t in tables]}))
        for table in tables:
            names = [c.name for c in table.columns]
            order = list(table.primary_key.columns) or list(table.columns)
            result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
            n = 0
            for chunk in result.partitions(BATCH):
                for row in chunk:
                    fh.write(_line({"table": table.name,
                                    "row": {k: to_json(v) for k, v in zip(names, row)}}))
                n += len(chunk)
                if progress:
                    progress(table.name, len(chunk))
            report.rows[table.name] = n
        fh.write(_line({"end": True, "rows": report.rows}))
    os.replace(tmp, out)
    return report
