"""The official text of a version derived from a 修改决定 arrives: it supersedes the derived text.

Reads the derived version, its provisions and the runs that wrote it; writes the
official provisions, source and events, and records the comparison on each run.
`store_document` is how every caller stores a parsed document: the store's own
`add_document`, with supersession of derived versions plugged in.
"""

from __future__ import annotations

import json

from sqlmodel import Session, select

from registry import audit
from registry.amendments import records as am
from registry.amendments.official import OfficialCheck, check_against_official
from registry.core.errors import LexregError
from registry.norms import flags, repeals, store
from registry.norms import models as m
from registry.norms.drafts import DocumentDraft, ProvisionDraft


def store_document(session: Session, draft: DocumentDraft) -> store.AddResult:
    """Store one parsed document in the caller's transaction (see `store.add_document`);
    the official text of a derived version becomes the version of record, and the
    norms its repeal clauses name get their 废止 events."""
    result = store.add_document(session, draft, supersede=supersede_derived)
    if result.status == "ingested" and draft.repeals:
        # the norms its repeal clauses name are 废止 from the dates they give (registry.norms.repeals)
        version = session.get(m.Version, result.version_id)
        result.notes.extend(str(n) for n in repeals.record_clauses(session, version, draft.repeals))
    return result


def drafts_of(session: Session, version_id: str) -> list[ProvisionDraft]:
    """A stored version's provisions as the drafts the pure amend engine works on."""
    return [ProvisionDraft(p.pid, p.kind, p.num, p.label, p.text, p.parent, p.heading, p.line)
            for p in store.provisions_of(session, version_id)]


def record_check(session: Session, run: am.AmendmentRun, check: OfficialCheck, official_version_id: str) -> None:
    """Keep every difference between the applied result and the official text."""
    assert run.id is not None
    run.identical, run.official_count = check.identical, check.official_count
    session.add(run)
    for a in check.differences:
        session.add(am.OfficialDifference(run_id=run.id, official_version_id=official_version_id, pid=a.pid,
                                          status=a.status, official=a.official, applied=a.applied,
                                          changes=json.dumps([c.to_json() for c in a.changes], ensure_ascii=False)))
    for pid, official, applied in check.headings:
        session.add(am.OfficialDifference(run_id=run.id, official_version_id=official_version_id, pid=pid,
                                          status="heading", official=official, applied=applied))


def supersede_derived(session: Session, version: m.Version, draft: DocumentDraft) -> store.AddResult:
    """The official text of a version the store derived from a decision arrives: it becomes the version of record.

    Called through `store_document` when a draft's version date clashes with a
    derived version (`derived_from` set). The derived provisions are compared
    with the official ones first and the differences recorded on the run that
    wrote them; then the official provisions, source, metadata and events
    replace them. The decision's 施行日期 stays unless the official text states one.
    """
    if not version.derived_from:
        raise LexregError(f"{version.id} is not derived from a decision; versions are immutable")
    if draft.source is None:
        raise LexregError("a draft without its source cannot be stored")
    check = check_against_official(drafts_of(session, version.id), draft.provisions)
    session.execute(m.Provision.__table__.delete().where(m.Provision.version_id == version.id))
    session.execute(am.ArticleSource.__table__.delete().where(am.ArticleSource.version_id == version.id))
    cleared = flags.clear_flags(session, version.id)  # the official text needs no 待核对 marks
    src = store.add_source(session, draft.source)  # the store's own writer: same source row as any ingest
    session.add(m.VersionSource(version_id=version.id, source_id=src.id))
    derived_from = version.derived_from
    notes = [f"official text replaces the text derived from {version.derived_from}: "
             f"{check.identical}/{check.official_count} articles identical"
             + (f"; {cleared} 待核对 mark(s) cleared" if cleared else "")]
    for name in ("title", "edition", "doc_number", "organ", "level", "preamble", "addressees", "signing_date",
                 "sidecar_status"):
        if getattr(draft, name):
            setattr(version, name, getattr(draft, name))
    version.promulgated = draft.promulgated or version.promulgated
    if draft.effective and draft.effective_source in ("text", "body", "sidecar"):
        if draft.effective != version.effective:
            notes.append(f"施行日期 {version.effective} (decision) -> {draft.effective} (official text)")
        version.effective, version.effective_source = draft.effective, draft.effective_source
    version.source_id, version.derived_from = src.id, ""
    session.add(version)
    session.flush()
    store.write_provisions(session, version.id, draft.provisions)
    store.add_events(session, version.work_id, version.id, src.id, draft)
    audit.record(session, "supersede", work_id=version.work_id, target=version.id,
                 before={"derived_from": derived_from}, after=store.version_summary(version, draft.source),
                 note=notes[0])
    for d in draft.discrepancies:
        session.add(m.Discrepancy(version_id=version.id, field=d.field, text_value=d.text_value,
                                  sidecar_value=d.sidecar_value))
    for run in session.exec(select(am.AmendmentRun).where(am.AmendmentRun.version_id == version.id,
                                                          am.AmendmentRun.outcome == am.WRITTEN)).all():
        run.outcome = am.SUPERSEDED
        record_check(session, run, check, version.id)
        session.add(am.AmendmentNote(run_id=run.id, kind="metadata", text=notes[0]))
    return store.AddResult("ingested", version.work_id, version.id, notes=notes)
