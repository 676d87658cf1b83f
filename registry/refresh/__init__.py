"""Derived data owed: versions whose search-index entries and citations are not refreshed yet.

A writer queues the versions it adds in the same transaction as the versions
themselves (`queue`); the refresh after commit (api.services.derived) takes
every owed version (`owed`) and clears them when done (`clear`). A process
killed between the commit and the end of the refresh leaves its versions owed,
so the next ingest or amendment refreshes them too: the store never holds a
version whose index entries and citations nobody will ever build.
"""

from registry.refresh.queue import clear, owed, owed_ids, queue
from registry.refresh.records import PendingRefresh

__all__ = ["PendingRefresh", "clear", "owed", "owed_ids", "queue"]
