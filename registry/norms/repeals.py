"""Repeal clauses become lifecycle events of the norms they name (issues 10 and 14).

Reads the `RepealedNorm`s ingest found in a newly stored version (民法典 第一千二百六十条:
nine laws 同时废止 from 2021-01-01; 法释〔2022〕9号 第二十九条; 煤矿安全生产条例
第七十六条) and writes, for each, a 废止 event (部分失效 when the clause names
articles) on the named work, dated as the clause says, with the repealing
version's source and the clause's words as evidence, and one audit entry.

A named norm the store does not hold becomes a work known only by its title
(no version; 已废止 from that date), so citations of it resolve to "repealed".
When its text arrives later, `adopt_title_only` moves the events onto the real
work: the outcome is the same in either ingest order. A clause naming the
repealing norm's own title (a 规范 replacing its 2005 text) repeals an earlier
version of the same work, not the work: no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlmodel import Session, col, select

from registry import audit
from registry.core.ids import LEVEL_CODES, WorkId, normalise_doc_number
from registry.core.levels import infer_level
from registry.core.titles import title_key
from registry.norms import lifecycle
from registry.norms import models as m
from registry.norms.lifecycle_facts import RepealedNorm

PRC = "中华人民共和国"
TITLE_ONLY = "title-only"  # Work.organ stays empty and the work has no version
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕"})


@dataclass
class RepealNote:
    """What one clause did: recorded on a stored work, on a title-only work, or why not."""

    title: str
    work_id: str
    outcome: str  # recorded | recorded-title-only | already | skipped
    reason: str = ""

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return f"repeal of 《{self.title}》: {self.outcome}{why}"


def _doc_key(number: str) -> str:
    return re.sub(r"〕第(\d+)号", r"〕\1号", normalise_doc_number(number).translate(_BRACKETS).removeprefix(PRC))


def title_keys(title: str) -> set[str]:
    """The keys a title may be stored under: with and without 中华人民共和国."""
    bare = title.removeprefix(PRC)
    return {title_key(title), title_key(bare), title_key(PRC + bare)}


def find_named(session: Session, r: RepealedNorm) -> tuple[list[m.Work], str]:
    """The stored works a repeal clause names, by title (any spelling) or else by 文号."""
    if r.title:
        works = session.exec(select(m.Work).where(col(m.Work.title_key).in_(title_keys(r.title)))).all()
        if works:
            return list(works), "title"
    if r.doc_number:
        key = _doc_key(r.doc_number)
        ids = {w.id for w in session.exec(select(m.Work).where(m.Work.doc_number != "")).all()
               if _doc_key(w.doc_number) == key}
        ids |= {v.work_id for v in session.exec(select(m.Version).where(m.Version.doc_number != "")).all()
                if _doc_key(v.doc_number) == key}
        if ids:
            return [session.get(m.Work, i) for i in sorted(ids)], "doc_number"
    return [], ""


def record_clauses(session: Session, version: m.Version, repeals: list[RepealedNorm]) -> list[RepealNote]:
    """Record every repeal the stored `version` states, in the caller's transaction."""
    notes: list[RepealNote] = []
    for r in repeals:
        notes.append(_record_one(session, version, r))
    return notes


