"""The citation graph (networkx), derived from stored citations and events; rebuilt on demand.

Nodes are works (``/cn/law/1986/土地管理法``) and provisions
(``/cn/law/1986/土地管理法#art_47``). Edges:

- ``cites``    citing provision -> cited provision or work (a 文号 citation and a
  title citation of one document collapse into one edge: edges are keyed by kind);
- ``basis_of`` cited work -> citing work, for 根据《X》制定 (the 制定依据);
- ``amends``   a 修改决定 -> the norm it amends; ``repeals`` a decision -> the norm it repeals.

Nothing here is stored: the graph is a view of `Citation` rows and lifecycle
events, so it never disagrees with them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from typing import Any

import networkx as nx
from sqlmodel import Session, col, select

from registry.citations.records import GENERIC, Citation
from registry.citations.resolve import Resolver, amended_norm
from registry.comparison.versions import CHANGED, DELETED, MOVED, ChangeCache
from registry.core.errors import NotFound
from registry.core.ids import article_pid, parse_article_ref
from registry.norms import lifecycle, store
from registry.norms import models as m

DECISION_TITLE = re.compile(r"关于(修改|废止|修改和废止)")


def work_node(work_id: str) -> str:
    return work_id


def provision_node(work_id: str, pid: str) -> str:
    return f"{work_id}#{pid}"


def build(session: Session) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    works = {w.id: w for w in session.exec(select(m.Work)).all()}
    for w in works.values():
        g.add_node(work_node(w.id), kind="work", title=w.title, level=w.level, organ=w.organ)
    decision_versions = {v.id: v for v in session.exec(select(m.Version)).all()
                         if DECISION_TITLE.search(v.title) or v.level == "修改、废止的决定"}
    repeal_pids = _repealing_provisions(session, list(decision_versions))
    rows = session.exec(select(Citation).where(Citation.state != GENERIC, Citation.resolved_work_id != "")).all()
    for c in rows:
        src = provision_node(c.work_id, c.source_pid) if c.source_pid else work_node(c.work_id)
        if c.source_pid and src not in g:
            g.add_node(src, kind="provision", work=c.work_id, pid=c.source_pid)
        dst = work_node(c.resolved_work_id)
        if c.resolved_pid:
            dst = provision_node(c.resolved_work_id, c.resolved_pid)
            if dst not in g:
                g.add_node(dst, kind="provision", work=c.resolved_work_id, pid=c.resolved_pid)
        internal = c.resolved_work_id == c.work_id
        g.add_edge(src, dst, key="cites", kind="cites", raw=c.raw, citing_version=c.version_id,
                   cited_version=c.resolved_version_id, state=c.state, reason=c.reason, via=c.via,
                   internal=internal, basis=c.kind == "basis")
        if internal:
            continue
        if c.kind == "basis":
            g.add_edge(work_node(c.resolved_work_id), work_node(c.work_id), key="basis_of", kind="basis_of",
                       raw=c.raw, citing_version=c.version_id)
        if c.version_id in decision_versions and c.kind in ("cites", "docnum", "self"):
            kind = "repeals" if (c.version_id, c.source_pid) in repeal_pids else "amends"
            g.add_edge(work_node(c.work_id), work_node(c.resolved_work_id), key=kind, kind=kind, raw=c.raw,
                       citing_version=c.version_id)
    _event_edges(session, g, works)
    return g


def _repealing_provisions(session: Session, version_ids: list[str]) -> set[tuple[str, str]]:
    """Provisions of decisions that repeal (废止) rather than amend: the 废止 part of 修改和废止."""
    rows = session.exec(select(m.Provision.version_id, m.Provision.pid, m.Provision.text)
                        .where(col(m.Provision.version_id).in_(version_ids))).all() if version_ids else []
    return {(vid, pid) for vid, pid, text in rows if "废止" in text and "修改为" not in text}


def _event_edges(session: Session, g: nx.MultiDiGraph, works: dict[str, m.Work]) -> None:
    """修正/修订/废止 events whose `by` names a decision stored as a work: amends / repeals edges."""
    resolver = None
    for e in session.exec(select(m.Event).where(col(m.Event.kind).in_(("修正", "修订", "废止")))).all():
        titles = re.findall(r"《((?:[^《》]|《[^《》]*》)+)》", e.by or e.text)
        if not titles:
            continue
        resolver = resolver or Resolver(session)
        found = resolver.find_work(titles[0], "")
        if found.work_id and found.work_id != e.work_id and found.work_id in works:
            kind = "repeals" if e.kind == "废止" else "amends"
            g.add_edge(work_node(found.work_id), work_node(e.work_id), key=kind, kind=kind, raw=e.text,
                       date=e.date.isoformat() if e.date else "")


# --------------------------------------------------------------------------- queries

def _article_filter(article: str | None) -> str | None:
    if article is None:
        return None
    try:
        return article_pid(*parse_article_ref(article))
    except ValueError as exc:
        raise NotFound(str(exc)) from None


def _under(pid: str, prefix: str | None) -> bool:
    return prefix is None or pid == prefix or pid.startswith(prefix + "__")


def cites(g: nx.MultiDiGraph, session: Session, ref: str, article: str | None = None) -> dict[str, Any]:
    """What a work (or one of its articles) relies on: its outgoing citations, other norms first."""
    work = store.get_work(session, ref)
    prefix = _article_filter(article)
    out = []
    for node in [work.id] + [n for n in g.successors(work.id)] + _provisions_of(g, work.id):
        if g.nodes[node].get("work") != work.id and node != work.id:
            continue
        pid = g.nodes[node].get("pid", "")
        if not _under(pid, prefix):
            continue
        for _, dst, key, data in g.out_edges(node, keys=True, data=True):
            if key != "cites":
                continue
            out.append({"source_pid": pid, "raw": data["raw"], "target": _describe(g, dst),
                        "cited_version": data["cited_version"], "state": data["state"], "reason": data["reason"],
                        "via": data.get("via", ""), "internal": data["internal"], "basis": data["basis"]})
    out.sort(key=lambda r: (r["internal"], r["source_pid"]))
    return {"work_id": work.id, "title": work.title, "article": prefix, "citations": _dedupe(out)}


def cited_by(g: nx.MultiDiGraph, session: Session, ref: str, article: str | None = None,
             internal: bool = False) -> dict[str, Any]:
    """What relies on a work (or one article): incoming citations with the citing provision's text."""
    work = store.get_work(session, ref)
    prefix = _article_filter(article)
    targets = ([work.id] if prefix is None else []) + [n for n in _provisions_of(g, work.id)
                                                        if _under(g.nodes[n]["pid"], prefix)]
    rows = []
    for node in targets:
        for src, _, key, data in g.in_edges(node, keys=True, data=True):
            if key != "cites" or (data["internal"] and not internal):
                continue
            rows.append({"citing_work": g.nodes[src].get("work", src), "citing_title": _title(g, src),
                         "citing_version": data["citing_version"], "source_pid": g.nodes[src].get("pid", ""),
                         "raw": data["raw"], "target_pid": g.nodes[node].get("pid", ""),
                         "cited_version": data["cited_version"], "basis": data["basis"]})
    texts = _texts(session, {(r["citing_version"], r["source_pid"]) for r in rows})
    for r in rows:
        r["text"] = texts.get((r["citing_version"], r["source_pid"]), "")
    rows.sort(key=lambda r: (r["citing_title"], r["source_pid"]))
    return {"work_id": work.id, "title": work.title, "article": prefix, "cited_by": _dedupe(rows)}


