"""What the database itself enforces beyond tables: the audit log is append-only on PostgreSQL.

Writes a trigger function and a trigger on `audit_entry` that refuse UPDATE and
DELETE, whoever connects (lexreg never edits or deletes an entry; the trigger
makes a hand-typed `UPDATE` fail too). SQLite stores are single-user files and
get no trigger. Used by the baseline revision and by the tests' fast path, so
both schemas carry it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

FUNCTION = "lexreg_audit_append_only"
TRIGGER = "audit_entry_append_only"

_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only: % refused (lexreg never edits or deletes the audit log)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$""",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_entry",
    f"""CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_entry
FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
]
_DROP = [f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_entry", f"DROP FUNCTION IF EXISTS {FUNCTION}()"]


def install_audit_guard(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for sql in _CREATE:
            conn.execute(text(sql))


def remove_audit_guard(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for sql in _DROP:
            conn.execute(text(sql))
