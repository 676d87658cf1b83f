"""The audit log: who changed what in the record, when, and what it was before.

Every write to the record appends one `AuditEntry` in the same transaction as the
change (`record`). Entries are never edited or deleted through lexreg; on
PostgreSQL a trigger refuses UPDATE and DELETE on the table. The actor is set once
by the caller (the CLI: the operating-system user; HTTP: the signed-in token's
name) with `acting_as`, so library code records without being told who is asking.
"""

from registry.audit.log import acting_as, current_actor, entries, entry_json, last_id, record, set_actor
from registry.audit.records import AuditEntry

__all__ = ["AuditEntry", "acting_as", "current_actor", "entries", "entry_json", "last_id", "record", "set_actor"]