def most_cited(g: nx.MultiDiGraph, limit: int = 20) -> list[dict[str, Any]]:
    """Works by how many other works cite them (and how many citations in all)."""
    works: dict[str, set[str]] = {}
    total: Counter[str] = Counter()
    for src, dst, key, data in g.edges(keys=True, data=True):
        if key != "cites" or data["internal"]:
            continue
        target = g.nodes[dst].get("work", dst)
        works.setdefault(target, set()).add(g.nodes[src].get("work", src))
        total[target] += 1
    ranked = sorted(works, key=lambda w: (-len(works[w]), -total[w], w))[:limit]
    return [{"work_id": w, "title": g.nodes[w].get("title", ""), "level": g.nodes[w].get("level", ""),
             "citing_works": len(works[w]), "citations": total[w]} for w in ranked]


def impact(g: nx.MultiDiGraph, session: Session, ref: str, day_from: date, day_to: date) -> dict[str, Any]:
    """Every provision elsewhere citing an article that changed, moved or was deleted between two dates.

    A citation made against the newer version (or a later one) already uses its numbering:
    the 2021 实施条例 citing the 2019 土地管理法 is not affected by the 2004 -> 2019 renumbering.
    """
    work = store.get_work(session, ref)
    versions = store.versions_of(session, work.id)
    # the dates name versions as in 新旧对照 (`lifecycle.version_named`): --to 2019-08-26 is the 2019 text
    old, new = lifecycle.version_named(versions, day_from), lifecycle.version_named(versions, day_to)
    changes = ChangeCache(session).changes(old.id, new.id) if old.id != new.id else {}
    dated = {v.id: v.version_date for v in versions}
    affected = []
    for node in _provisions_of(g, work.id):
        article = g.nodes[node]["pid"].split("__")[0]
        change = changes.get(article)
        if change is None or change.status not in (CHANGED, MOVED, DELETED):
            continue
        for src, _, key, data in g.in_edges(node, keys=True, data=True):
            if key != "cites" or data["internal"]:
                continue
            cited = dated.get(data.get("cited_version", ""))
            if cited is not None and cited >= new.version_date:  # it already reads the new numbering
                continue
            affected.append({"citing_work": g.nodes[src].get("work", src), "citing_title": _title(g, src),
                             "citing_version": data["citing_version"], "source_pid": g.nodes[src].get("pid", ""),
                             "raw": data["raw"], "cited_pid": g.nodes[node]["pid"], "change": change.to_json()})
    texts = _texts(session, {(r["citing_version"], r["source_pid"]) for r in affected})
    for r in affected:
        r["text"] = texts.get((r["citing_version"], r["source_pid"]), "")
    affected.sort(key=lambda r: (r["cited_pid"], r["citing_title"]))
    counts = Counter(c.status for c in changes.values())
    return {"work_id": work.id, "title": work.title, "from_version": old.id, "to_version": new.id,
            "articles": dict(counts), "affected": _dedupe(affected)}


