"""Conflict checks (立法法 art. 98-108; 法规规章备案审查条例): run them, keep findings and their states.

Each check returns `FindingDraft`s; `run` stores them under a fingerprint made
of what the finding is about (kind, both norms, both provisions, the cited
words), never of when it ran, so a re-run refreshes evidence and keeps the
state a person gave it (confirmed, or dismissed with a reason). A finding the
checks no longer produce is marked inactive, not deleted: its state and reason
stay on record.

Kinds: ``repealed_target`` (引用已废止/失效规范), ``dangling_article`` and
``stale_article`` (引用的条文不存在/已变动), ``basis_changed`` (制定依据已修改或废止),
``number_mismatch`` (同一事项数值不一致), ``beyond_competence`` (可能超越权限).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from registry import audit
from registry.citations.records import CONFIRMED, DISMISSED, FINDING_STATES, OPEN, Finding
from registry.core.errors import LexregError, NotFound
from registry.review.context import CheckContext
from registry.review.drafts import FindingDraft

KINDS = ("repealed_target", "dangling_article", "stale_article", "basis_changed", "number_mismatch",
         "beyond_competence")


@dataclass
class RunReport:
    found: dict[str, int] = field(default_factory=dict)
    new: int = 0
    updated: int = 0
    retired: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in self.found.items())
        return f"{sum(self.found.values())} findings ({kinds}); {self.new} new, {self.retired} no longer found"


def _checks() -> dict[str, Any]:
    from registry.review import basis, citation_checks, competence, numbers

    return {"repealed_target": citation_checks.repealed_targets, "dangling_article": citation_checks.dangling,
            "stale_article": citation_checks.stale, "basis_changed": basis.basis_changed,
            "number_mismatch": numbers.number_mismatches, "beyond_competence": competence.beyond_competence}


def run(session: Session, kinds: Iterable[str] | None = None, today: date | None = None) -> RunReport:
    """Run the checks (all, or `kinds`) on the store as of `today` and store their findings."""
    import time

    chosen = list(kinds or KINDS)
    unknown = set(chosen) - set(KINDS)
    if unknown:
        raise LexregError(f"unknown check(s): {', '.join(sorted(unknown))}; known: {', '.join(KINDS)}")
    ctx = CheckContext(session, today or date.today())
    report = RunReport()
    drafts: list[FindingDraft] = []
    for kind in chosen:
        start = time.perf_counter()
        found = list(_checks()[kind](ctx))
        report.seconds[kind] = round(time.perf_counter() - start, 3)
        report.found[kind] = len(found)
        drafts.extend(found)
    _store(session, chosen, drafts, report)
    audit.record(session, "conflicts_run", target="findings", after={"kinds": chosen, "found": report.found,
                                                                      "new": report.new, "retired": report.retired})
    return report


def _store(session: Session, kinds: list[str], drafts: list[FindingDraft], report: RunReport) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    existing = {f.fingerprint: f for f in session.exec(select(Finding).where(col(Finding.kind).in_(kinds))).all()}
    seen: set[str] = set()
    for d in drafts:
        fp = d.fingerprint()
        if fp in seen:
            continue
        seen.add(fp)
        row = existing.get(fp)
        if row is None:
            row = Finding(fingerprint=fp, kind=d.kind, first_seen=now)
            report.new += 1
        else:
            report.updated += 1
        row.severity, row.rule, row.explanation = d.severity, d.rule, d.explanation
        row.work_id, row.version_id, row.pid = d.work_id, d.version_id, d.pid
        row.other_work_id, row.other_version_id, row.other_pid = d.other_work_id, d.other_version_id, d.other_pid
        row.evidence = json.dumps(d.evidence, ensure_ascii=False, default=str)
        row.active, row.last_seen = True, now
        session.add(row)
    for fp, row in existing.items():
        if fp not in seen and row.active:
            row.active = False
            session.add(row)
            report.retired += 1


def set_state(session: Session, ref: str, state: str, reason: str = "") -> Finding:
    """Confirm, dismiss (a reason is required) or reopen a finding, by id or fingerprint prefix."""
    if state not in FINDING_STATES:
        raise LexregError(f"state must be one of {', '.join(FINDING_STATES)}")
    if state == DISMISSED and not reason.strip():
        raise LexregError("dismissing a finding needs a reason (--reason)")
    finding = get(session, ref)
    before = {"state": finding.state, "reason": finding.state_reason}
    finding.state, finding.state_reason = state, reason.strip()
    finding.state_changed = dt.datetime.now(dt.timezone.utc)
    session.add(finding)
    audit.record(session, "finding_state", work_id=finding.work_id, target=f"finding:{finding.id}",
                 before=before, after={"state": state, "reason": finding.state_reason})
    return finding


def get(session: Session, ref: str) -> Finding:
    if ref.isdigit():
        finding = session.get(Finding, int(ref))
    else:
        rows = session.exec(select(Finding).where(col(Finding.fingerprint).startswith(ref))).all()
        if len(rows) > 1:
            raise LexregError(f"{ref!r} matches {len(rows)} findings; give more of the fingerprint")
        finding = rows[0] if rows else None
    if finding is None:
        raise NotFound(f"no finding {ref!r}")
    return finding


def findings(session: Session, kind: str | None = None, work_id: str | None = None, state: str | None = None,
             include_inactive: bool = False) -> list[Finding]:
    q = select(Finding)
    if kind:
        q = q.where(Finding.kind == kind)
    if work_id:
        q = q.where((Finding.work_id == work_id) | (Finding.other_work_id == work_id))
    if state:
        q = q.where(Finding.state == state)
    if not include_inactive:
        q = q.where(Finding.active == True)  # noqa: E712  (SQL comparison)
    severity = {"high": 0, "medium": 1, "low": 2}
    return sorted(session.exec(q).all(), key=lambda f: (severity.get(f.severity, 3), f.kind, f.work_id, f.pid))


def finding_json(f: Finding) -> dict[str, Any]:
    return {"id": f.id, "fingerprint": f.fingerprint[:12], "kind": f.kind, "severity": f.severity,
            "state": f.state, "state_reason": f.state_reason, "active": f.active, "work_id": f.work_id,
            "version_id": f.version_id, "pid": f.pid, "other_work_id": f.other_work_id,
            "other_version_id": f.other_version_id, "other_pid": f.other_pid, "rule": f.rule,
            "explanation": f.explanation, "evidence": json.loads(f.evidence or "{}")}


__all__ = ["KINDS", "RunReport", "run", "set_state", "get", "findings", "finding_json", "OPEN", "CONFIRMED",
           "DISMISSED"]
