"""Writing and reading the audit log.

Reads and writes `AuditEntry` rows in the caller's session, so an entry commits
or rolls back with the change it describes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from registry.audit.actor import acting_as, current_actor, set_actor  # noqa: F401  (re-exported)
from registry.audit.records import AuditEntry


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(session: Session, kind: str, *, work_id: str = "", target: str = "", before: Any = None,
           after: Any = None, note: str = "") -> AuditEntry:
    """Append one entry for a change made in `session` (it commits with the change)."""
    entry = AuditEntry(actor=current_actor(), kind=kind, work_id=work_id or "", target=target or "",
                       before=_json(before), after=_json(after), note=note)
    session.add(entry)
    return entry


def last_id(session: Session) -> int:
    """The newest entry's id: a counter every change to the record moves (0 for none)."""
    return session.exec(select(func.max(AuditEntry.id))).one() or 0


def entries(session: Session, *, work_id: str | None = None, actor: str | None = None,
            since: dt.date | None = None, kind: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Entries, oldest first, filtered by work, actor, kind and date."""
    q = select(AuditEntry)
    if work_id:
        q = q.where(AuditEntry.work_id == work_id)
    if actor:
        q = q.where(AuditEntry.actor == actor)
    if kind:
        q = q.where(AuditEntry.kind == kind)
    if since:
        q = q.where(col(AuditEntry.at) >= dt.datetime.combine(since, dt.time.min, dt.timezone.utc))
    q = q.order_by(AuditEntry.id)
    if limit:
        q = q.limit(limit)
    return list(session.exec(q).all())


def entry_json(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat() if e.at else None, "actor": e.actor, "kind": e.kind,
            "work_id": e.work_id, "target": e.target, "before": json.loads(e.before), "after": json.loads(e.after),
            "note": e.note}
