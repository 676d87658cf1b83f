"""What every check needs, loaded once per run: works, their status today, current texts, citations.

Checks look only at norms in force today and at their current version: an
older version or a repealed norm is history, not something legal staff must fix.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property

from sqlmodel import Session, col, select

from registry.citations.records import Citation
from registry.comparison.versions import ChangeCache
from registry.norms import lifecycle, store
from registry.norms import models as m

LIVE = (lifecycle.IN_FORCE, lifecycle.PARTIAL)
DECISION_LEVELS = ("修改、废止的决定",)


class CheckContext:
    def __init__(self, session: Session, today: date) -> None:
        self.session = session
        self.today = today
        self.works = {w.id: w for w in session.exec(select(m.Work)).all()}
        self.versions = store.all_versions_by_work(session)
        self.events = store.all_events_by_work(session)
        self.status: dict[str, lifecycle.StatusOnDate] = {
            wid: lifecycle.status_on(self.versions.get(wid, []), self.events.get(wid, []), today)
            for wid in self.works}
        self.changes = ChangeCache(session)

    def live(self, work_id: str) -> bool:
        return self.status[work_id].status in LIVE

    def current(self, work_id: str) -> m.Version | None:
        st = self.status.get(work_id)
        return st.span.version if st and st.span else None

    def is_decision(self, work_id: str) -> bool:
        w = self.works[work_id]
        return w.level in DECISION_LEVELS or "关于修改" in w.title or "关于废止" in w.title or "修正案" in w.title

    @cached_property
    def live_versions(self) -> dict[str, m.Version]:
        """The current version of every norm in force today, by version id."""
        out = {}
        for wid in self.works:
            v = self.current(wid)
            if v is not None and self.live(wid):
                out[v.id] = v
        return out

    @cached_property
    def live_citations(self) -> list[Citation]:
        """Citations made by the current versions of norms in force (other norms only)."""
        rows = self.session.exec(select(Citation).where(
            col(Citation.kind).in_(("cites", "basis", "docnum")), Citation.resolved_work_id != "")).all()
        return [c for c in rows if c.version_id in self.live_versions and c.resolved_work_id != c.work_id
                and not self.is_decision(c.work_id)]

    def text(self, version_id: str, pid: str) -> str:
        if not pid:
            v = self.session.get(m.Version, version_id)
            return v.preamble if v else ""
        row = self.session.exec(select(m.Provision.text).where(m.Provision.version_id == version_id,
                                                               m.Provision.pid == pid)).first()
        return row or ""

    def title(self, work_id: str) -> str:
        w = self.works.get(work_id)
        return w.title if w else work_id

    def end_event(self, work_id: str) -> m.Event | None:
        return self.status[work_id].event
