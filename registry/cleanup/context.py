"""What a campaign run reads, loaded once: the norms in scope and in force on the as-of date,
their texts and citations, every work's versions and events, the basis links and findings.

Reads the store (works, versions, events, provisions), citation and finding rows and the
basis decisions; writes nothing. A norm is in scope when it is in force (or partly) on
the as-of date, or ended then only by its own 有效期 (a clean-up declares that formally);
a norm a clean-up decision already repealed or declared invalid (an event whose source is a
campaign's decision document) is no clean-up question any more and is left out, so a
campaign applied and re-run does not propose it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from sqlmodel import Session, col, select

from registry.citations.records import Citation
from registry.cleanup.basis import links_by_version
from registry.comparison.versions import ChangeCache
from registry.core.errors import LexregError
from registry.core.ids import pid_label
from registry.core.titles import match_key
from registry.norms import lifecycle, store
from registry.norms import models as m
from registry.norms.lifecycle_facts import add_months

EXPIRY_TEXT = "有效期届满"
DECISION_LEVELS = ("修改、废止的决定", "有关法律问题和重大问题的决定")


@dataclass(frozen=True)
class Row:
    version_id: str
    pid: str
    kind: str
    parent: str
    label: str
    text: str


@dataclass
class Scope:
    organ: str = ""
    levels: list[str] = field(default_factory=list)
    promulgated_from: date | None = None
    promulgated_to: date | None = None
    works: list[str] = field(default_factory=list)  # work ids

    def to_json(self) -> dict[str, Any]:
        return {"organ": self.organ, "levels": self.levels,
                "promulgated_from": self.promulgated_from.isoformat() if self.promulgated_from else None,
                "promulgated_to": self.promulgated_to.isoformat() if self.promulgated_to else None,
                "works": self.works}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Scope":
        def day(v):
            return date.fromisoformat(v) if v else None
        return cls(data.get("organ", "") or "", list(data.get("levels") or []), day(data.get("promulgated_from")),
                   day(data.get("promulgated_to")), list(data.get("works") or []))


def parse_look_ahead(text: str | int) -> int:
    """Months of look-ahead: 6m, 6, 1y, 18m.

    >>> parse_look_ahead("6m"), parse_look_ahead("1y"), parse_look_ahead(3)
    (6, 12, 3)
    """
    if isinstance(text, int):
        return text
    mt = re.fullmatch(r"\s*(\d+)\s*(m|个月|月|y|年)?\s*", str(text))
    if not mt:
        raise LexregError(f"look-ahead {text!r}: write it as months (6m) or years (1y)")
    n = int(mt.group(1))
    return n * 12 if mt.group(2) in ("y", "年") else n


def is_validity_expiry(e: m.Event) -> bool:
    return e.kind == "失效" and e.text.startswith(EXPIRY_TEXT)


class CampaignContext:
    def __init__(self, session: Session, as_of: date, look_ahead_months: int, scope: Scope,
                 decided_sources: set[int] | None = None) -> None:
        self.session = session
        self.decided_sources = decided_sources or set()
        self.as_of = as_of
        self.horizon = add_months(as_of, look_ahead_months) if look_ahead_months else as_of
        self.scope = scope
        self.works = {w.id: w for w in session.exec(select(m.Work)).all()}
        self.versions = store.all_versions_by_work(session)
        self.events = store.all_events_by_work(session)
        self.changes = ChangeCache(session)
        self._status: dict[tuple[str, date], lifecycle.StatusOnDate] = {}

    # ------------------------------------------------------------------ status
    def status(self, work_id: str, day: date | None = None) -> lifecycle.StatusOnDate:
        day = day or self.as_of
        key = (work_id, day)
        if key not in self._status:
            self._status[key] = lifecycle.status_on(self.versions.get(work_id, []), self.events.get(work_id, []), day)
        return self._status[key]

    def ended(self, work_id: str, day: date) -> m.Event | None:
        """The 废止/失效 in effect on `day`, if any."""
        end = lifecycle.ended_on(self.events.get(work_id, []), day)
        return end[1] if end else None

    def current(self, work_id: str) -> m.Version | None:
        st = self.status(work_id)
        return st.span.version if st.span else None

    def title(self, work_id: str) -> str:
        w = self.works.get(work_id)
        return w.title if w else work_id

    # ------------------------------------------------------------------ scope
    def _in_scope(self, w: m.Work) -> bool:
        s = self.scope
        if s.works:
            return w.id in s.works
        if w.level in DECISION_LEVELS:
            return False
        if s.levels and w.level not in s.levels:
            return False
        v = self.current(w.id)
        organ = (v.organ if v else "") or w.organ
        # a local text that names no organ: its title does (上海市房地产登记条例)
        if s.organ and s.organ not in (organ or w.title):
            return False
        promulgated = (v.promulgated or v.version_date) if v else None
        if s.promulgated_from and (promulgated is None or promulgated < s.promulgated_from):
            return False
        if s.promulgated_to and (promulgated is None or promulgated > s.promulgated_to):
            return False
        return True

    def _clean_up_question(self, work_id: str) -> bool:
        st = self.status(work_id)
        if any(e.kind in ("废止", "失效") and e.source_id in self.decided_sources for e in self.events.get(work_id, [])):
            return False  # a clean-up decision already ended it
        if st.status in (lifecycle.IN_FORCE, lifecycle.PARTIAL):
            return True
        return st.status == lifecycle.EXPIRED and st.event is not None and is_validity_expiry(st.event)

    @cached_property
    def norms(self) -> list[m.Work]:
        """The works a run proposes an opinion for, in the order the list prints them."""
        chosen = [w for w in self.works.values() if self._in_scope(w) and self._clean_up_question(w.id)]
        return sorted(chosen, key=lambda w: (w.level, (self.current(w.id).promulgated or date.min)
                                             if self.current(w.id) else date.min, w.title))

    @cached_property
    def norm_versions(self) -> dict[str, m.Version]:
        return {w.id: v for w in self.norms if (v := self.current(w.id)) is not None}

    # ------------------------------------------------------------------ texts and citations
    @cached_property
    def provisions(self) -> dict[str, list[Row]]:
        """The provisions of the in-scope versions, as plain rows (no ORM objects: a whole corpus
        is 130k rows, and ORM instances cost most of a run)."""
        ids = [v.id for v in self.norm_versions.values()]
        out: dict[str, list[Row]] = {vid: [] for vid in ids}
        cols = (m.Provision.version_id, m.Provision.pid, m.Provision.kind, m.Provision.parent, m.Provision.label,
                m.Provision.text)
        for chunk in (ids[i:i + 400] for i in range(0, len(ids), 400)):
            for row in self.session.exec(select(*cols).where(col(m.Provision.version_id).in_(chunk))
                                         .order_by(m.Provision.version_id, m.Provision.ord)).all():
                out[row[0]].append(Row(*row))
        return out

    @cached_property
    def _by_pid(self) -> dict[tuple[str, str], Row]:
        return {(r.version_id, r.pid): r for rows in self.provisions.values() for r in rows}

    def text(self, version_id: str, pid: str) -> str:
        if not pid:
            v = self.norm_versions_by_id.get(version_id) or self.session.get(m.Version, version_id)
            return v.preamble if v else ""
        row = self._by_pid.get((version_id, pid))
        return row.text if row else ""

    @cached_property
    def norm_versions_by_id(self) -> dict[str, m.Version]:
        return {v.id: v for v in self.norm_versions.values()}

    def label(self, version_id: str, pid: str) -> str:
        if not pid:
            return "序言"
        p = self._by_pid.get((version_id, pid))
        if p is None:
            return pid_label(pid)
        parent = self._by_pid.get((version_id, p.parent)) if p.parent else None
        return (parent.label if parent and parent.kind == "article" else "") + p.label

    @cached_property
    def citations(self) -> dict[str, list[Citation]]:
        """Citations made by the in-scope versions, by version id."""
        ids = list({v.id for v in self.norm_versions.values()})
        out: dict[str, list[Citation]] = {vid: [] for vid in ids}
        for chunk in (ids[i:i + 400] for i in range(0, len(ids), 400)):
            for c in self.session.exec(select(Citation).where(col(Citation.version_id).in_(chunk),
                                                              col(Citation.kind).in_(("cites", "basis", "docnum")))
                                       .order_by(Citation.id)).all():
                out[c.version_id].append(c)
        return out

    @cached_property
    def by_title_key(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for w in self.works.values():
            out.setdefault(match_key(w.title), []).append(w.id)
        return out

    def cited_work(self, c: Citation) -> str:
        """The cited work: as resolved, else the one work the title names (a norm known only by title)."""
        return c.resolved_work_id or self.work_titled(c.target_title)

    def work_titled(self, title: str) -> str:
        hits = self.by_title_key.get(match_key(title), []) if title else []
        return hits[0] if len(hits) == 1 else ""

    @cached_property
    def bases(self):
        return links_by_version(self.session, self.norm_versions.values())

    def version_on(self, work_id: str, day: date) -> m.Version | None:
        v, _ = lifecycle.version_in_force(self.versions.get(work_id, []), self.events.get(work_id, []), day)
        return v

    def newer_versions(self, work_id: str, after: date, until: date) -> list[m.Version]:
        """Versions of `work_id` made after `after` and in force (or published) by `until`."""
        return [s.version for s in lifecycle.spans(self.versions.get(work_id, []))
                if s.version.version_date > after and s.valid_from <= until]

    def next_day(self, day: date) -> date:
        return day + timedelta(days=1)
