"""修改 tasks: norms a clean-up decision said to amend, open until a newer version is stored.

Reads `CleanupTask` rows and the works' versions; writes nothing (`apply` opens tasks).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from registry.cleanup.records import Campaign, CleanupTask
from registry.norms import models as m
from registry.norms import store


def open_tasks(session: Session, work_id: str | None = None) -> list[tuple[CleanupTask, m.Work]]:
    """修改 tasks whose norm has no version newer than the one to be amended."""
    q = select(CleanupTask)
    if work_id:
        q = q.where(CleanupTask.work_id == work_id)
    out = []
    latest = {}
    for t in session.exec(q.order_by(CleanupTask.id)).all():
        if t.work_id not in latest:
            vs = store.versions_of(session, t.work_id)
            latest[t.work_id] = max((v.version_date for v in vs), default=None)
        task_version = session.get(m.Version, t.version_id)
        if task_version is None or latest[t.work_id] is None or latest[t.work_id] <= task_version.version_date:
            out.append((t, session.get(m.Work, t.work_id)))
    return out


def task_json(session: Session, c: Campaign | None = None) -> dict[str, dict[str, Any]]:
    """Open tasks by work id (of one campaign, or all)."""
    out = {}
    for t, w in open_tasks(session):
        if c is not None and t.campaign_id != c.id:
            continue
        out[t.work_id] = {"id": t.id, "work_id": t.work_id, "title": w.title if w else t.work_id,
                          "version_id": t.version_id, "note": t.note, "opened_on": t.opened_on.isoformat(),
                          "state": "open"}
    return out
