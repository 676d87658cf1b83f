"""制定依据 as a curated link: derived from the text, confirmed or corrected by a person.

Reads the ``basis`` citation rows of a version (根据《X》……制定, found by the citation
pass) and the `BasisDecision` rows people made; writes `BasisDecision` rows (audited).
A derived basis is keyed by the title as written, so a decision survives any rebuild
of the citation rows; a corrected basis points at another work; a rejected one is not
a basis; an added one is a basis the text does not state in a form the extractor reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from registry import audit
from registry.citations.records import Citation
from registry.cleanup.records import (
    BASIS_ADDED,
    BASIS_CONFIRMED,
    BASIS_CORRECTED,
    BASIS_REJECTED,
    BASIS_STATES,
    BasisDecision,
)
from registry.core.errors import LexregError, NotFound
from registry.core.titles import title_key
from registry.norms import lifecycle, store
from registry.norms import models as m


@dataclass
class BasisLink:
    key: str  # the basis as written, normalised
    written: str  # 《X》 as the text names it ("" for one a person added)
    basis_work_id: str  # the work it is ("" when the store does not know it)
    pid: str = ""  # the provision that states it
    raw: str = ""
    state: str = "derived"  # derived | confirmed | corrected | added | rejected
    note: str = ""
    decided_by: str = ""
    decided_at: dt.datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "written": self.written, "basis_work_id": self.basis_work_id or None,
                "pid": self.pid, "raw": self.raw, "state": self.state, "note": self.note,
                "decided_by": self.decided_by or None,
                "decided_at": self.decided_at.isoformat() if self.decided_at else None}


def key_of(c: Citation) -> str:
    return title_key(c.target_title) if c.target_title else c.target_doc_number.strip()


def links_by_version(session: Session, versions: Iterable[m.Version],
                     include_rejected: bool = False) -> dict[str, list[BasisLink]]:
    """The 制定依据 of each version: derived links with people's decisions laid over them."""
    versions = list(versions)
    ids = [v.id for v in versions]
    derived: dict[str, dict[str, BasisLink]] = {vid: {} for vid in ids}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for c in session.exec(select(Citation).where(Citation.kind == "basis", col(Citation.version_id).in_(chunk))
                              .order_by(Citation.id)).all():
            key = key_of(c)
            if key and key not in derived[c.version_id]:
                written = f"《{c.target_title}》" if c.target_title else c.target_doc_number
                derived[c.version_id][key] = BasisLink(key, written, c.resolved_work_id, c.source_pid, c.raw)
    work_ids = {v.work_id for v in versions}
    decisions: dict[str, list[BasisDecision]] = {}
    for d in session.exec(select(BasisDecision)).all():
        if d.work_id in work_ids:
            decisions.setdefault(d.work_id, []).append(d)
    out: dict[str, list[BasisLink]] = {}
    for v in versions:
        links = derived[v.id]
        for d in decisions.get(v.work_id, []):
            link = links.get(d.basis_key)
            if link is None:
                if d.state != BASIS_ADDED:
                    continue  # a decision on a basis this version does not state
                link = links[d.basis_key] = BasisLink(d.basis_key, "", d.basis_work_id)
            link.state, link.note, link.decided_by, link.decided_at = d.state, d.note, d.decided_by, d.decided_at
            if d.state in (BASIS_CORRECTED, BASIS_ADDED, BASIS_CONFIRMED) and d.basis_work_id:
                link.basis_work_id = d.basis_work_id
        out[v.id] = [x for x in links.values() if include_rejected or x.state != BASIS_REJECTED]
    return out


def bases_of(session: Session, work_ref: str, day: dt.date | None = None) -> tuple[m.Work, m.Version, list[BasisLink]]:
    """The 制定依据 of the version of `work_ref` in force on `day` (today), rejected ones included."""
    work = store.get_work(session, work_ref)
    versions = store.versions_of(session, work.id)
    version, _ = lifecycle.version_in_force(versions, store.events_of(session, work.id), day or dt.date.today())
    if version is None:
        raise NotFound(f"《{work.title}》没有版本")
    return work, version, links_by_version(session, [version], include_rejected=True)[version.id]


def decide(session: Session, work_ref: str, basis: str, state: str, *, basis_work: str = "",
           note: str = "") -> BasisLink:
    """Confirm, correct (to `basis_work`), reject, or add (`basis_work`) one 制定依据 of a work.

    `basis` names the derived basis (its title as written, with or without 《》, or its key);
    for `added` it may be empty (the key is the added work's id)."""
    if state not in BASIS_STATES:
        raise LexregError(f"制定依据的处理只能是 {', '.join(BASIS_STATES)}（收到 {state!r}）")
    work, version, links = bases_of(session, work_ref)
    target_id = store.get_work(session, basis_work).id if basis_work else ""
    if state in (BASIS_CORRECTED, BASIS_ADDED) and not target_id:
        raise LexregError(f"{state} 需要指明依据的规范（basis_work）")
    if state == BASIS_ADDED:
        key = basis.strip() and title_key(basis.strip("《》")) or target_id
    else:
        wanted = title_key(basis.strip().strip("《》"))
        match = next((x for x in links if x.key in (basis.strip(), wanted)), None)
        if match is None:
            stated = "、".join(x.written for x in links if x.written) or "无"
            raise NotFound(f"《{work.title}》（{version.id}）没有写明以{basis!r}为制定依据；文本所述依据：{stated}")
        key = match.key
    row = session.exec(select(BasisDecision).where(BasisDecision.work_id == work.id,
                                                   BasisDecision.basis_key == key)).first()
    before = None if row is None else {"state": row.state, "basis_work_id": row.basis_work_id, "note": row.note}
    if row is None:
        row = BasisDecision(work_id=work.id, basis_key=key, state=state)
    row.state, row.basis_work_id, row.note = state, target_id, note
    row.decided_by, row.decided_at = audit.current_actor(), dt.datetime.now(dt.timezone.utc)
    session.add(row)
    audit.record(session, "basis_decision", work_id=work.id, target=f"basis:{key}", before=before,
                 after={"state": state, "basis_work_id": target_id, "note": note})
    session.flush()
    return next(x for x in bases_of(session, work.id)[2] if x.key == key)
