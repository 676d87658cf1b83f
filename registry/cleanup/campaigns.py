"""定期清理 campaigns: create, run (propose an opinion per norm with its reasons), decide, show.

Reads the store through `CampaignContext` and the reason readers; writes `Campaign` and
`Proposal` rows and an audit entry for every run and decision. A run rewrites only the
machine's columns (opinion, reasons, active): decisions people made stay as they were,
and a norm new in scope gets a new proposal.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from registry import audit
from registry.cleanup import reasons as rs
from registry.cleanup import signals
from registry.cleanup.context import CampaignContext, Scope
from registry.cleanup.records import (
    ACCEPTED,
    AMEND,
    APPLIED,
    CONTINUE,
    DECLARE_INVALID,
    OPINIONS,
    OVERRIDDEN,
    PROPOSED,
    REPEAL,
    Campaign,
    Proposal,
)
from registry.cleanup.tasks import task_json
from registry.core.errors import LexregError, NotFound
from registry.norms import models as m
from registry.norms import store

_INVALID = {"validity_expired", "validity_expiring", "period_passed"}
_AMEND = {"basis_repealed", "basis_amended", "cites_repealed", "cites_amended", "cites_missing_article",
          "cites_moved_article", "open_finding", "organ_renamed"}


def opinion_for(work: m.Work, reasons: list[rs.Reason]) -> str:
    """废止 when replaced or its one basis is gone with the matter it implements; 宣布失效 when its
    period is over; 修改 for anything else that needs fixing; otherwise 继续有效."""
    kinds = {r.kind for r in reasons}
    evaluation = {r.evidence.get("conclusion") for r in reasons if r.kind == "evaluation"}
    implemented_gone = any(r.kind == "basis_repealed" and _short(r.evidence.get("other_title", "")) in work.title
                           for r in reasons)
    if "superseded" in kinds or "废止" in evaluation or implemented_gone:
        return REPEAL
    if kinds & _INVALID:
        return DECLARE_INVALID
    if kinds & _AMEND or "修改" in evaluation:
        return AMEND
    return CONTINUE


def _short(title: str) -> str:
    return title.removeprefix("中华人民共和国") or title


def get(session: Session, name: str) -> Campaign:
    c = session.exec(select(Campaign).where(Campaign.name == name)).first()
    if c is None:
        known = "、".join(x.name for x in session.exec(select(Campaign)).all()) or "无"
        raise NotFound(f"没有名为“{name}”的清理项目（现有：{known}）")
    return c


def create(session: Session, name: str, as_of: date, scope: Scope, look_ahead_months: int = 6) -> Campaign:
    """A new campaign (its proposals are made by `run`)."""
    name = name.strip()
    if not name:
        raise LexregError("清理项目需要名称")
    if session.exec(select(Campaign).where(Campaign.name == name)).first() is not None:
        raise LexregError(f"已有名为“{name}”的清理项目；重新生成建议请用 cleanup run {name}，或换一个名称")
    if look_ahead_months < 0:
        raise LexregError("look-ahead 不能为负数")
    scope.works = [store.get_work(session, w).id for w in scope.works]
    c = Campaign(name=name, as_of=as_of, look_ahead_months=look_ahead_months, scope=json.dumps(scope.to_json(),
                 ensure_ascii=False), created_by=audit.current_actor())
    session.add(c)
    session.flush()
    audit.record(session, "cleanup_campaign", target=f"cleanup:{name}", after={
        "name": name, "as_of": as_of.isoformat(), "look_ahead_months": look_ahead_months, "scope": scope.to_json()})
    return c


def scope_of(c: Campaign) -> Scope:
    return Scope.from_json(json.loads(c.scope or "{}"))


def decided_sources(session: Session) -> set[int]:
    return {c.decision_source_id for c in session.exec(select(Campaign)).all() if c.decision_source_id}


@dataclass
class RunSummary:
    proposals: int
    new: int
    retired: int
    opinions: dict[str, int]
    reasons: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"proposals": self.proposals, "new": self.new, "retired": self.retired, "opinions": self.opinions,
                "reasons": self.reasons}


def propose(ctx: CampaignContext) -> dict[str, tuple[m.Version, str, list[rs.Reason]]]:
    """Every in-scope norm's opinion and reasons (nothing is written)."""
    findings = signals.findings_by_work(ctx)
    stems, clauses = signals.stems_of(ctx), signals.repeal_clauses(ctx)
    evaluations = signals.evaluation_conclusions(ctx)
    out = {}
    for work in ctx.norms:
        v = ctx.norm_versions.get(work.id)
        if v is None:
            continue
        found = (rs.basis_reasons(ctx, v) + rs.citation_reasons(ctx, v)
                 + signals.finding_reasons(ctx, v, findings.get(work.id, [])) + signals.validity_reasons(ctx, v)
                 + signals.superseded_reasons(ctx, v, stems, clauses) + signals.period_reasons(ctx, v)
                 + signals.organ_reasons(ctx, v) + signals.evaluation_reasons(evaluations.get(work.id, [])))
        out[work.id] = (v, opinion_for(work, found), found)
    return out


