"""The citation graph, built once per change of the record or of the citation table.

Reads the audit log's newest id (every write to the record) and the citation table's
size and newest id (the citation pass is derived data and rewrites rows): while all
three stand still the graph built before is still true, so the cites/cited-by
routes and pages do not rebuild networkx from every citation row per request.
Callers only read the graph.
"""

from __future__ import annotations

import weakref

import networkx as nx
from sqlalchemy import func
from sqlmodel import Session, select

from registry import audit
from registry.citations import graph
from registry.citations.records import Citation

_graphs: "weakref.WeakKeyDictionary[object, tuple[tuple, nx.MultiDiGraph]]" = weakref.WeakKeyDictionary()


def _stamp(session: Session) -> tuple:
    n, top = session.exec(select(func.count(), func.max(Citation.id)).select_from(Citation)).one()
    return audit.last_id(session), n, top or 0


def build(session: Session) -> nx.MultiDiGraph:
    """`graph.build(session)`, or the graph it gave while nothing it reads has changed."""
    key = session.get_bind()  # per engine: two in-memory stores share one URL
    stamp = _stamp(session)
    hit = _graphs.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    g = graph.build(session)
    _graphs[key] = (stamp, g)
    return g
