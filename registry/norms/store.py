"""The store: the one module that reads and writes works, versions and provisions.

`add_document` writes one parsed document in the caller's transaction: a new
work or a new version of a known work (recognised by normalised title and organ),
its source, provisions and events. An identical text (same sha256) is a no-op;
a sidecar that corrects the metadata of an identical text updates it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from sqlalchemy import func
from sqlmodel import Session, col, select

from registry import audit
from registry.core.errors import LexregError
from registry.core.ids import LEVEL_CODES, WorkId
from registry.core.levels import organ_family
from registry.core.titles import title_key
from registry.norms import identity, repeals
from registry.norms import models as m
from registry.norms.drafts import DocumentDraft
from registry.norms.lookup import article_units, find_work



@dataclass
class AddResult:
    status: str  # ingested | unchanged | updated
    work_id: str
    version_id: str
    new_work: bool = False
    discrepancies: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- writing

def add_document(session: Session, draft: DocumentDraft,
                 supersede: Callable[[Session, m.Version, DocumentDraft], AddResult] | None = None) -> AddResult:
    """Store one parsed document. A text whose version date clashes with a version the
    store derived from a 修改决定 is handed to `supersede` (the amendments layer's
    `supersede_derived`, passed in by `registry.amendments.supersede.store_document`,
    since the store knows nothing of decisions); without it such a clash is refused."""
    source = draft.source
    if source is None:
        raise LexregError("a draft without its source cannot be stored")
    existing_source = session.exec(select(m.SourceDocument).where(m.SourceDocument.sha256 == source.sha256)).first()
    if existing_source is not None:
        version = session.exec(select(m.Version).join(m.VersionSource, m.VersionSource.version_id == m.Version.id)
                               .where(m.VersionSource.source_id == existing_source.id)).first()
        if version is None:
            raise LexregError(f"source {source.sha256[:12]} is stored without a version: the store is inconsistent")
        changed = _refresh_metadata(session, version, draft)
        return AddResult("updated" if changed else "unchanged", version.work_id, version.id, notes=changed)

    work, new_work = _work_for(session, draft)
    version_id = f"{work.id}@{draft.version_date.isoformat()}"
    clash = session.get(m.Version, version_id)
    if clash is not None and _is_new_part(session, clash, draft):
        src = add_source(session, source)
        _insert_part(session, clash, draft.provisions)
        session.add(m.VersionSource(version_id=clash.id, source_id=src.id))
        audit.record(session, "ingest", work_id=work.id, target=version_id,
                     after={"part": draft.provisions[0].label, "source": source.path, "sha256": source.sha256})
        return AddResult("ingested", work.id, version_id, notes=[f"added a part ({draft.provisions[0].label})"])
    if clash is not None and not clash.derived_from:
        like = identity.same_text_source(session, clash, source.text)
        if like is not None:  # the same words in another file (.txt then .docx): not a new text
            note = identity.attach_same_text(session, clash, add_source(session, source), like)
            return AddResult("unchanged", work.id, clash.id, notes=[note, *_refresh_metadata(session, clash, draft)])
    if clash is not None and clash.derived_from and supersede is not None:
        # the official text of a version computed from a 修改决定 becomes the version of record
        return supersede(session, clash, draft)
    if clash is not None:
        raise LexregError(f"{work.title} already has a different text for the version of "
                          f"{draft.version_date.isoformat()} (stored from {_source_name(session, clash)}); "
                          "versions are immutable: give this text another date in a --manifest if it is another version")
    src = add_source(session, source)
    version = m.Version(
        id=version_id, work_id=work.id, version_date=draft.version_date, title=draft.title, edition=draft.edition,
        doc_number=draft.doc_number, organ=draft.organ, level=draft.level, promulgated=draft.promulgated,
        effective=draft.effective, effective_source=draft.effective_source, sidecar_status=draft.sidecar_status,
        addressees=draft.addressees, signing_date=draft.signing_date, preamble=draft.preamble, source_id=src.id,
    )
    session.add(version)
    session.flush()
    session.add(m.VersionSource(version_id=version_id, source_id=src.id))
    write_provisions(session, version_id, draft.provisions)
    add_events(session, work.id, version_id, src.id, draft)
    for d in draft.discrepancies:
        session.add(m.Discrepancy(version_id=version_id, field=d.field, text_value=d.text_value,
                                  sidecar_value=d.sidecar_value))
    audit.record(session, "ingest", work_id=work.id, target=version_id, after=version_summary(version, source))
    return AddResult("ingested", work.id, version_id, new_work=new_work,
                     discrepancies=[f"{d.field}: text says {d.text_value!r}, manifest says {d.sidecar_value!r}"
                                    for d in draft.discrepancies])


def version_summary(version: m.Version, source=None) -> dict[str, object]:
    """What an audit entry keeps of a version: its identity, dates and metadata (not its text)."""
    out = {name: getattr(version, name) for name in ("id", "title", "version_date", "doc_number", "organ", "level",
                                                     "promulgated", "effective", "effective_source", "derived_from")}
    if source is not None:
        out.update(source=source.path, sha256=source.sha256)
    return out


def write_provisions(session: Session, version_id: str, provisions, start: int = 0) -> None:
    rows = [dict(version_id=version_id, pid=p.pid, kind=p.kind, num=p.num, label=p.label, parent=p.parent,
                 heading=p.heading, text=p.text, ord=start + i, line=p.line) for i, p in enumerate(provisions)]
    if rows:
        # Core executemany, not the ORM bulk path: provisions are plain rows and
        # the ORM's per-row bookkeeping doubled the store's share of ingest time.
        session.connection().execute(m.Provision.__table__.insert(), rows)


def add_source(session: Session, source) -> m.SourceDocument:
    src = m.SourceDocument(sha256=source.sha256, path=source.path, file_name=source.path.rsplit("/", 1)[-1],
                           format=source.format, encoding=source.encoding, size=source.size, text=source.text)
    session.add(src)
    session.flush()
    return src


def _first_article(provisions) -> int:
    nums = [int(p.num.split("-")[0]) for p in provisions if p.kind == "article"]
    return min(nums) if nums else 0


def _is_new_part(session: Session, version: m.Version, draft: DocumentDraft) -> bool:
    """A file holding another part of a stored version: it opens with a part node
    and shares no provision id with what is stored."""
    if not draft.provisions or not draft.provisions[0].pid.startswith("part_"):
        return False
    stored = set(session.exec(select(m.Provision.pid).where(m.Provision.version_id == version.id)).all())
    return not stored & {p.pid for p in draft.provisions}


def _insert_part(session: Session, version: m.Version, provisions) -> None:
    """Insert a part where its article numbers belong, shifting the parts after it."""
    new_first = _first_article(provisions)
    tops = session.exec(select(m.Provision.pid, m.Provision.ord).where(
        m.Provision.version_id == version.id, m.Provision.parent == "").order_by(m.Provision.ord)).all()
    at = None
    for pid, ord_ in tops:
        if pid.startswith("part_") and int(pid.split("_")[1]) > new_first:
            at = ord_
            break
    if at is None:
        last = session.exec(select(func.max(m.Provision.ord)).where(m.Provision.version_id == version.id)).one()
        write_provisions(session, version.id, provisions, start=(last or 0) + 1)
        return
    session.execute(m.Provision.__table__.update()
                    .where(m.Provision.version_id == version.id, m.Provision.ord >= at)
                    .values(ord=m.Provision.ord + len(provisions)))
    write_provisions(session, version.id, provisions, start=at)


def _source_name(session: Session, version: m.Version) -> str:
    src = session.get(m.SourceDocument, version.source_id) if version.source_id else None
    return src.path if src else "an applied decision"


def _work_for(session: Session, draft: DocumentDraft) -> tuple[m.Work, bool]:
    key = title_key(draft.title)
    candidates = session.exec(select(m.Work).where(m.Work.title_key == key)).all()
    # a norm a repeal clause named before its text arrived (registry.norms.repeals)
    placeholders = [w for w in session.exec(select(m.Work).where(col(m.Work.title_key).in_(
        repeals.title_keys(draft.title)))).all() if repeals.is_title_only(session, w)]
    family = organ_family(draft.organ)
    for work in candidates:
        if work in placeholders:
            continue
        if (not family or not work.organ or organ_family(work.organ) == family) and _continues(session, work, draft):
            return work, False
    code = LEVEL_CODES.get(draft.level, "norm")
    year = (draft.enacted or draft.version_date).year
    base = WorkId(code, year, re.sub(r"[\s/]", "", draft.short_title or draft.title))
    work_id, n = str(base), 1
    while session.get(m.Work, work_id) is not None and work_id not in {p.id for p in placeholders}:
        n += 1
        work_id = f"{base}-{n}"
    work = session.get(m.Work, work_id) or m.Work(id=work_id)
    work.title, work.short_title, work.title_key = draft.title, draft.short_title or draft.title, key
    work.level, work.organ, work.doc_number, work.enacted = (
        draft.level, draft.organ, draft.enacting_doc_number or draft.doc_number, draft.enacted)
    session.add(work)
    session.flush()
    for p in placeholders:
        if p.id != work.id:
            repeals.adopt_title_only(session, p, work)
    return work, True


def _continues(session: Session, work: m.Work, draft: DocumentDraft) -> bool:
    """Is the draft a version of this work, not another act under the same title?

    The five 宪法修正案 share one title but number their articles on from each
    other (1988: 第一、二条; 1993: 第三至十一条): versions of one norm share
    article numbers, successive acts under one title do not. A part of a split
    norm (same version date) is decided later, by `_is_new_part`.
    """
    new = {p.pid for p in draft.provisions if p.kind == "article"}
    if not new:
        return True
    latest = session.exec(select(m.Version).where(m.Version.work_id == work.id)
                          .order_by(m.Version.version_date.desc())).first()
    if latest is None or latest.version_date == draft.version_date:
        return True
    old = set(session.exec(select(m.Provision.pid).where(m.Provision.version_id == latest.id,
                                                         m.Provision.kind == "article")).all())
    return not old or bool(old & new)


def add_events(session: Session, work_id: str, version_id: str, source_id: int, draft: DocumentDraft) -> None:
    """One event per (kind, date) per work: every version's 题注 repeats the chain."""
    known = {(e.kind, e.date) for e in session.exec(select(m.Event).where(m.Event.work_id == work_id)).all()}
    for e in draft.events:
        if (e.kind, e.date) in known:
            continue
        known.add((e.kind, e.date))
        concerns = version_id if e.date == draft.version_date or (e.kind == "施行" and e.date == draft.effective) else None
        session.add(m.Event(work_id=work_id, version_id=concerns, kind=e.kind, date=e.date, text=e.text, by=e.by,
                            source_id=source_id, line=e.line))
    if draft.sidecar_status in ("已废止", "已失效", "失效") and not any(k in ("废止", "失效") for k, _ in known):
        kind = "废止" if draft.sidecar_status == "已废止" else "失效"
        session.add(m.Event(work_id=work_id, version_id=version_id, kind=kind, date=None,
                            text=f"元数据标注为{draft.sidecar_status}，日期不详", by="", source_id=source_id))