def run(session: Session, name: str) -> RunSummary:
    """Propose (again): machine columns rewritten, decisions kept, new norms added, gone ones retired."""
    c = get(session, name)
    ctx = CampaignContext(session, c.as_of, c.look_ahead_months, scope_of(c), decided_sources(session))
    proposed = propose(ctx)
    existing = {p.work_id: p for p in session.exec(select(Proposal).where(Proposal.campaign_id == c.id)).all()}
    new = retired = 0
    for work_id, (v, opinion, found) in proposed.items():
        p = existing.get(work_id)
        if p is None:
            p = Proposal(campaign_id=c.id, work_id=work_id, opinion=opinion)
            new += 1
        elif p.applied:
            continue  # decided and applied: history, not a proposal any more
        p.version_id, p.opinion, p.active = v.id, opinion, True
        p.reasons = json.dumps([r.to_json() for r in found], ensure_ascii=False, default=str)
        session.add(p)
    for work_id, p in existing.items():
        if work_id not in proposed and p.active and not p.applied:
            p.active = False
            retired += 1
            session.add(p)
    c.last_run = dt.datetime.now(dt.timezone.utc)
    session.add(c)
    summary = RunSummary(len(proposed), new, retired, dict(Counter(o for _, o, _ in proposed.values())),
                         dict(Counter(r.kind for _, _, found in proposed.values() for r in found)))
    audit.record(session, "cleanup_run", target=f"cleanup:{name}", after=summary.to_json())
    session.flush()
    return summary


def proposals(session: Session, c: Campaign, active_only: bool = True) -> list[Proposal]:
    rows = session.exec(select(Proposal).where(Proposal.campaign_id == c.id).order_by(Proposal.id)).all()
    return [p for p in rows if p.active or p.applied or not active_only]


def state_of(p: Proposal) -> str:
    if p.applied:
        return APPLIED
    if not p.decided_opinion:
        return PROPOSED
    return ACCEPTED if p.decided_opinion == p.opinion else OVERRIDDEN


def final_opinion(p: Proposal) -> str:
    return p.decided_opinion or p.opinion


def _check_opinion(opinion: str) -> str:
    if opinion not in OPINIONS:
        raise LexregError(f"清理意见只能是 {'、'.join(OPINIONS)}（收到 {opinion!r}）")
    return opinion


def _decide(session: Session, c: Campaign, p: Proposal, opinion: str, note: str) -> None:
    if p.applied:
        raise LexregError(f"《{p.work_id}》的清理决定已于{c.decision_date}执行，不能再改")
    before = {"opinion": p.decided_opinion, "note": p.decided_note, "by": p.decided_by} if p.decided_opinion else None
    p.decided_opinion, p.decided_note = opinion, note
    p.decided_by, p.decided_at = audit.current_actor(), dt.datetime.now(dt.timezone.utc)
    session.add(p)
    audit.record(session, "cleanup_decision", work_id=p.work_id, target=f"cleanup:{c.name}", before=before,
                 after={"opinion": opinion, "proposed": p.opinion, "note": note, "state": state_of(p)})


