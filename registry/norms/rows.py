"""The record as plain rows over a DB-API connection: the `Reading` of a one-shot read.

Reads work, version, event, provision, sourcedocument, discrepancy, articleflag
and audit_entry with plain SQL through Python's sqlite3; writes nothing. Why: a
command such as `lexreg show` must answer within half a second, and importing
the ORM takes longer than that. Only an SQLite store whose recorded revision is
the scripts' head is opened this way (`open_rows` gives None otherwise, and the
caller takes the ORM path, which also explains any problem with the store).
Rows carry the models' attribute names; `tests/test_rows.py` proves a view read
through rows equals the same view read through the ORM.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from registry.norms.lookup import article_units, find_work

# the columns the models declare as dates and datetimes (tests/test_rows.py checks against the models)
DATES = {"work": ("enacted",), "version": ("version_date", "promulgated", "effective", "signing_date"),
         "event": ("date",)}
DATETIMES = {"work": ("created_at",), "version": ("created_at",), "event": ("recorded_at",),
             "sourcedocument": ("ingested_at",)}
FIELDS = ("title", "title_key", "short_title")


def open_rows(url: str) -> "RowReading | None":
    """A RowReading of the SQLite store at `url`, or None: not a file store, missing, or not current."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///:memory:",):
        return None
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    if not path.is_file():
        return None
    from registry.migrations.head import script_head

    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    try:
        revision = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError:
        revision = []
    if script_head() is None or revision != [script_head()]:
        conn.close()
        return None
    return RowReading(conn)


def _date(value: Any) -> date | None:
    return date.fromisoformat(value[:10]) if value else None



def _datetime(value: Any) -> datetime | None:
    """As the ORM gives it (sqlmodel's UTCDateTime): SQLite keeps UTC without an offset."""
    if not value:
        return None
    d = datetime.fromisoformat(value)
    return d.replace(tzinfo=timezone.utc) if d.tzinfo is None else d.astimezone(timezone.utc)


class RowReading:
    """Answers `registry.norms.reading.Reading`'s questions with SQL on one sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "RowReading":
        return self

    def __exit__(self, *exc) -> None:
        return None  # the connection stays open for the next question (one command, one connection)

    # ------------------------------------------------------------------ rows
    def _rows(self, table: str, where: str = "", params: tuple | dict = (), order: str = "") -> list[SimpleNamespace]:
        cur = self.conn.execute(f"SELECT * FROM {table}" + (f" WHERE {where}" if where else "")
                                + (f" ORDER BY {order}" if order else ""), params)
        names = [d[0] for d in cur.description]
        convert = [(i, _date) for i, n in enumerate(names) if n in DATES.get(table, ())]
        convert += [(i, _datetime) for i, n in enumerate(names) if n in DATETIMES.get(table, ())]
        out = []
        for values in cur.fetchall():
            if convert:
                values = list(values)
                for i, fn in convert:
                    values[i] = fn(values[i])
            out.append(SimpleNamespace(**dict(zip(names, values))))
        return out

    def execute(self, sql: str, params: dict | None = None) -> list[tuple]:
        """Plain SQL with :name parameters (the form `registry.search.entries` writes for either reading)."""
        return self.conn.execute(sql, params or {}).fetchall()

    # ------------------------------------------------------------------ Reading
    def get_work(self, ref: str) -> Any:
        def by_id(work_id: str):
            found = self._rows("work", "id = ?", (work_id,))
            return found[0] if found else None

        def where(field: str, value: str) -> list:
            assert field in FIELDS
            return self._rows("work", f"{field} = ?", (value,))

        return find_work(ref, by_id, where)

    def versions_of(self, work_id: str) -> list:
        return self._rows("version", "work_id = ?", (work_id,), "version_date")

    def events_of(self, work_id: str) -> list:
        return self._rows("event", "work_id = ?", (work_id,), "date, id")

    def units_of(self, version_id: str) -> list:
        return article_units(self._rows("provision", "version_id = ?", (version_id,), "ord"))

    def source_of(self, version: Any) -> Any:
        if not version.source_id:
            return None
        found = self._rows("sourcedocument", "id = ?", (version.source_id,))
        return found[0] if found else None

    def discrepancies_of(self, version_id: str) -> list:
        return self._rows("discrepancy", "version_id = ?", (version_id,))

    def flags_of(self, version_id: str) -> dict[str, list[dict[str, str]]]:
        out: dict[str, list[dict[str, str]]] = {}
        for r in self._rows("articleflag", "version_id = ?", (version_id,), "id"):
            out.setdefault(r.pid, []).append({"flag": r.flag, "instruction": r.instruction, "reason": r.reason})
        return out

    def all_works(self, level: str | None = None) -> list:
        if level:
            return self._rows("work", "level = ?", (level,), "level, title")
        return self._rows("work", order="level, title")

    def all_versions_by_work(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for v in self._rows("version", order="version_date"):
            out.setdefault(v.work_id, []).append(v)
        return out

    def all_events_by_work(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for e in self._rows("event", order="date, id"):
            out.setdefault(e.work_id, []).append(e)
        return out

    def fingerprint(self) -> tuple:
        last = self.conn.execute("SELECT max(id) FROM audit_entry").fetchone()[0] or 0
        return (last, self.conn.execute("SELECT count(*) FROM version").fetchone()[0])
