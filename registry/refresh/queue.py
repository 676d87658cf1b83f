"""Queueing, reading and clearing owed refreshes.

`queue` writes in the caller's session (it commits with the versions it names);
`owed` and `clear` run their own short transactions after the writer committed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from registry.core.db import session_scope
from registry.refresh.records import PendingRefresh


def queue(session: Session, version_ids: Iterable[str]) -> None:
    for vid in dict.fromkeys(version_ids):
        if vid and session.get(PendingRefresh, vid) is None:
            session.add(PendingRefresh(version_id=vid))
    session.flush()


def owed_ids(session: Session) -> list[str]:
    return list(session.exec(select(PendingRefresh.version_id)).all())


def owed(engine: Engine, first: Iterable[str] = ()) -> list[str]:
    """`first` (in its order) followed by every other owed version, oldest first."""
    with Session(engine) as session:
        rest = session.exec(select(PendingRefresh.version_id).order_by(PendingRefresh.queued_at,
                                                                       PendingRefresh.version_id)).all()
    return list(dict.fromkeys([*first, *rest]))


def clear(engine: Engine, version_ids: Iterable[str]) -> None:
    ids = list(version_ids)
    with session_scope(engine) as session:
        for start in range(0, len(ids), 500):
            session.execute(delete(PendingRefresh).where(col(PendingRefresh.version_id).in_(ids[start:start + 500])))
