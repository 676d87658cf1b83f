"""Machine-found evidence for an evaluation: what the registry already knows about one version.

Reads the store (versions, events, resolved `Citation` rows, conflict `Finding` rows, provisions)
through a Session; writes nothing. Returns plain dataclasses, each item marked `machine_found`
so the report and the form can tell it from what the evaluator typed:

- 合法性: every norm the version cites or names as its 制定依据, whether it is in force on the
  as-of date and whether it has a newer version than the one cited;
- 协调性: open or confirmed conflict findings on the work, stale citations (the cited article was
  changed, moved or deleted in a later version) and citations of articles that do not exist;
- 规范性: `registry.evaluation.structure` (numbering gaps, internal references to missing
  provisions, abbreviations used without definition);
- 可操作性: `registry.evaluation.delegations` (具体办法由…制定, and whether such a norm is stored).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from registry.citations.records import DISMISSED, PARTIAL, Citation, Finding
from registry.comparison.versions import CHANGED, DELETED, MOVED, ChangeCache
from registry.core.errors import NotFound
from registry.evaluation.items import EvidenceItem
from registry.norms import lifecycle, store
from registry.norms import models as m

LIVE = (lifecycle.IN_FORCE, lifecycle.PARTIAL)
EXTERNAL = ("cites", "basis", "docnum")


@dataclass
class MachineEvidence:
    version_id: str
    work_id: str
    title: str
    as_of: dt.date
    items: list[EvidenceItem] = field(default_factory=list)

    def by_indicator(self) -> dict[str, list[EvidenceItem]]:
        out: dict[str, list[EvidenceItem]] = defaultdict(list)
        for item in self.items:
            out[item.indicator].append(item)
        return dict(out)

    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for item in self.items:
            out[item.kind] += 1
        return dict(out)

    def to_json(self) -> dict[str, Any]:
        return {"version_id": self.version_id, "work_id": self.work_id, "title": self.title,
                "as_of": self.as_of.isoformat(), "items": [asdict(i) for i in self.items]}


def gather(session: Session, version_id: str, as_of: dt.date | None = None) -> MachineEvidence:
    """All machine-found evidence for `version_id`, with the status of other norms on `as_of` (default today)."""
    from registry.evaluation import delegations, structure

    version = session.get(m.Version, version_id)
    if version is None:
        raise NotFound(f"没有版本 {version_id}")
    day = as_of or dt.date.today()
    work = session.get(m.Work, version.work_id)
    ev = MachineEvidence(version.id, version.work_id, work.title if work else version.title, day)
    citations = list(session.exec(select(Citation).where(Citation.version_id == version.id)).all())
    ev.items += legality(session, version, citations, day)
    ev.items += coordination(session, version, citations)
    ev.items += structure.defects(session, version, citations)
    ev.items += delegations.found(session, version)
    return ev


def _label(pid: str) -> str:
    from registry.evaluation.structure import label

    return label(pid)


def legality(session: Session, version: m.Version, citations: list[Citation], day: dt.date) -> list[EvidenceItem]:
    """合法性 and the stale part of 协调性: each cited norm's status on `day` and what changed in it since."""
    changes = ChangeCache(session)
    by_work: dict[str, list[Citation]] = defaultdict(list)
    for c in citations:
        if c.kind in EXTERNAL and c.resolved_work_id and c.resolved_work_id != version.work_id:
            by_work[c.resolved_work_id].append(c)
    items: list[EvidenceItem] = []
    for work_id, cs in by_work.items():
        cited = session.get(m.Work, work_id)
        title = cited.title if cited else work_id
        st = lifecycle.status_on(store.versions_of(session, work_id), store.events_of(session, work_id), day)
        basis = any(c.kind == "basis" for c in cs)
        role = "制定依据" if basis else "引用的规范"
        where = next((c.source_pid for c in cs if c.kind == "basis"), cs[0].source_pid)
        then = sorted({c.resolved_version_id for c in cs if c.resolved_version_id})
        now = st.span.version if st.span else None
        if st.status not in LIVE:
            when = f"（{st.event.date.isoformat()}）" if st.event and st.event.date else ""
            items.append(EvidenceItem("合法性", "basis_repealed" if basis else "cited_repealed",
                                      f"{role}《{title}》于{day.isoformat()}已{st.status[1:]}{when}。", False,
                                      where, work_id, {"status": st.status, "cited_versions": then}))
            continue
        newer = [v for v in then if now is not None and now.id != v and now.version_date > _date(v)]
        if newer:
            items.append(EvidenceItem(
                "合法性", "basis_amended" if basis else "cited_amended",
                f"{role}《{title}》现行有效，但本规范引用的是{'、'.join(_date(v).isoformat() for v in newer)}文本，"
                f"其后已有{now.version_date.isoformat()}版本。", False, where, now.id,
                {"status": st.status, "cited_versions": then, "current_version": now.id}))
            items += _stale(changes, version, [c for c in cs if c.resolved_version_id in newer], now, title)
        else:
            pending = f"（另有{st.pending.version.version_date.isoformat()}版本尚未施行）" if st.pending else ""
            items.append(EvidenceItem(
                "合法性", "basis_in_force" if basis else "cited_in_force",
                f"{role}《{title}》现行有效，本规范引用的{now.version_date.isoformat() if now else ''}文本"
                f"至{day.isoformat()}未被修改{pending}（引用{len(cs)}处）。", True, where, now.id if now else work_id,
                {"status": st.status, "cited_versions": then, "citations": len(cs)}))
    return items


