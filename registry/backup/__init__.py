"""Dump and restore: the whole store as JSON lines, and back into an empty store.

Every table the store holds is written (found by reflection, so tables added by
later revisions come along without a line here), in foreign-key order, one line
per row: `{"table": "work", "row": {...}}`, dates and datetimes in ISO 8601.
A header line names the format and the store's revision; a last line counts the
rows of each table, so a truncated dump is refused rather than half-restored.
Restore loads one dump into an empty store at the same revision in ONE
transaction, resets PostgreSQL's sequences and appends a `restore` audit entry.
The search index is not in the store: rebuild it after a restore (`lexreg reindex`).
"""

from registry.backup.dump import FORMAT, DumpReport, dump
from registry.backup.restore import RestoreReport, restore

__all__ = ["FORMAT", "DumpReport", "RestoreReport", "dump", "restore"]
