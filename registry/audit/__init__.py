"""The audit log: who changed what in the record, when, and what it was before.

Every write to the record appends one `AuditEntry` in the same transaction as the
change (`record`). Entries are never edited or deleted through lexreg; on
PostgreSQL a trigger refuses UPDATE and DELETE on the table. The actor is set once
by the caller (the CLI: the operating-system user; HTTP: the signed-in token's
name) with `acting_as`, so library code records without being told who is asking.

The names are loaded on first use (PEP 562): setting the actor imports no table.
"""

from registry.core.lazy import exports

_HOMES = {"acting_as": "actor", "current_actor": "actor", "set_actor": "actor", "entries": "log",
          "entry_json": "log", "last_id": "log", "record": "log", "AuditEntry": "records"}

__all__ = sorted(_HOMES)

__getattr__ = exports(__name__, _HOMES)
