"""Applying a campaign's decisions: 废止 and 宣布失效 as lifecycle events, 修改 as open tasks.

Reads the campaign's decided proposals; writes, in the caller's one transaction, the
campaign's decision document (a `SourceDocument`: the events' source), 废止/失效 events
through `registry.norms.lifecycle_acts` dated by the decision date, `CleanupTask` rows
for 修改, and an audit entry per act. A dry run writes nothing and says what would
change. Status on dates before the decision date is untouched: the events start on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from registry import audit
from registry.cleanup.campaigns import final_opinion, get, proposals
from registry.cleanup.records import AMEND, CONTINUE, DECLARE_INVALID, OPINIONS, REPEAL, Campaign, CleanupTask
from registry.cleanup.tasks import open_tasks, task_json
from registry.core.errors import LexregError
from registry.norms import lifecycle, lifecycle_acts, store
from registry.norms import models as m


def decision_title(c: Campaign) -> str:
    """关于2022年规章清理结果的决定"""
    name = c.name.removesuffix("结果")
    return f"关于{name}结果的决定" if name.endswith("清理") else f"关于{name}清理结果的决定"


@dataclass
class Action:
    work_id: str
    title: str
    opinion: str
    act: str  # 废止 | 失效 | task | none
    status_before: str
    status_after: str
    outcome: str = ""  # recorded | already | would-record | opened | kept
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class ApplyReport:
    campaign: str
    date: date
    dry_run: bool
    document: str
    actions: list[Action] = field(default_factory=list)
    undecided: int = 0

    def to_json(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for a in self.actions:
            counts[a.opinion] = counts.get(a.opinion, 0) + 1
        return {"campaign": self.campaign, "date": self.date.isoformat(), "dry_run": self.dry_run,
                "document": self.document, "counts": counts, "undecided": self.undecided,
                "actions": [a.to_json() for a in self.actions]}


def _document_text(session: Session, c: Campaign, day: date, decided) -> str:
    lines = [decision_title(c), f"决定日期：{day.isoformat()}", f"清理基准日：{c.as_of.isoformat()}"]
    for opinion in OPINIONS:
        rows = [p for p in decided if final_opinion(p) == opinion]
        if rows:
            lines.append(f"{opinion}（{len(rows)}件）：")
            lines.extend(f"  {session.get(m.Work, p.work_id).title}" for p in rows)
    return "\n".join(lines) + "\n"


def _source(session: Session, c: Campaign, day: date, decided) -> m.SourceDocument:
    text = _document_text(session, c, day, decided)
    digest = hashlib.sha256(f"cleanup:{c.id}:{text}".encode("utf-8")).hexdigest()
    existing = session.exec(select(m.SourceDocument).where(m.SourceDocument.sha256 == digest)).first()
    if existing is not None:
        return existing
    src = m.SourceDocument(sha256=digest, path=f"cleanup:{c.name}", file_name=decision_title(c), format="txt",
                           encoding="utf-8", size=len(text.encode("utf-8")), text=text)
    session.add(src)
    session.flush()
    return src


def _reasons_text(p) -> str:
    return "；".join(r["text"] for r in json.loads(p.reasons)[:3])


def apply(session: Session, name: str, day: date, dry_run: bool = False) -> ApplyReport:
    """Apply every decided, not yet applied proposal of `name` on `day` (the decision date)."""
    c = get(session, name)
    if day < c.as_of:
        raise LexregError(f"决定日期{day.isoformat()}早于清理基准日{c.as_of.isoformat()}")
    if c.decision_date and c.decision_date != day and not dry_run:
        raise LexregError(f"清理项目“{name}”已按{c.decision_date.isoformat()}的决定执行；后续决定应使用同一日期")
    rows = proposals(session, c)
    decided = [p for p in rows if p.decided_opinion and not p.applied]
    report = ApplyReport(c.name, day, dry_run, decision_title(c), undecided=sum(1 for p in rows if not p.decided_opinion))
    if not decided:
        return report
    src = None if dry_run else _source(session, c, day, [p for p in rows if p.decided_opinion])
    by = decision_title(c)
    for p in decided:
        work = session.get(m.Work, p.work_id)
        versions, events = store.versions_of(session, work.id), store.events_of(session, work.id)
        before = lifecycle.status_on(versions, events, day).status
        opinion = final_opinion(p)
        action = Action(work.id, work.title, opinion, "none", before, before)
        if opinion == REPEAL:
            out = lifecycle_acts.repeal(session, work, by, day, text=f"{by}：废止。{_reasons_text(p)}",
                                        source_id=src.id if src else None, dry_run=dry_run)
            action.act, action.status_after, action.outcome, action.note = "废止", lifecycle.REPEALED, out.outcome, out.reason
        elif opinion == DECLARE_INVALID:
            out = lifecycle_acts.expire(session, work, day, f"宣布失效（{by}）：{_reasons_text(p)}", by,
                                        dry_run=dry_run, source_id=src.id if src else None)
            action.act, action.status_after, action.outcome, action.note = "失效", lifecycle.EXPIRED, out.outcome, out.reason
        elif opinion == AMEND:
            action.act, action.outcome = "task", "would-open" if dry_run else "opened"
            action.note = f"待修改：{_reasons_text(p)}"
            if not dry_run:
                session.add(CleanupTask(campaign_id=c.id, work_id=work.id, version_id=p.version_id,
                                        note=action.note[:2000], opened_on=day))
        else:
            action.outcome = "kept"
        report.actions.append(action)
        if not dry_run:
            p.applied = True
            session.add(p)
            audit.record(session, "cleanup_apply", work_id=work.id, target=f"cleanup:{c.name}",
                         before={"status": before, "opinion": opinion},
                         after={"act": action.act, "date": day.isoformat(), "outcome": action.outcome,
                                "source_id": src.id if src else None})
    if not dry_run:
        c.decision_date, c.decision_source_id = day, src.id
        c.applied_by, c.applied_at = audit.current_actor(), dt.datetime.now(dt.timezone.utc)
        session.add(c)
        session.flush()
    return report


__all__ = ["CONTINUE", "apply", "decision_title", "open_tasks", "task_json"]