def _refresh_metadata(session: Session, version: m.Version, draft: DocumentDraft) -> list[str]:
    """Bulk metadata fixes: a sidecar row for an already-stored text updates its dates and level."""
    if not draft.discrepancies and draft.effective_source != "sidecar" and draft.level_source != "sidecar":
        return []
    changes = []
    before, after = {}, {}
    for name in ("effective", "promulgated", "level", "organ"):
        new, old = getattr(draft, name), getattr(version, name)
        if new and new != old and (name != "effective" or draft.effective_source == "sidecar"):
            changes.append(f"{name}: {old} -> {new}")
            before[name], after[name] = old, new
            setattr(version, name, new)
            if name == "effective":
                version.effective_source = "sidecar"
                move_start_event(session, version, old, new)
    if changes:
        session.add(version)
        audit.record(session, "metadata", work_id=version.work_id, target=version.id, before=before, after=after,
                     note="sidecar")
    return changes


def move_start_event(session: Session, version: m.Version, old: date | None, new: date) -> None:
    ev = session.exec(select(m.Event).where(m.Event.work_id == version.work_id, m.Event.kind == "施行",
                                            m.Event.date == old)).first()
    if ev is not None:
        ev.date, ev.text = new, f"{ev.text}（元数据更正）"
        session.add(ev)