def _record_one(session: Session, version: m.Version, r: RepealedNorm) -> RepealNote:
    day = r.effective or version.effective or version.version_date
    name = r.title or r.doc_number
    works, via = find_named(session, r)
    if any(w.id == version.work_id for w in works):
        return RepealNote(name, version.work_id, "skipped", "the repealing norm's own title: an earlier version")
    # where a title names several works, the one promulgated by the repeal date is meant
    works = [w for w in works if _first_day(session, w.id) is None or _first_day(session, w.id) <= day]
    if len(works) > 1:
        return RepealNote(name, "", "skipped", "ambiguous: " + "; ".join(w.id for w in works))
    title_only = False
    if works:
        work = works[0]
    elif r.title:
        work, title_only = _title_only_work(session, r, day, version.organ), True
    else:
        return RepealNote(name, "", "skipped", "named by 文号 only and not in the store")
    kind = "部分失效" if r.articles else "废止"
    label = _label(session, version, r.pid)
    by = f"《{version.title}》{label}"
    events = session.exec(select(m.Event).where(m.Event.work_id == work.id)).all()
    if any(e.kind == kind and e.date == day and e.by == by for e in events):
        return RepealNote(name, work.id, "already")
    before = lifecycle.status_on(_versions(session, work.id), list(events), day)
    text = r.clause + (f"（{'、'.join(r.articles)}）" if r.articles else "")
    ev = m.Event(work_id=work.id, version_id=before.span.version.id if before.span else None, kind=kind, date=day,
                 text=text, by=by, source_id=version.source_id)
    session.add(ev)
    session.flush()
    audit.record(session, "repeal_by_clause", work_id=work.id, target=f"event:{ev.id}",
                 before={"status": before.status},
                 after={"kind": kind, "date": day.isoformat(), "articles": list(r.articles),
                        "repealed_by": version.id, "pid": r.pid, "clause": r.clause,
                        "date_basis": r.effective_basis, "matched_by": via or "title-only work"})
    return RepealNote(name, work.id, "recorded-title-only" if title_only else "recorded")


def _title_only_work(session: Session, r: RepealedNorm, day: date, organ: str) -> m.Work:
    """A work known only by its title (and 文号): what a repeal clause tells of a norm not in the store.
    Its level is inferred as if the repealing organ had made it (国务院 repeals its own 条例)."""
    level = infer_level(r.title, organ, r.doc_number)
    year = re.search(r"[〔\[［(（](\d{4})[〕\]］)）]", r.doc_number)
    base = WorkId(LEVEL_CODES.get(level, "norm"), int(year.group(1)) if year else day.year,
                  re.sub(r"[\s/]", "", r.title.removeprefix(PRC)))
    work_id, n = str(base), 1
    while session.get(m.Work, work_id) is not None:
        n += 1
        work_id = f"{base}-{n}"
    work = m.Work(id=work_id, title=r.title, short_title=r.title.removeprefix(PRC) or r.title,
                  title_key=title_key(r.title), level=level, organ="", doc_number=r.doc_number, enacted=None)
    session.add(work)
    session.flush()
    audit.record(session, "work_create_title_only", work_id=work_id, target=work_id,
                 after={"title": r.title, "doc_number": r.doc_number, "level": level, "named_in": r.clause})
    return work


def is_title_only(session: Session, work: m.Work) -> bool:
    return not work.organ and session.exec(select(m.Version.id).where(m.Version.work_id == work.id)).first() is None


def adopt_title_only(session: Session, placeholder: m.Work, work: m.Work) -> None:
    """The text of a norm known only by title arrives: its events move to the real work."""
    session.execute(update(m.Event).where(m.Event.work_id == placeholder.id).values(work_id=work.id)
                    .execution_options(synchronize_session=False))
    audit.record(session, "work_merge_title_only", work_id=work.id, target=placeholder.id,
                 before={"work_id": placeholder.id, "title": placeholder.title}, after={"work_id": work.id})
    session.delete(placeholder)
    session.flush()


def _versions(session: Session, work_id: str) -> list[m.Version]:
    return list(session.exec(select(m.Version).where(m.Version.work_id == work_id)).all())


def _first_day(session: Session, work_id: str) -> date | None:
    days = [v.promulgated or v.version_date for v in _versions(session, work_id)]
    return min(days) if days else None


def _label(session: Session, version: m.Version, pid: str) -> str:
    if not pid:
        return ""
    art = pid.split("__")[0]
    row = session.exec(select(m.Provision.label).where(m.Provision.version_id == version.id,
                                                      m.Provision.pid == art)).first()
    return row or ""
