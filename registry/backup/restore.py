"""Loading a dump into an empty store: reads the JSON-lines file, writes every row in one transaction.

Refuses, before writing anything, a store that holds any row, a dump of another
revision or format, and a table or column the store does not have; refuses at
the end (rolling everything back) a dump without its last line or whose counts
disagree, i.e. a truncated or edited file. Errors name the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from sqlalchemy import MetaData, Table, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from registry import audit
from registry.backup.dump import BATCH, FORMAT, DumpReport, Progress, count_rows, open_text
from registry.backup.values import from_json
from registry.core.errors import LexregError
from registry.migrations import current_revision


class RestoreReport(DumpReport):
    """Rows read back per table: the same shape as what the dump wrote."""


class DumpError(LexregError):
    def __init__(self, path: Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason}")


def read_header(path: str | Path) -> dict:
    path = Path(path)
    with open_text(path, "r") as fh:
        return _header(path, fh.readline())


def _header(path: Path, first: str) -> dict:
    try:
        head = json.loads(first) if first.strip() else None
    except json.JSONDecodeError:
        head = None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise DumpError(path, 1, f"not a lexreg dump (its first line should name the format {FORMAT})")
    return head


def _lines(path: Path) -> Iterator[tuple[int, dict]]:
    with open_text(path, "r") as fh:
        for no, line in enumerate(fh, 1):
            if no == 1:
                _header(path, line)
                continue
            try:
                yield no, json.loads(line)
            except json.JSONDecodeError as exc:
                raise DumpError(path, no, f"not a JSON line ({exc.msg}); the file is damaged") from None


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: serial columns continue after the restored ids (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        for col in table.primary_key.columns:
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": col.name}).scalar()
            if seq:
                conn.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{col.name}") FROM "{table.name}"), 0) + 1, '
                                  "false)"), {"s": seq})


def restore(engine: Engine, source: str | Path, progress: Progress | None = None) -> RestoreReport:
    """Load the dump at `source` into the empty store behind `engine`."""
    path = Path(source)
    if not path.is_file():
        raise LexregError(f"{path}: no such dump file")
    head = read_header(path)
    revision = current_revision(engine)
    if head.get("revision") != revision:
        raise DumpError(path, 1, f"the dump was made at revision {head.get('revision')}, this store is at "
                                 f"{revision}: restore it with the lexreg that made it, then `lexreg db upgrade`")
    held = {name: n for name, n in count_rows(engine).items() if n}
    if held:
        raise LexregError("the store is not empty (" + ", ".join(f"{k}: {v} rows" for k, v in sorted(held.items())) +
                          "): restore only into a new store (set LEXREG_DATABASE_URL to a new database)")
    meta = MetaData()
    meta.reflect(bind=engine)
    report = RestoreReport(str(path), revision)
    ended: dict | None = None
    no = 1
    with Session(engine) as session:
        conn = session.connection()
        batch: list[dict] = []
        table: Table | None = None

        def flush() -> None:
            if batch and table is not None:
                try:
                    conn.execute(table.insert(), batch)
                except SQLAlchemyError as exc:
                    detail = str(getattr(exc, "orig", exc)).splitlines()[0]
                    raise DumpError(path, no, f"table {table.name}, rows up to this line: the store refused them "
                                              f"({detail}); the file is damaged, nothing was restored") from None
                report.rows[table.name] = report.rows.get(table.name, 0) + len(batch)
                if progress:
                    progress(table.name, len(batch))
                batch.clear()

        for no, obj in _lines(path):
            if ended is not None:
                raise DumpError(path, no, "a line after the dump's last line")
            if obj.get("end"):
                flush()
                ended = obj
                continue
            name, row = obj.get("table"), obj.get("row")
            if name not in meta.tables or not isinstance(row, dict):
                raise DumpError(path, no, f"table {name!r} is not in this store" if name else "a line without a table")
            target = meta.tables[name]
            if table is not target:
                flush()
                table = target
            unknown = set(row) - set(target.columns.keys())
            if unknown:
                raise DumpError(path, no, f"table {name} has no column {', '.join(sorted(unknown))}")
            batch.append({k: from_json(v, target.columns[k].type) for k, v in row.items()})
            if len(batch) >= BATCH:
                flush()
        flush()
        if ended is None:
            raise DumpError(path, no if report.rows else 1, "the dump ends before its last line: it is incomplete "
                                                            "(an interrupted dump or a cut file); nothing was restored")
        expected = {k: v for k, v in (ended.get("rows") or {}).items() if v}
        if expected != report.rows:
            raise DumpError(path, no, f"the dump's last line counts {expected}, the file holds {report.rows}")
        _reset_sequences(conn, list(meta.sorted_tables))
        audit.record(session, "restore", target=path.name, after={"rows": report.rows, "revision": revision},
                     note=f"restored from {path}")
        session.commit()
    return report