# --------------------------------------------------------------------------- reading

def get_work(session: Session, ref: str) -> m.Work:
    """A work by id, full title, short title or normalised title (`reading.find_work`)."""
    return find_work(ref, lambda work_id: session.get(m.Work, work_id),
                     lambda field, value: list(session.exec(select(m.Work).where(getattr(m.Work, field) == value)).all()))


def versions_of(session: Session, work_id: str) -> list[m.Version]:
    return list(session.exec(select(m.Version).where(m.Version.work_id == work_id)
                             .order_by(m.Version.version_date)).all())


def events_of(session: Session, work_id: str) -> list[m.Event]:
    return list(session.exec(select(m.Event).where(m.Event.work_id == work_id)
                             .order_by(m.Event.date, m.Event.id)).all())


def provisions_of(session: Session, version_id: str, kinds: tuple[str, ...] | None = None) -> list[m.Provision]:
    q = select(m.Provision).where(m.Provision.version_id == version_id)
    if kinds:
        q = q.where(col(m.Provision.kind).in_(kinds))
    return list(session.exec(q.order_by(m.Provision.ord)).all())


def units_of(session: Session, version_id: str) -> list[m.Provision]:
    """The article-level units of a version: 条, or 一、 sections, or top-level paragraphs."""
    return article_units(provisions_of(session, version_id))