def _stale(changes: ChangeCache, version: m.Version, cs: list[Citation], now: m.Version, title: str) -> list[EvidenceItem]:
    items, seen = [], set()
    for c in cs:
        article = c.resolved_pid.split("__")[0]
        if not c.resolved_pid or (c.source_pid, article) in seen:
            continue
        seen.add((c.source_pid, article))
        change = changes.changes(c.resolved_version_id, now.id).get(article)
        if change is None or change.status not in (CHANGED, MOVED, DELETED):
            continue
        what = {MOVED: f"已移至{_label(change.new_pid)}", DELETED: "已被删除", CHANGED: "内容已修改"}[change.status]
        items.append(EvidenceItem(
            "协调性", "stale_citation",
            f"{_label(c.source_pid)}引用的《{title}》{_label(article)}（“{c.raw}”）在{now.version_date.isoformat()}文本中{what}。",
            False, c.source_pid, f"{now.id}#{change.new_pid or article}", {"raw": c.raw, "change": change.status}))
    return items


def coordination(session: Session, version: m.Version, citations: list[Citation]) -> list[EvidenceItem]:
    """协调性: conflict findings on the work not dismissed, and citations of articles that do not exist."""
    items = []
    rows = session.exec(select(Finding).where(
        (Finding.work_id == version.work_id) | (Finding.other_work_id == version.work_id),
        Finding.active == True, col(Finding.state) != DISMISSED)).all()  # noqa: E712
    for f in sorted(rows, key=lambda f: (f.kind, f.pid, f.id or 0)):
        mine = f.work_id == version.work_id
        items.append(EvidenceItem(
            "协调性", "conflict_finding", f"冲突审查发现（{f.kind}，{f.state}）：{f.explanation}", False,
            f.pid if mine else f.other_pid, f.other_version_id if mine else f.version_id,
            {"finding_id": f.id, "kind": f.kind, "severity": f.severity, "state": f.state, "rule": f.rule,
             "evidence": json.loads(f.evidence or "{}")}))
    for c in citations:
        if c.kind in EXTERNAL and c.state == PARTIAL and c.resolved_work_id != version.work_id:
            items.append(EvidenceItem(
                "协调性", "dangling_citation",
                f"{_label(c.source_pid)}引用“{c.raw}”，但所引规范的{c.resolved_version_id.rsplit('@', 1)[-1]}文本中没有该条文。",
                False, c.source_pid, c.resolved_version_id, {"raw": c.raw, "reason": c.reason}))
    return items


def _date(version_id: str) -> dt.date:
    return dt.date.fromisoformat(version_id.rsplit("@", 1)[-1])
