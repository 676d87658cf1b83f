"""What a view of the record reads, behind one interface, from the ORM or from plain rows.

`views` and the search catalog read works, versions, events and units through a
`Reading`. `SessionReading` answers from an ORM session (every store; what the
server and every writing command use). `registry.norms.rows.RowReading` answers
the same questions from a DB-API connection with plain SQL, so a one-shot read
from the command line (`lexreg show`, `lexreg search`) starts without importing
the ORM, which alone takes longer than the whole command may. The rules (which
work a name means, which version is in force, its 时效性) stay in one place:
`registry.norms.lookup`, `registry.norms.lifecycle`, `registry.norms.views`.

This module imports no ORM; `SessionReading` imports the store on first use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

class Reading(Protocol):
    def get_work(self, ref: str) -> Any: ...
    def versions_of(self, work_id: str) -> list: ...
    def events_of(self, work_id: str) -> list: ...
    def units_of(self, version_id: str) -> list: ...
    def source_of(self, version: Any) -> Any: ...
    def discrepancies_of(self, version_id: str) -> list: ...
    def flags_of(self, version_id: str) -> dict[str, list[dict[str, str]]]: ...
    def all_works(self, level: str | None = None) -> list: ...
    def all_versions_by_work(self) -> dict[str, list]: ...
    def all_events_by_work(self) -> dict[str, list]: ...
    def execute(self, sql: str, params: dict | None = None) -> list: ...
    def fingerprint(self) -> tuple: ...


@lru_cache(maxsize=256)
def _statement(sql: str):
    """`sqlalchemy.text(sql)`, parsed once per distinct statement (it parses its binds each time)."""
    from sqlalchemy import text

    return text(sql)


def reading(source: Any) -> Reading:
    """`source` as a Reading: an ORM session is wrapped, a Reading is returned as it is."""
    return source if hasattr(source, "get_work") else SessionReading(source)


class SessionReading:
    """The Reading of an ORM session: each question answered by `registry.norms.store`."""

    def __init__(self, session: Any):
        from registry.norms import flags, store

        self.session, self._store, self._flags = session, store, flags

    def get_work(self, ref: str) -> Any:
        return self._store.get_work(self.session, ref)

    def versions_of(self, work_id: str) -> list:
        return self._store.versions_of(self.session, work_id)

    def events_of(self, work_id: str) -> list:
        return self._store.events_of(self.session, work_id)

    def units_of(self, version_id: str) -> list:
        return self._store.units_of(self.session, version_id)

    def source_of(self, version: Any) -> Any:
        return self._store.source_of(self.session, version)

    def discrepancies_of(self, version_id: str) -> list:
        return self._store.discrepancies_of(self.session, version_id)

    def flags_of(self, version_id: str) -> dict[str, list[dict[str, str]]]:
        return self._flags.flags_of(self.session, version_id)

    def all_works(self, level: str | None = None) -> list:
        return self._store.all_works(self.session, level)

    def all_versions_by_work(self) -> dict[str, list]:
        return self._store.all_versions_by_work(self.session)

    def all_events_by_work(self) -> dict[str, list]:
        return self._store.all_events_by_work(self.session)

    def execute(self, sql: str, params: dict | None = None) -> list:
        """Plain SQL with :name parameters, in the session's transaction. On SQLite the driver
        runs it (pysqlite takes :name parameters itself, as `rows.RowReading` does): SQLAlchemy's
        bind and result layers cost twice the query for a page of a search's hits."""
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            return conn.connection.driver_connection.execute(sql, params or {}).fetchall()
        return list(conn.execute(_statement(sql), params or {}).all())

    def fingerprint(self) -> tuple:
        from sqlalchemy import func
        from sqlmodel import select

        from registry import audit
        from registry.norms import models as m

        return (audit.last_id(self.session), self.session.exec(select(func.count()).select_from(m.Version)).one())
