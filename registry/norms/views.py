"""Views: the JSON shapes that CLI, API and web pages show (one definition for all).

Field names here are an interface users' scripts rely on (`show --json`:
work_id, title, level, organ, doc_number, status, version_date, valid_from,
valid_to, articles[{id, label, text}]); add fields freely, rename none.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from registry.core.errors import NotFound
from registry.core.ids import article_pid, parse_article_ref
from registry.core.wording import book_title, nested_marks
from registry.norms import lifecycle
from registry.norms.lookup import WHOLE_NORM
from registry.norms.reading import Reading, reading

if TYPE_CHECKING:
    from sqlmodel import Session

    from registry.norms import models as m



def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def work_summary(work: "m.Work", versions: "list[m.Version]", events: "list[m.Event]", day: date) -> dict[str, Any]:
    st = lifecycle.status_on(versions, events, day)
    current = st.span.version if st.span else (versions[-1] if versions else None)
    return {
        "work_id": work.id, "title": work.title, "short_title": work.short_title, "level": work.level,
        "organ": work.organ, "doc_number": (current.doc_number if current else "") or work.doc_number,
        "status": st.status, "status_date": day.isoformat(), "versions": len(versions),
        "version_date": _iso(current.version_date) if current else None,
    }


def list_works(session: "Session | Reading", day: date, level: str | None = None,
               status: str | None = None) -> list[dict]:
    r = reading(session)
    versions = r.all_versions_by_work()
    events = r.all_events_by_work()
    out = []
    for work in r.all_works(level):
        row = work_summary(work, versions.get(work.id, []), events.get(work.id, []), day)
        if status and row["status"] != status:
            continue
        out.append(row)
    return out


def show(session: "Session | Reading", ref: str, day: date, article: str | None = None,
         version_date: date | None = None) -> dict[str, Any]:
    """The text of a work on `day` (or one article, or a named version), read through a session
    or any other `Reading` (`registry.norms.rows` for a one-shot command)."""
    r = reading(session)
    work = r.get_work(ref)
    versions = r.versions_of(work.id)
    events = r.events_of(work.id)
    if not versions:
        raise NotFound(f"{work.title} has no version stored")
    if version_date is not None:
        try:
            span, all_spans = lifecycle.span_for(versions, version_date)
        except KeyError:
            raise NotFound(f"{work.title} has no version of {version_date.isoformat()}; versions: "
                           + ", ".join(v.version_date.isoformat() for v in versions)) from None
        status = lifecycle.version_status(span, all_spans, events, day)
        pending, repealed = None, set()
        if status == lifecycle.PARTIAL:
            repealed = set(lifecycle.partial_articles(lifecycle.status_on(versions, events, day).event))
    else:
        st = lifecycle.status_on(versions, events, day)
        if st.span is None:
            raise NotFound(unstored_version_message(work.title, events, versions[0], day))
        span, status, pending = st.span, st.status, st.pending
        repealed = set(lifecycle.partial_articles(st.event)) if status == lifecycle.PARTIAL else set()
    version = span.version
    units = r.units_of(version.id)
    if article is not None:
        try:
            num, sub = parse_article_ref(article)
        except ValueError as exc:
            raise NotFound(str(exc)) from None
        pid = article_pid(num, sub)
        units = [u for u in units if u.pid == pid]
        if not units:
            raise NotFound(f"{work.title} ({version.version_date.isoformat()}) has no {article}")
    src = r.source_of(version)
    marks = r.flags_of(version.id)
    return {
        "work_id": work.id, "version_id": version.id, "title": version.title, "short_title": work.short_title,
        "level": version.level or work.level, "organ": version.organ or work.organ,
        "doc_number": version.doc_number, "status": status, "status_date": day.isoformat(),
        "version_date": _iso(version.version_date), "promulgated": _iso(version.promulgated),
        "effective": _iso(version.effective), "effective_source": version.effective_source,
        "valid_from": _iso(span.valid_from), "valid_to": _iso(span.valid_to),
        "pending_version": _iso(pending.version.version_date) if pending and pending.version is not version else None,
        "addressees": version.addressees or None, "signing_date": _iso(version.signing_date),
        "source": src.path if src else None,
        "discrepancies": [{"field": d.field, "text": d.text_value, "sidecar": d.sidecar_value}
                          for d in r.discrepancies_of(version.id)],
        "derived_from": version.derived_from or None,  # 推算文本: derived from a decision, not the official text
        "to_check_whole": marks.get(WHOLE_NORM, []),  # unapplied instructions whose provisions are unknown
        "articles": [{"id": u.pid, "label": u.label, "text": u.text, **({"heading": u.heading} if u.heading else {}),
                      "to_check": marks.get(u.pid, []),  # 待核对: the unapplied instructions touching it
                      **({"repealed": True} if u.pid in repealed else {})} for u in units],
        "repealed_articles": sorted(repealed, key=lambda p: [int(x) for x in p[4:].split("-")]),
    }


def history(session: "Session | Reading", ref: str, day: date) -> dict[str, Any]:
    r = reading(session)
    work = r.get_work(ref)
    versions = r.versions_of(work.id)
    events = r.events_of(work.id)
    all_spans = lifecycle.spans(versions)
    st = lifecycle.status_on(versions, events, day)
    return {
        "work_id": work.id, "title": work.title, "level": work.level, "organ": work.organ,
        "status": st.status, "status_date": day.isoformat(),
        "versions": [{
            "version_id": s.version.id, "version_date": _iso(s.version.version_date),
            "promulgated": _iso(s.version.promulgated), "effective": _iso(s.version.effective),
            "valid_from": _iso(s.valid_from), "valid_to": _iso(s.valid_to),
            "status": lifecycle.version_status(s, all_spans, events, day),
            "doc_number": s.version.doc_number, "derived_from": s.version.derived_from or None,
        } for s in all_spans],
        "events": [{"kind": e.kind, "date": _iso(e.date), "text": e.text, "by": e.by,
                    "version_id": e.version_id} for e in events],
    }


CHAIN_KINDS = ("通过", "公布", "修正", "修订")


def unstored_version_message(title: str, events: "list[m.Event]", first: "m.Version", day: date) -> str:
    """Why there is no text on `day` before the first stored version: not yet made, or made
    in a version the 题注 lists but whose text the store lacks (土地管理法 1986, 1988, 1998)."""
    chain = [e for e in events if e.kind in CHAIN_KINDS and e.date and e.date <= day and e.version_id is None]
    if not chain:
        return (f"{title} 在 {day.isoformat()} 尚未公布（库中最早的版本为 {first.version_date.isoformat()}）")
    last = max(chain, key=lambda e: e.date)
    by = f"，依据{nested_marks(book_title(last.by))}" if last.by and "决定" in last.by else ""
    return (f"{title} 在 {day.isoformat()} 施行的是 {last.date.isoformat()} {last.kind}的版本{by}，"
            f"该版本文本未收录；库中最早的文本为 {first.version_date.isoformat()} 版本")