def discrepancies_of(session: Session, version_id: str) -> list[m.Discrepancy]:
    return list(session.exec(select(m.Discrepancy).where(m.Discrepancy.version_id == version_id)).all())


def source_of(session: Session, version: m.Version) -> m.SourceDocument | None:
    return session.get(m.SourceDocument, version.source_id) if version.source_id else None


def all_works(session: Session, level: str | None = None) -> list[m.Work]:
    q = select(m.Work)
    if level:
        q = q.where(m.Work.level == level)
    return list(session.exec(q.order_by(m.Work.level, m.Work.title)).all())


def all_versions_by_work(session: Session) -> dict[str, list[m.Version]]:
    out: dict[str, list[m.Version]] = {}
    for v in session.exec(select(m.Version).order_by(m.Version.version_date)).all():
        out.setdefault(v.work_id, []).append(v)
    return out


def all_events_by_work(session: Session) -> dict[str, list[m.Event]]:
    out: dict[str, list[m.Event]] = {}
    for e in session.exec(select(m.Event).order_by(m.Event.date, m.Event.id)).all():
        out.setdefault(e.work_id, []).append(e)
    return out


def counts(session: Session) -> dict[str, int]:
    return {name: session.exec(select(func.count()).select_from(table)).one()
            for name, table in (("works", m.Work), ("versions", m.Version), ("provisions", m.Provision),
                                ("events", m.Event), ("sources", m.SourceDocument))}


def record_event(session: Session, work_id: str, kind: str, day: date | None, text: str, by: str = "",
                 version_id: str | None = None, source_id: int | None = None) -> m.Event:
    """A lifecycle event stated by a user or a decision (废止, 失效, 部分失效)."""
    ev = m.Event(work_id=work_id, version_id=version_id, kind=kind, date=day, text=text, by=by,
                 source_id=source_id)
    session.add(ev)
    session.flush()
    return ev
