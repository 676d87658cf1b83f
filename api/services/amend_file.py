"""Jobs behind `lexreg amend` and POST /amend: a decision file -> an applied, stored decision.

Reads and compiles the decision first (`ingest`), then hands the compiled
operations and the parsed decision document to `registry.amendments.apply.amend`
in ONE transaction: the decision's own text, the derived versions, events and
reports are stored together or not at all. A dry run computes the same report
and writes nothing. Derived data (index, citations) is refreshed after commit.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.services.derived import after_ingest
from ingest.decisions.compiler import compile_decision
from ingest.pipeline import parse_bytes, parse_path
from registry import refresh
from registry.amendments.apply import AmendReport, amend, cite
from registry.core.db import session_scope
from registry.norms import effective_dates
from registry.norms.drafts import DocumentDraft


def read_decision(path: str | Path | None = None, text: str | None = None, name: str = "decision.md"):
    """(parsed decision document, compiled decision) from a file or a text."""
    if path is not None:
        draft: DocumentDraft = parse_path(path)
    elif text is not None:
        draft = parse_bytes(text.encode("utf-8"), name)
    else:
        raise ValueError("a decision path or text is needed")
    assert draft.source is not None
    decision = compile_decision(draft.source.text, title=draft.title)
    if not decision.organ:
        decision.organ = draft.organ
    if decision.adopted is None:
        decision.adopted = draft.promulgated or draft.version_date
    decision.effective = effective_dates.of_decision(decision.effective, draft.effective, draft.effective_source)
    return draft, decision


def run_amend(engine: Engine, path: str | Path | None = None, text: str | None = None, *, dry_run: bool = False,
              skip_missing: bool = False, strict: bool = False, accept_failures: bool = False) -> AmendReport:
    draft, decision = read_decision(path, text)
    if dry_run:
        with Session(engine) as session:  # read-only: rolled back on close whatever happens
            report = amend(session, decision, draft, dry_run=True, skip_missing=skip_missing, strict=strict,
                           accept_failures=accept_failures)
            session.rollback()
        return report
    with session_scope(engine) as session:
        report = amend(session, decision, draft, skip_missing=skip_missing, strict=strict,
                       accept_failures=accept_failures)
        changed = [v for v in [report.decision_version_id, *report.new_versions] if v]
        refresh.queue(session, changed)  # owed until the refresh below ends (registry.refresh)
    owed = refresh.owed(engine, changed)
    if owed:
        after_ingest(engine, owed)
        refresh.clear(engine, owed)
    return report


def render_report(report: AmendReport) -> list[str]:
    """The operation report as text lines (CLI)."""
    d = report.decision
    lines = [f"决定 {cite(d.title)} 通过/公布 {d.adopted} 施行 {d.effective}" + ("  [dry run: nothing written]"
                                                                         if report.dry_run else "")]
    if report.decision_version_id:
        lines.append(f"  stored as {report.decision_version_id}")
    for n in report.norms:
        target = n.version_id or "—"
        lines.append(f"== {n.norm}: {n.outcome} {target}" + (f" (from {n.base_version_id})" if n.base_version_id else "")
                     + (f" — {n.reason}" if n.reason else ""))
        for s in n.states:
            mark = "✓" if s.status == "applied" else "✗"
            lines.append(f"  {mark} {s.status:<7} {s.operation.name:<16} {s.operation.source[:70]}"
                         + (f"  — {s.reason}" if s.reason else ""))
            lines.extend(f"      rule: {r}" for r in s.rules)
        for u in n.amendment.unparsed if n.amendment else []:
            lines.append(f"  ✗ unread   {u.text[:70]}  — {u.reason}")
        if n.result:
            lines.extend(f"  rule: {r}" for r in n.result.rules)
            lines.extend(f"  warning: {w}" for w in n.result.warnings)
        lines.extend(f"  note: {x}" for x in n.notes)
        if n.to_check:
            lines.append(f"  推算文本：以下 {len(n.to_check)} 条待核对（决定中有未识读或未能执行的修改）")
            for pid, notes in n.to_check.items():
                for text, reason in notes:
                    lines.append(f"    待核对 {'全文' if pid == '*' else pid}: {text[:60]}  — {reason}")
        if n.check is not None:
            lines.append(f"  check against the official text {n.version_id}: {n.check.identical}/"
                         f"{n.check.official_count} articles identical")
            for a in n.check.differences:
                lines.append(f"    {a.status} {a.pid}: " + "; ".join(
                    f"[{c.op}] official {c.old[:30]!r} / applied {c.new[:30]!r}" for c in a.changes[:3]))
            for pid, official, applied in n.check.headings:
                lines.append(f"    heading {pid}: official {official!r} / applied {applied!r}")
    for r in report.repeals:
        lines.append(f"== {r.kind} {r.title}: {r.outcome} {r.date} by {r.by}"
                     + (f" ({'、'.join(r.articles)})" if r.articles else "") + (f" — {r.reason}" if r.reason else ""))
    for u in d.unparsed:
        lines.append(f"unread: {u.text[:80]} — {u.reason}")
    if report.ok:
        lines.append("ok")
    elif any(n.to_check for n in report.norms) and not report.dry_run:
        lines.append("NOT OK: some instructions were not applied; the derived texts are stored with the articles "
                     "they touch marked 待核对 (--strict stores nothing in that case)")
    else:
        lines.append("NOT OK: some operations failed, were unread, or norms are missing")
    return lines
