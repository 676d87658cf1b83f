"""Every citation a work makes, with its state: what `cites` shows (CLI, API, web).

Reads the stored `Citation` rows of every version of a work (resolved or not:
the graph holds only resolved ones, but staff need the unresolved to know what
to add to the store) and the provisions' order, and returns them grouped by
citing version (oldest first) and in the order they stand in the text. Each
row has one `status`:

- ``resolved``            the cited norm (and provision) is in the store
- ``later_version_only``  resolved, but only texts later than the citation are stored
- ``not_in_store``        no stored norm has that title or 文号
- ``ambiguous``           several stored norms answer to the name
- ``no_such_article``     the norm is found, the cited provision is not in its version
- ``no_version`` / ``no_anchor``  no version on that date / a relative citation outside any article

`--state unresolved` means every status but the first two. A document cited
twice is one entry of `documents`, with the citing provisions counted.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from registry.citations.records import GENERIC, PARTIAL, RESOLVED, Citation
from registry.core.errors import LexregError, NotFound
from registry.core.ids import article_pid, parse_article_ref, pid_label
from registry.norms import models as m
from registry.norms import store

STATUSES = ("resolved", "later_version_only", "not_in_store", "ambiguous", "no_such_article", "no_version",
            "no_anchor")
FOUND = ("resolved", "later_version_only")
FILTERS = ("all", "unresolved") + STATUSES
INTERNAL_KINDS = ("self", "relative")


def status(c: Citation) -> str:
    """One status per citation, from its resolution state and reason.

    >>> status(Citation(state="resolved", reason="later_version_only")), status(Citation(state="unresolved",
    ...        reason="not_in_store")), status(Citation(state="partial", reason="no_such_article"))
    ('later_version_only', 'not_in_store', 'no_such_article')
    """
    if c.state == RESOLVED:
        return "later_version_only" if c.reason == "later_version_only" else "resolved"
    if c.state == PARTIAL:
        return c.reason if c.reason in STATUSES else "no_such_article"
    return c.reason if c.reason in STATUSES else "not_in_store"


def citations_of(session: Session, ref: str, state: str = "all", internal: bool = True,
                 article: str | None = None) -> dict[str, Any]:
    """A work's citations by citing version, in text order; `state` filters (see FILTERS).

    `citations` is every group's rows in one list (newest version last); `article`
    (a pid prefix such as art_48) keeps the citations made in that article.
    """
    if state not in FILTERS:
        raise LexregError(f"unknown citation state {state!r}: use one of {', '.join(FILTERS)}")
    work = store.get_work(session, ref)
    if article:
        try:
            article = article_pid(*parse_article_ref(article))
        except ValueError as exc:
            raise NotFound(str(exc)) from None
    versions = store.versions_of(session, work.id)
    titles = {w.id: w.title for w in session.exec(select(m.Work)).all()}
    groups = []
    for v in versions:
        order = {p.pid: p.ord for p in store.provisions_of(session, v.id)}
        rows = session.exec(select(Citation).where(Citation.version_id == v.id)).all()
        rows = [c for c in rows if c.kind != "generic" and c.state != GENERIC
                and (internal or c.kind not in INTERNAL_KINDS)]
        if article:
            rows = [c for c in rows if c.source_pid == article or c.source_pid.startswith(article + "__")]
        rows.sort(key=lambda c: (order.get(c.source_pid, -1), c.start))
        listed = [_row(c, titles) for c in rows]
        listed = [r for r in listed if _keep(r["status"], state)]
        groups.append({"version_id": v.id, "version_date": v.version_date.isoformat(), "citations": listed,
                       "documents": _documents(listed)})
    counts: dict[str, int] = {}
    for g in groups:
        for r in g["citations"]:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
    return {"work_id": work.id, "title": work.title, "article": article, "state": state, "counts": counts,
            "versions": groups, "citations": [r for g in groups for r in g["citations"]]}


def _keep(st: str, state: str) -> bool:
    if state == "all":
        return True
    if state == "unresolved":
        return st not in FOUND
    return st == state


def _row(c: Citation, titles: dict[str, str]) -> dict[str, Any]:
    target_title = titles.get(c.resolved_work_id, "") if c.resolved_work_id else ""
    return {"source_pid": c.source_pid, "source_label": pid_label(c.source_pid) if c.source_pid else "序言",
            "start": c.start, "raw": c.raw, "kind": c.kind, "status": status(c), "reason": c.reason,
            "named_title": c.target_title, "doc_number": c.target_doc_number,
            "target": {"work_id": c.resolved_work_id, "title": target_title, "version_id": c.resolved_version_id,
                       "pid": c.resolved_pid or c.target_pid,
                       "label": pid_label(c.resolved_pid or c.target_pid) if (c.resolved_pid or c.target_pid) else ""},
            "candidates": [x for x in c.candidates.split("; ") if x], "via": c.via,
            "cited_version": c.resolved_version_id, "internal": c.kind in INTERNAL_KINDS, "basis": c.kind == "basis"}


def _documents(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct documents cited, first mention first: one per stored norm, title or 文号."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        key = r["target"]["work_id"] or r["named_title"] or r["doc_number"] or r["raw"]
        doc = out.get(key)
        if doc is None:
            doc = out[key] = {"title": r["target"]["title"] or r["named_title"], "doc_number": r["doc_number"],
                              "work_id": r["target"]["work_id"], "status": r["status"], "mentions": 0}
        doc["mentions"] += 1
        doc["doc_number"] = doc["doc_number"] or r["doc_number"]
        if doc["status"] not in FOUND and r["status"] in FOUND:
            doc["status"] = r["status"]
    return list(out.values())


__all__ = ["citations_of", "status", "STATUSES", "FILTERS"]
