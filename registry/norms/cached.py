"""Values derived from the record, computed once per change of the record.

Reads the audit log's newest id (`registry.audit.last_id`, one index lookup): every
write to the record appends an entry, so while that id stands still a count or a
catalog computed before is still true. Why: `/health` and the pages must not scan
the provision table on every request. The cache is per process and per database;
each server worker keeps its own.
"""

from __future__ import annotations

import threading
import weakref
from typing import Callable, TypeVar

from sqlmodel import Session

from registry import audit
from registry.norms import store

T = TypeVar("T")
_values: "weakref.WeakKeyDictionary[object, dict[str, tuple[int, object]]]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def cached(session: Session, name: str, compute: Callable[[Session], T]) -> T:
    """`compute(session)`, or the value it gave while the audit log has not moved since."""
    stamp = audit.last_id(session)
    per_engine = _values.get(session.get_bind())  # per engine: two in-memory stores share one URL
    hit = per_engine.get(name) if per_engine is not None else None
    if hit is not None and hit[0] == stamp and stamp:
        return hit[1]  # type: ignore[return-value]
    value = compute(session)
    with _lock:
        _values.setdefault(session.get_bind(), {})[name] = (stamp, value)
    return value


def counts(session: Session) -> dict[str, int]:
    """Works, versions, provisions, events and sources, counted once per change of the record."""
    return dict(cached(session, "counts", store.counts))
