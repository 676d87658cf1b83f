"""Values derived from the record, computed once per change of the record.

Reads the audit log's newest id (`registry.audit.last_id`, one index lookup): every
write to the record appends an entry, so while that id stands still a count, a
catalog or a norm's text on a date computed before is still true. Why: `/health`
and the article reads (`GET /work`) must not scan the provision table on every
request. The cache is per process and per engine (two in-memory stores share one
URL; a PostgreSQL engine is its own key); each server worker keeps its own.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from datetime import date
from typing import Any, Callable, TypeVar

from sqlmodel import Session

from registry import audit
from registry.norms import store, views

T = TypeVar("T")
_values: "weakref.WeakKeyDictionary[object, dict[str, tuple[int, object]]]" = weakref.WeakKeyDictionary()
_views: "weakref.WeakKeyDictionary[object, tuple[int, OrderedDict]]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()
MAX_VIEWS = 2048  # texts kept per engine (an article view is a few kB; a whole norm up to a few MB)


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


def show(session: Session, ref: str, day: date, article: str | None = None,
         version_date: date | None = None) -> dict[str, Any]:
    """`views.show(...)`, or the view it gave for the same arguments while the record stands still.

    The caller only reads the dict (it is shared by every request asking the same). A lookup
    that fails (NotFound) is not kept: it costs what it costs, and a later ingest may answer it.
    """
    stamp = audit.last_id(session)
    bind, key = session.get_bind(), (ref, day, article, version_date)
    held = _views.get(bind)
    if held is not None and held[0] == stamp and stamp:
        value = held[1].get(key)
        if value is not None:
            with _lock:
                held[1].move_to_end(key, last=True) if key in held[1] else None
            return value
    value = views.show(session, ref, day, article, version_date)
    with _lock:
        held = _views.get(bind)
        if held is None or held[0] != stamp:
            held = _views[bind] = (stamp, OrderedDict())  # the record moved: every older view goes
        held[1][key] = value
        while len(held[1]) > MAX_VIEWS:
            held[1].popitem(last=False)
    return value
