"""依据: every norm and article the draft cites, resolved with the store's resolver on the as-of
date: repealed or expired norms (named with what replaced them), norms not yet in force, articles
beyond the cited norm's last, articles renumbered by an amendment (with the current number), and
citations of an edition the store has superseded or of articles a pending version changes.

Reads works, versions, events and provisions; writes nothing (the citations are transient rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from registry.citations.drafts import CitationDraft
from registry.citations.records import PARTIAL, RESOLVED, UNRESOLVED, Citation
from registry.citations.resolve import Resolver
from registry.comparison.versions import CHANGED, DELETED, MOVED, ChangeCache
from registry.core.ids import pid_label
from registry.legality.findings import ReviewFinding
from registry.norms import lifecycle
from registry.norms import models as m

EXTERNAL = ("cites", "basis", "docnum")
_EDITION = re.compile(r"^》?[（(]((?:19|20)\d{2})年?(?:修正|修订|修改)?[)）]")


@dataclass(frozen=True)
class _Citing:
    """The draft as the resolver sees a citing version: resolved on the as-of date."""

    version_date: date
    title: str
    work_id: str = "draft"
    id: str = "draft"


def _row(d: CitationDraft) -> Citation:
    return Citation(version_id="draft", work_id="draft", source_pid=d.source_pid, start=d.start, end=d.end,
                    raw=d.raw, kind=d.kind, target_title=d.target_title, target_doc_number=d.target_doc_number,
                    target_pid=d.target_pid, target_end_pid=d.target_end_pid)


def check(session: Session, title: str, citations: list[CitationDraft], on: date,
          texts: dict[str, str]) -> list[ReviewFinding]:
    """Findings for the draft's citations of other norms; `texts` maps the draft's pids to their text."""
    resolver = Resolver(session)
    changes = ChangeCache(session)
    citing = _Citing(on, title)
    out: list[ReviewFinding] = []
    seen: set[tuple[str, str, str]] = set()
    for d in citations:
        if d.kind not in EXTERNAL:
            continue
        c = _row(d)
        r = resolver.resolve(c, citing)  # type: ignore[arg-type]  (duck-typed citing version)
        key = (r.work_id or d.target_title, d.target_pid, d.source_pid)
        if key in seen:
            continue
        seen.add(key)
        if r.state == UNRESOLVED:
            if r.reason == "not_in_store" and d.target_title:
                out.append(ReviewFinding("cites_unknown", f"所引《{d.target_title}》库中未收录，无法核对其效力，请人工核对。",
                                         d.source_pid, {"raw": d.raw}))
            continue
        out += _one(session, resolver, changes, d, r, on, texts.get(d.source_pid, ""))
    return out


def _one(session: Session, resolver: Resolver, changes: ChangeCache, d: CitationDraft, r, on: date,
         text: str) -> list[ReviewFinding]:
    work = resolver.works[r.work_id]
    versions, events = resolver.versions.get(work.id, []), resolver.events.get(work.id, [])
    st = lifecycle.status_on(versions, events, on)
    where = pid_label(d.source_pid) if d.source_pid else "序言"
    cited = f"《{work.title}》" + (pid_label(d.target_pid) if d.target_pid else "")
    ev = {"raw": d.raw, "work_id": work.id, "status": st.status, "as_of": on.isoformat()}
    if st.status in (lifecycle.REPEALED, lifecycle.EXPIRED):
        e = st.event
        by = (e.by if e else "") or ""
        ev |= {"event": e.kind if e else "", "date": e.date.isoformat() if e and e.date else "", "by": by}
        verb = st.status.removeprefix("已")
        successor = re.sub(r"第[一二三四五六七八九十百千零〇\d]+条.*$", "", by)
        return [ReviewFinding("cites_repealed", f"{where}引用的{cited}已于{ev['date']}{verb}" +
                              (f"（{by}）。" if by else "。"), d.source_pid, ev,
                              suggestion=f"改为引用{successor}的相应条文" if successor else "删除或改引现行规范")]
    if st.status in (lifecycle.PENDING, lifecycle.NOT_YET_PUBLISHED):
        return [ReviewFinding("cites_not_in_force", f"{where}引用的{cited}在{on.isoformat()}尚未施行。", d.source_pid, ev)]
    current = st.span.version if st.span else None
    if current is None:
        return []
    out: list[ReviewFinding] = []
    mm = _EDITION.match(text[d.end:d.end + 12]) if text else None
    if mm and current.version_date.year > int(mm.group(1)):
        out.append(ReviewFinding("cites_amended", f"{where}引用{mm.group(1)}年版本的《{work.title}》，该规范已于"
                                 f"{current.version_date.isoformat()}修改，现行文本为{current.version_date.year}年版本。",
                                 d.source_pid, ev | {"cited_edition": mm.group(1), "current": current.id},
                                 suggestion=f"《{work.title}》（现行文本）"))
    if not d.target_pid or not d.target_pid.startswith("art_"):
        return out
    article = d.target_pid.split("__")[0]
    if r.state == PARTIAL and r.reason in ("no_such_article", ""):
        out.append(_missing(changes, work, versions, current, d, article, where, ev))
    elif r.state == RESOLVED and st.pending is not None:
        change = changes.changes(current.id, st.pending.version.id).get(article)
        if change is not None and change.status in (CHANGED, MOVED, DELETED):
            new = pid_label(change.new_pid) if change.new_pid else "（删除）"
            out.append(ReviewFinding("cites_amended", f"{where}引用的{cited}将被{st.pending.version.version_date.isoformat()}"
                                     f"施行的新文本修改（新文本为{new}）。", d.source_pid,
                                     ev | {"pending": st.pending.version.id, "change": change.status}))
    return out


def _missing(changes: ChangeCache, work: m.Work, versions: list[m.Version], current: m.Version,
             d: CitationDraft, article: str, where: str, ev: dict) -> ReviewFinding:
    """An article the version in force lacks: renumbered by an amendment, deleted, or never there."""
    older = sorted((v for v in versions if v.version_date < current.version_date), key=lambda v: v.version_date,
                   reverse=True)
    for old in older:
        change = changes.changes(old.id, current.id).get(article)
        if change is None:
            continue
        if change.status == MOVED or (change.status == CHANGED and change.new_pid != article):
            now = f"《{work.title}》{pid_label(change.new_pid)}"
            return ReviewFinding("cites_moved_article",
                                 f"{where}引用的《{work.title}》{pid_label(article)}是{old.version_date.year}年文本的条号；"
                                 f"现行文本（{current.version_date.isoformat()}）中该条为{pid_label(change.new_pid)}。",
                                 d.source_pid, ev | {"old_version": old.id, "current": current.id,
                                                     "new_pid": change.new_pid}, suggestion=now)
        if change.status == DELETED:
            return ReviewFinding("cites_missing_article",
                                 f"{where}引用的《{work.title}》{pid_label(article)}已在{current.version_date.isoformat()}"
                                 "施行的文本中删除。", d.source_pid, ev | {"old_version": old.id, "current": current.id})
    last = max((int(p.split("_")[1].split("-")[0]) for p in changes.texts(current.id) if re.fullmatch(r"art_\d+(-\d+)?", p)),
               default=0)
    return ReviewFinding("cites_missing_article",
                         f"{where}引用的《{work.title}》{pid_label(article)}不存在：现行文本（{current.version_date.isoformat()}）"
                         f"共{last}条。", d.source_pid, ev | {"current": current.id, "last_article": last})
