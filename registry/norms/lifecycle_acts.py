"""Lifecycle acts a person or a decision states: 废止, 失效, 部分失效.

They are recorded as events, never as a typed-in 时效性: `registry.norms.lifecycle`
derives 已废止/已失效/部分失效 from them on any date. Each act is checked
against what the store knows (the work exists and was promulgated by then; the
same act is not recorded twice) and says what it did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from registry import audit
from registry.core.errors import LexregError, NotFound
from registry.core.ids import article_pid, parse_article_ref
from registry.norms import lifecycle, store
from registry.norms import models as m

REPEAL, EXPIRY, PARTIAL = "废止", "失效", "部分失效"


@dataclass
class RepealOutcome:
    """One lifecycle act: recorded, already recorded, or impossible (missing work)."""

    title: str
    work_id: str
    outcome: str  # recorded | already | missing | would-record (dry run)
    date: date
    by: str
    reason: str = ""
    kind: str = REPEAL
    articles: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"title": self.title, "work_id": self.work_id or None, "kind": self.kind, "outcome": self.outcome,
                "date": self.date.isoformat(), "by": self.by, "reason": self.reason, "articles": self.articles}


def repeal(session: Session, work: m.Work, by: str, day: date, *, articles: list[str] | None = None,
           text: str = "", source_id: int | None = None, dry_run: bool = False) -> RepealOutcome:
    """废止 of the whole work from `day`, or 部分失效 when only `articles` are repealed."""
    kind = PARTIAL if articles else REPEAL
    labels = _article_labels(session, work, articles or [], day)
    wording = text or (f"{by}废止" + ("" if not labels else "：" + "、".join(labels)))
    return _record(session, work, kind, day, by, wording, source_id, dry_run, labels)


def expire(session: Session, work: m.Work, day: date, reason: str, by: str = "", *,
           dry_run: bool = False, source_id: int | None = None) -> RepealOutcome:
    """失效: 有效期届满 or 宣布失效 (`reason` says which and why)."""
    if not reason.strip():
        raise LexregError("an expiry needs its reason (有效期届满, 宣布失效 by …, 调整对象已消失 …)")
    return _record(session, work, EXPIRY, day, by, reason.strip(), source_id, dry_run, [])


def _record(session: Session, work: m.Work, kind: str, day: date, by: str, text: str, source_id: int | None,
            dry_run: bool, labels: list[str]) -> RepealOutcome:
    versions = store.versions_of(session, work.id)
    first = min((v.promulgated or v.version_date for v in versions), default=None)
    if first is not None and day < first:
        raise LexregError(f"{work.title} was promulgated on {first}: it cannot be {kind} on {day}")
    events = store.events_of(session, work.id)
    outcome = RepealOutcome(work.title, work.id, "recorded", day, by, kind=kind, articles=labels)
    if any(e.kind == kind and e.date == day and (e.by == by or e.text == text) for e in events):
        outcome.outcome, outcome.reason = "already", "the same act is already recorded"
        return outcome
    ended = lifecycle.ended_on([e for e in events if e.date is not None], day)
    if ended is not None and kind != PARTIAL:
        outcome.reason = f"note: already {ended[0]} since {ended[1].date} ({ended[1].by or ended[1].text})"
    if dry_run:
        outcome.outcome = "would-record"
        return outcome
    before = lifecycle.status_on(versions, events, day)
    current = before.span
    store.record_event(session, work.id, kind, day, text, by, current.version.id if current else None, source_id)
    audit.record(session, {REPEAL: "repeal", PARTIAL: "partial_repeal", EXPIRY: "expire"}[kind], work_id=work.id,
                 target=current.version.id if current else work.id,
                 before={"status": before.status, "on": day.isoformat()},
                 after={"kind": kind, "date": day.isoformat(), "by": by, "text": text, "articles": labels})
    return outcome


def _article_labels(session: Session, work: m.Work, articles: list[str], day: date) -> list[str]:
    """The repealed provisions as labels, checked against the version in force on `day`."""
    if not articles:
        return []
    versions = store.versions_of(session, work.id)
    span = lifecycle.status_on(versions, [], day).span
    present = {p.pid: p.label for p in store.provisions_of(session, span.version.id, ("article",))} if span else {}
    labels = []
    for ref in articles:
        try:
            num, sub = parse_article_ref(ref)
        except ValueError as exc:
            raise LexregError(str(exc)) from None
        pid = article_pid(num, sub)
        if pid not in present:
            raise NotFound(f"{work.title} has no {ref} in the version in force on {day}")
        labels.append(present[pid])
    return labels