def decide(session: Session, name: str, work_ref: str, opinion: str, note: str = "") -> Proposal:
    """Accept (the proposed opinion) or override (another one; a note is required) for one norm."""
    c = get(session, name)
    work = store.get_work(session, work_ref)
    p = session.exec(select(Proposal).where(Proposal.campaign_id == c.id, Proposal.work_id == work.id)).first()
    if p is None or not (p.active or p.applied):
        raise NotFound(f"清理项目“{name}”中没有《{work.title}》的清理意见（不在范围内或不是现行有效）")
    _check_opinion(opinion)
    if opinion != p.opinion and not note.strip():
        raise LexregError(f"改判为“{opinion}”（建议为“{p.opinion}”）需要写明理由（--note）")
    _decide(session, c, p, opinion, note.strip())
    session.flush()
    return p


def accept(session: Session, name: str, opinion: str | None = None, reason: str | None = None,
           all_: bool = False, note: str = "") -> int:
    """Accept the proposed opinion of every undecided proposal with that opinion (and reason), or all."""
    c = get(session, name)
    if not all_ and not opinion and not reason:
        raise LexregError("请指定 --opinion（或 --reason），或用 --all 采纳全部建议")
    if opinion:
        _check_opinion(opinion)
    n = 0
    for p in proposals(session, c):
        if p.applied or p.decided_opinion or (opinion and p.opinion != opinion):
            continue
        if reason and reason not in {r["kind"] for r in json.loads(p.reasons)}:
            continue
        _decide(session, c, p, p.opinion, note or "批量采纳")
        n += 1
    session.flush()
    return n


def proposal_json(p: Proposal, work: m.Work, version: m.Version | None, task: dict[str, Any] | None = None) -> dict[str, Any]:
    decision = None
    if p.decided_opinion:
        decision = {"opinion": p.decided_opinion, "note": p.decided_note, "by": p.decided_by,
                    "at": p.decided_at.isoformat() if p.decided_at else None}
    return {"work_id": work.id, "title": work.title, "doc_number": (version.doc_number if version else "") or work.doc_number,
            "level": work.level, "organ": (version.organ if version else "") or work.organ,
            "version_id": p.version_id, "promulgated": version.promulgated.isoformat() if version and version.promulgated else None,
            "opinion": p.opinion, "reasons": json.loads(p.reasons), "decision": decision, "state": state_of(p),
            "final_opinion": final_opinion(p), "active": p.active, "task": task}


def show_json(session: Session, name: str, opinion: str | None = None, reason: str | None = None,
              state: str | None = None) -> dict[str, Any]:
    """The campaign and its proposals, filtered by (final) opinion, reason kind and state."""
    c = get(session, name)
    rows = proposals(session, c)
    works = {w.id: w for w in session.exec(select(m.Work)).all()}
    tasks = task_json(session, c)
    out = []
    for p in rows:
        if opinion and final_opinion(p) != opinion:
            continue
        if state and state_of(p) != state:
            continue
        if reason and reason not in {r["kind"] for r in json.loads(p.reasons)}:
            continue
        out.append(proposal_json(p, works[p.work_id], session.get(m.Version, p.version_id), tasks.get(p.work_id)))
    return {**campaign_json(c, rows), "proposals": out}


def campaign_json(c: Campaign, rows: list[Proposal]) -> dict[str, Any]:
    return {"name": c.name, "as_of": c.as_of.isoformat(), "look_ahead_months": c.look_ahead_months,
            "scope": json.loads(c.scope or "{}"), "created_by": c.created_by,
            "created_at": c.created_at.isoformat() if c.created_at else None,
            "last_run": c.last_run.isoformat() if c.last_run else None,
            "decision_date": c.decision_date.isoformat() if c.decision_date else None,
            "applied_at": c.applied_at.isoformat() if c.applied_at else None, "applied_by": c.applied_by or None,
            "counts": {"proposals": len(rows), "opinions": dict(Counter(p.opinion for p in rows)),
                       "decided": sum(1 for p in rows if p.decided_opinion),
                       "states": dict(Counter(state_of(p) for p in rows))}}


def list_json(session: Session) -> list[dict[str, Any]]:
    return [campaign_json(c, proposals(session, c)) for c in session.exec(select(Campaign).order_by(Campaign.id)).all()]


__all__ = ["AMEND", "CONTINUE", "DECLARE_INVALID", "REPEAL", "OVERRIDDEN"]
