"""Alembic driven from code: no alembic.ini, the scripts beside this file, the caller's engine.

Reads and writes the store's schema and its `alembic_version` row. Every run
goes through one connection of the caller's engine (an in-memory SQLite store
has only one), inside one transaction where the database allows DDL in one
(PostgreSQL), so a failed upgrade leaves the store at the revision it had.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection, Engine

from registry.core.errors import LexregError
from registry.migrations.guards import install_audit_guard

SCRIPTS = Path(__file__).resolve().parent
BASELINE = "0001_baseline"
VERSION_TABLE = "alembic_version"
# Tests only: a new store is made with create_all and stamped head instead of running every
# revision (tests/test_migrations.py proves the two give the same schema).
FAST_ENV = "LEXREG_SCHEMA_FAST"


class StoreOutdated(LexregError):
    """The store's schema is not the one this lexreg was built for."""


@contextmanager
def _transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for a whole run. Python's sqlite3 opens a transaction only before
    INSERT/UPDATE/DELETE, so CREATE TABLE would commit on its own and a process killed
    mid-upgrade would leave half a schema: on SQLite the BEGIN is explicit (IMMEDIATE: a
    second process creating the same new store waits, then finds it made)."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = connection
    return cfg


@functools.lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head, f"no migration scripts in {SCRIPTS / 'versions'}"
    return head


def history() -> list[tuple[str, str]]:
    """(revision, what it does), oldest first."""
    return [(s.revision, (s.doc or "").strip()) for s in reversed(list(_scripts().walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    """The store's revision; None for a new store or one made before migrations."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def upgrade(engine: Engine, revision: str = "head", models: MetaData | None = None) -> tuple[str | None, str | None]:
    """Upgrade the store to `revision`; returns (revision before, revision after).

    A store made before migrations (tables, no `alembic_version`) is stamped head if
    its tables are exactly `models`' (made by `create_all` from these models), else
    upgraded from the baseline, which creates only the tables it lacks.
    """
    before = current_revision(engine)
    known = {s.revision for s in _scripts().walk_revisions()}
    if before is not None and before not in known:
        raise StoreOutdated(f"the store at {_where(engine)} is at revision {before}, which this lexreg does not "
                            "know: a newer lexreg upgraded it; use that version")
    with _transaction(engine) as conn:
        if before is None and revision == "head" and models is not None and _matches(conn, models):
            command.stamp(_config(conn), "head")  # made by create_all from today's models: adopt as is
        else:
            command.upgrade(_config(conn), revision)
    return before, current_revision(engine)


def _matches(conn: Connection, models: MetaData) -> bool:
    """A store without a revision whose tables are exactly the models' (nothing to create)."""
    from alembic.autogenerate import compare_metadata

    tables = set(inspect(conn).get_table_names()) - {VERSION_TABLE}
    return bool(tables) and not compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                                 models)


def stamp(engine: Engine, revision: str = "head") -> None:
    """Record `revision` without running anything."""
    with _transaction(engine) as conn:
        command.stamp(_config(conn), revision)


def _fast_create(engine: Engine, metadata: MetaData) -> None:
    with _transaction(engine) as conn:
        if inspect(conn).get_table_names():
            return  # another process made it meanwhile
        metadata.create_all(conn)
        install_audit_guard(conn)
        command.stamp(_config(conn), "head")


def prepare(engine: Engine, metadata: MetaData) -> None:
    """Make a new store current, accept a current one, refuse any other (see the package docstring)."""
    tables = _tables(engine)
    if not tables:
        if os.environ.get(FAST_ENV) == "1":
            _fast_create(engine, metadata)
        else:
            upgrade(engine)
        return
    head = head_revision()
    current = current_revision(engine) if VERSION_TABLE in tables else None
    if current == head:
        return
    if current is None:
        raise StoreOutdated(f"the store at {_where(engine)} was made before lexreg had migrations (it has no "
                            f"revision); run `lexreg db upgrade` to bring it to revision {head}")
    if current not in {s.revision for s in _scripts().walk_revisions()}:
        raise StoreOutdated(f"the store at {_where(engine)} is at revision {current}, which this lexreg does not "
                            "know: a newer lexreg upgraded it; use that version")
    raise StoreOutdated(f"the store at {_where(engine)} is at revision {current}, this lexreg needs {head}: "
                        "run `lexreg db upgrade` (a copy first: `lexreg dump FILE`)")
