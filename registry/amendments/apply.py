"""Apply a compiled 修改决定 to the store: new versions, 修正/施行/废止 events, kept reports.

For each norm the decision amends: find the work by title, take the version
in force the day before the decision's 施行日期 (only versions older than the
decision count: the official republished text may already be stored under the
decision's date), apply the operations (`registry.amendments.engine`), and

* if the official text of that version (same work, same version date) is
  stored, keep it as the version of record and store the check report;
* else write a derived version `work@decision date` (`derived_from` = the
  base), its provisions, where each article came from, and events 修正 (by =
  the decision) and 施行; when the official text is ingested later,
  `supersede_derived` replaces the derived text with it and records the check.

A norm with a failed or unread instruction is still written (apply what can be
applied): the derived version is stored as 推算文本 and the articles the unapplied
instructions touch are marked 待核对 (`registry.norms.flags`, computed by
`registry.amendments.pending`), so the text is never silently taken for the
official one. `strict=True` keeps the older refuse behaviour: such a norm is not
written at all (its report is). Norms the decision repeals get a 废止 event
dated its 施行日期. Everything happens in the caller's transaction; a dry run
computes the same report and writes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from registry import audit
from registry.amendments import records as am
from registry.amendments.engine import AmendResult, OperationState, apply_operations
from registry.amendments.official import OfficialCheck, check_against_official
from registry.amendments.operations import AmendmentDecision, NormAmendment, RepealNorm
from registry.amendments.pending import touched_articles
from registry.amendments.supersede import drafts_of, record_check
from registry.core.errors import Ambiguous, LexregError, NotFound
from registry.core.numerals import CN_NUM, NUM
from registry.norms import effective_dates, flags, lifecycle, store
from registry.norms import models as m
from registry.norms.drafts import DocumentDraft
from registry.norms.lifecycle_acts import RepealOutcome, repeal


class AmendError(LexregError):
    """A decision that cannot be applied at all (nothing readable, unknown norms); nothing was written."""


@dataclass
class NormReport:
    """What applying the decision did to one norm."""

    norm: str
    work_id: str = ""
    base_version_id: str = ""
    version_id: str = ""  # the version of record for the result
    outcome: str = ""  # written | official-kept | not-written | missing | already-applied
    reason: str = ""
    result: AmendResult | None = None
    amendment: NormAmendment | None = None
    check: OfficialCheck | None = None
    notes: list[str] = field(default_factory=list)
    to_check: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # pid -> [(instruction, reason)]

    @property
    def states(self) -> list[OperationState]:
        return self.result.states if self.result else []

    @property
    def failed(self) -> bool:
        if self.result is None:  # not attempted (missing, already applied, no base): `outcome` says why
            return False
        return bool(self.result.failed) or bool(self.amendment and self.amendment.unparsed)

    def to_json(self) -> dict[str, object]:
        check = None
        if self.check is not None:
            check = {"identical": self.check.identical, "articles": self.check.official_count,
                     "differences": [{"pid": a.pid, "status": a.status, "official": a.official,
                                      "applied": a.applied, "changes": [c.to_json() for c in a.changes]}
                                     for a in self.check.differences],
                     "headings": [{"pid": p, "official": o, "applied": a} for p, o, a in self.check.headings]}
        return {"norm": self.norm, "work_id": self.work_id or None, "base_version_id": self.base_version_id or None,
                "version_id": self.version_id or None, "outcome": self.outcome, "reason": self.reason,
                "operations": [s.to_json() for s in self.states],
                "unparsed": [{"text": u.text, "reason": u.reason} for u in
                             (self.amendment.unparsed if self.amendment else [])],
                "rules": self.result.rules if self.result else [],
                "warnings": self.result.warnings if self.result else [], "notes": self.notes, "check": check,
                "to_check": [{"pid": pid, "instruction": text, "reason": reason}
                             for pid, notes in self.to_check.items() for text, reason in notes]}


@dataclass
class AmendReport:
    decision: AmendmentDecision
    dry_run: bool
    skip_missing: bool = False
    decision_version_id: str = ""
    norms: list[NormReport] = field(default_factory=list)
    repeals: list[RepealOutcome] = field(default_factory=list)

    @property
    def new_versions(self) -> list[str]:
        return [n.version_id for n in self.norms if n.outcome == am.WRITTEN]

    @property
    def ok(self) -> bool:
        """No failed or unread operation and nothing left unwritten (norms skipped on request don't count)."""
        return not any(n.failed or n.outcome in (am.NOT_WRITTEN, "would-not-write") for n in self.norms) and \
            not any(r.outcome == "missing" for r in self.repeals if not self.skip_missing)

    def to_json(self) -> dict[str, object]:
        d = self.decision
        return {"decision": d.title, "organ": d.organ, "adopted": _iso(d.adopted), "effective": _iso(d.effective),
                "decision_version_id": self.decision_version_id or None, "dry_run": self.dry_run, "ok": self.ok,
                "norms": [n.to_json() for n in self.norms], "repeals": [r.to_json() for r in self.repeals],
                "unparsed": [{"text": u.text, "reason": u.reason} for u in d.unparsed]}


def cite(title: str) -> str:
    """A title in 书名号, with the titles inside it in 〈〉 as printed.

    >>> cite("关于修改《中华人民共和国统计法》的决定")
    '《关于修改〈中华人民共和国统计法〉的决定》'
    """
    return "《" + title.strip("《》").replace("《", "〈").replace("》", "〉") + "》"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def decision_dates(decision: AmendmentDecision) -> tuple[date, date]:
    """(version date of the amended texts, 施行日期); a decision that gives neither cannot be placed."""
    adopted = decision.adopted or decision.effective
    if adopted is None:
        raise AmendError(f"{decision.title or 'the decision'} states no date (通过/公布/施行): cannot place it in time")
    return adopted, decision.effective or adopted


def amend(session: Session, decision: AmendmentDecision, decision_draft: DocumentDraft | None = None, *,
          dry_run: bool = False, skip_missing: bool = False, strict: bool = False,
          accept_failures: bool = False) -> AmendReport:
    """Apply `decision` (see the module docstring); `decision_draft` is the decision as parsed for storing.

    `strict`: a norm with an unread or failed instruction is not written. `accept_failures`
    is the older name for the default (kept for callers; it overrides `strict`).
    """
    strict = strict and not accept_failures
    if not decision.norms and not decision.repeals:
        unread = "; ".join(u.text[:60] for u in decision.all_unparsed[:3])
        raise AmendError(f"no readable instruction in {decision.title or 'the decision'}"
                         + (f" (unread: {unread})" if unread else ""))
    adopted, effective = decision_dates(decision)
    report = AmendReport(decision, dry_run, skip_missing)
    targets = _resolve(session, [n.norm for n in decision.norms] + [r.title for r in decision.repeals],
                       skip_missing)
    if decision_draft is not None and not dry_run:
        report.decision_version_id = store.add_document(session, decision_draft).version_id
    for amendment in decision.norms:
        work = targets.get(amendment.norm)
        if work is None:
            report.norms.append(NormReport(amendment.norm, outcome="missing", reason="no such work in the store",
                                           amendment=amendment))
            continue
        norm_report = _apply_one(session, decision, amendment, work, adopted, effective)
        if not dry_run:
            _write(session, decision, norm_report, work, adopted, effective, report.decision_version_id,
                   strict)
        elif norm_report.outcome == "":
            norm_report.outcome = "would-not-write" if norm_report.failed and strict else "would-write"
            if norm_report.failed and not strict and norm_report.result is not None:
                norm_report.to_check = touched_articles(norm_report.result, amendment)
        report.norms.append(norm_report)
    source_id = _decision_source(session, report.decision_version_id)  # the 废止 events cite its text
    for rep in decision.repeals:
        work = targets.get(rep.title)
        report.repeals.append(_repeal_one(session, decision, rep, work, effective, source_id, dry_run))
    return report


def _resolve(session: Session, titles: list[str], skip_missing: bool) -> dict[str, m.Work]:
    """Every norm the decision names, found before anything is written."""
    found: dict[str, m.Work] = {}
    missing: list[str] = []
    for title in titles:
        try:
            found[title] = store.get_work(session, _bare_title(title))
        except NotFound:
            missing.append(title)
        except Ambiguous as exc:
            raise AmendError(f"the decision names {title!r}, which is ambiguous: {exc}") from None
    if missing and not skip_missing:
        raise AmendError(f"the decision names {len(missing)} norm(s) not in the store: {'、'.join(missing)}; "
                         "ingest them first, or pass --skip-missing to apply the rest")
    return found


_PARTIAL = re.compile(rf"^(.+?)(第{NUM}条.*)$")


def _bare_title(title: str) -> str:
    """A repeal may name provisions (《X》第十条): the work is the part before them."""
    t = title.strip().strip("《》")
    m_ = _PARTIAL.match(t)
    return m_.group(1).strip("《》 ") if m_ and "》" in title else t


def _apply_one(session: Session, decision: AmendmentDecision, amendment: NormAmendment, work: m.Work,
               adopted: date, effective: date) -> NormReport:
    report = NormReport(amendment.norm, work.id, amendment=amendment)
    done = session.exec(select(am.AmendmentRun).where(
        am.AmendmentRun.decision_title == decision.title, am.AmendmentRun.work_id == work.id,
        am.AmendmentRun.outcome != am.NOT_WRITTEN)).first()
    if done is not None:
        report.outcome, report.version_id = "already-applied", done.version_id
        report.reason = f"applied on {done.created_at:%Y-%m-%d} ({done.outcome})"
        return report
    versions = store.versions_of(session, work.id)
    older = [v for v in versions if v.version_date < adopted]
    if not older:
        report.outcome, report.reason = am.NOT_WRITTEN, f"no version of {work.title} before {adopted} is stored"
        return report
    st = lifecycle.status_on(older, store.events_of(session, work.id), effective - timedelta(days=1))
    if st.status in (lifecycle.REPEALED, lifecycle.EXPIRED) and st.event is not None and st.event.date:
        report.outcome = am.NOT_WRITTEN
        report.reason = f"{work.title} is {st.status} since {st.event.date} ({st.event.by or st.event.text})"
        return report
    base = st.span.version if st.span else older[-1]
    report.base_version_id = base.id
    report.result = apply_operations(drafts_of(session, base.id), amendment.operations, renumber=amendment.renumber)
    official = next((v for v in versions if v.version_date == adopted and not v.derived_from), None)
    if official is not None:
        report.check = check_against_official(report.result.provisions, drafts_of(session, official.id))
        report.outcome, report.version_id = am.OFFICIAL_KEPT, official.id
    return report


def _write(session: Session, decision: AmendmentDecision, report: NormReport, work: m.Work, adopted: date,
           effective: date, decision_version_id: str, strict: bool) -> None:
    if report.outcome == "already-applied" or report.result is None:
        if report.outcome == am.NOT_WRITTEN:
            _record_run(session, decision, report, work, adopted, effective, decision_version_id)
        return
    if report.outcome == am.OFFICIAL_KEPT:
        official = session.get(m.Version, report.version_id)
        if official is not None:
            note = effective_dates.adopt(session, official, effective)
            if note:
                report.notes.append(note)
    elif report.failed and strict:
        report.outcome = am.NOT_WRITTEN
        report.reason = "operations failed or were unread: the amended text is not stored (see the states)"
    else:
        report.version_id = _write_version(session, decision, report, work, adopted, effective)
        report.outcome = am.WRITTEN
        if report.failed and report.amendment is not None and report.result is not None:
            report.to_check = touched_articles(report.result, report.amendment)
            flags.flag_articles(session, report.version_id, report.to_check)
            report.reason = (f"推算文本 stored with {len(report.to_check)} article(s) marked {flags.TO_CHECK}: "
                             "some instructions were unread or failed")
        audit.record(session, "amend", work_id=work.id, target=report.version_id,
                     before={"version": report.base_version_id},
                     after={**store.version_summary(session.get(m.Version, report.version_id)),
                            "decision": decision.title, "operations": len(report.result.states),
                            "failed": len(report.result.failed), "to_check": sorted(report.to_check)})
    _record_run(session, decision, report, work, adopted, effective, decision_version_id)


def _write_version(session: Session, decision: AmendmentDecision, report: NormReport, work: m.Work,
                   adopted: date, effective: date) -> str:
    base = session.get(m.Version, report.base_version_id)
    assert base is not None and report.result is not None
    version_id = f"{work.id}@{adopted.isoformat()}"
    session.add(m.Version(id=version_id, work_id=work.id, version_date=adopted, title=base.title,
                          organ=base.organ, level=base.level, promulgated=adopted, effective=effective,
                          effective_source="decision", preamble=base.preamble, derived_from=base.id))
    session.flush()
    store.write_provisions(session, version_id, report.result.provisions)
    for pid, source in report.result.sources.items():
        session.add(am.ArticleSource(version_id=version_id, pid=pid, source_pid=source))
    by = cite(decision.title)
    store.record_event(session, work.id, "修正", adopted, f"根据{by}修正（由本系统依决定条文生成）", by, version_id)
    if not any(e.kind == "施行" and e.date == effective for e in store.events_of(session, work.id)):
        store.record_event(session, work.id, "施行", effective, f"{by}施行", by, version_id)
    return version_id


def _record_run(session: Session, decision: AmendmentDecision, report: NormReport, work: m.Work, adopted: date,
                effective: date, decision_version_id: str) -> am.AmendmentRun:
    result, amendment = report.result, report.amendment
    run = am.AmendmentRun(
        decision_title=decision.title, decision_version_id=decision_version_id, work_id=work.id,
        norm=report.norm, base_version_id=report.base_version_id, version_id=report.version_id,
        version_date=adopted, effective=effective, outcome=report.outcome,
        renumber=bool(amendment and amendment.renumber), operations=len(result.states) if result else 0,
        failed=len(result.failed) if result else 0, unparsed=len(amendment.unparsed) if amendment else 0)
    session.add(run)
    session.flush()
    assert run.id is not None
    for seq, state in enumerate(report.states):
        session.add(am.OperationRecord(run_id=run.id, seq=seq, name=state.operation.name,
                                       source=state.operation.source, status=state.status, reason=state.reason,
                                       rules="\n".join(state.rules)))
    for k, u in enumerate(amendment.unparsed if amendment else []):
        session.add(am.OperationRecord(run_id=run.id, seq=len(report.states) + k, name="Unparsed", source=u.text,
                                       status="unparsed", reason=u.reason))
    notes = [("rule", r) for r in (result.rules if result else [])] + \
            [("warning", w) for w in (result.warnings if result else [])] + \
            [("metadata", n) for n in report.notes] + ([("reason", report.reason)] if report.reason else []) + \
            [("to-check", f"{pid}: {text}") for pid, notes in report.to_check.items() for text, _ in notes]
    for kind, text in notes:
        session.add(am.AmendmentNote(run_id=run.id, kind=kind, text=text))
    if report.check is not None:
        record_check(session, run, report.check, report.version_id)
    return run


def _decision_source(session: Session, decision_version_id: str) -> int | None:
    version = session.get(m.Version, decision_version_id) if decision_version_id else None
    return version.source_id if version else None


def _repeal_one(session: Session, decision: AmendmentDecision, rep: RepealNorm, work: m.Work | None,
                effective: date, source_id: int | None, dry_run: bool) -> RepealOutcome:
    if work is None:
        return RepealOutcome(rep.title, "", "missing", effective, cite(decision.title), "no such work in the store")
    provisions = _PARTIAL.match(rep.title.strip().strip("《》"))
    articles = re.findall(rf"第{NUM}条(?:之{CN_NUM})?",
                          provisions.group(2)) if provisions and "》" in rep.title else []
    return repeal(session, work, cite(decision.title), effective, articles=articles,
                  text=f"{cite(decision.title)}废止" + (f"（{rep.note}）" if rep.note else ""),
                  source_id=source_id, dry_run=dry_run)


def runs_of(session: Session, work_ref: str) -> dict[str, object]:
    """The kept reports of every decision applied to a work, oldest first."""
    work = store.get_work(session, work_ref)
    runs = session.exec(select(am.AmendmentRun).where(am.AmendmentRun.work_id == work.id)
                        .order_by(am.AmendmentRun.version_date, am.AmendmentRun.id)).all()
    out = []
    for run in runs:
        ops = session.exec(select(am.OperationRecord).where(am.OperationRecord.run_id == run.id)
                           .order_by(am.OperationRecord.seq)).all()
        notes = session.exec(select(am.AmendmentNote).where(am.AmendmentNote.run_id == run.id)).all()
        diffs = session.exec(select(am.OfficialDifference).where(am.OfficialDifference.run_id == run.id)).all()
        out.append({
            "decision": run.decision_title, "decision_version_id": run.decision_version_id or None,
            "version_date": run.version_date.isoformat(), "effective": _iso(run.effective), "outcome": run.outcome,
            "base_version_id": run.base_version_id, "version_id": run.version_id or None,
            "operations": run.operations, "failed": run.failed, "unparsed": run.unparsed,
            "identical": run.identical, "official_count": run.official_count,
            "operation_states": [{"seq": o.seq, "name": o.name, "status": o.status, "reason": o.reason,
                                  "source": o.source, "rules": o.rules.splitlines()} for o in ops],
            "notes": [{"kind": n.kind, "text": n.text} for n in notes],
            "differences": [{"pid": d.pid, "status": d.status, "official": d.official, "applied": d.applied,
                             "changes": json.loads(d.changes)} for d in diffs],
        })
    return {"work_id": work.id, "title": work.title, "runs": out}