def _provisions_of(g: nx.MultiDiGraph, work_id: str) -> list[str]:
    prefix = work_id + "#"
    return [n for n in g.nodes if n.startswith(prefix)]


def _title(g: nx.MultiDiGraph, node: str) -> str:
    return g.nodes.get(g.nodes[node].get("work", node), {}).get("title", "")


def _describe(g: nx.MultiDiGraph, node: str) -> dict[str, str]:
    data = g.nodes[node]
    work = data.get("work", node)
    return {"work_id": work, "title": g.nodes[work].get("title", ""), "pid": data.get("pid", "")}


def _texts(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    by_version: dict[str, set[str]] = {}
    for vid, pid in keys:
        by_version.setdefault(vid, set()).add(pid)
    for vid, pids in by_version.items():
        for p in session.exec(select(m.Provision).where(m.Provision.version_id == vid,
                                                        col(m.Provision.pid).in_(list(pids)))).all():
            out[(vid, p.pid)] = p.text
        if "" in pids:
            v = session.get(m.Version, vid)
            out[(vid, "")] = v.preamble if v else ""
    return out


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for r in rows:
        key = json.dumps(r, ensure_ascii=False, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# --------------------------------------------------------------------------- export

def to_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    return nx.node_link_data(g, edges="edges")


def write_graphml(g: nx.MultiDiGraph, path: str) -> None:
    """GraphML takes scalar attributes only; empty values are dropped rather than written as None."""
    h = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        h.add_node(n, **{k: v for k, v in data.items() if v not in (None, "")})
    for u, v, k, data in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{a: b for a, b in data.items() if b not in (None, "")})
    nx.write_graphml(h, path)


__all__ = ["build", "cites", "cited_by", "most_cited", "impact", "to_json", "write_graphml", "amended_norm"]
