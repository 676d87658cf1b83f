"""HTTP routes for citations, the graph and conflict findings (translation only)."""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlmodel import Session

from api.http.deps import session
from api.http.security import Principal, require
from registry import audit
from registry import review as conflicts
from registry.citations import cached as cached_graph
from registry.citations import graph, listing
from registry.norms import store

router = APIRouter(tags=["citations"])


@router.get("/citations/cites")
def cites(id: str = Query(..., description="Work id, full or short title."), article: Optional[str] = None,
          state: str = Query("all", description="all, unresolved, or one state (resolved, later_version_only, "
                                                "not_in_store, ambiguous, no_such_article, no_version, no_anchor)."),
          s: Session = Depends(session)):
    """Every citation the work makes, grouped by citing version in text order, each with its state."""
    return listing.citations_of(s, id, state, article=article)


@router.get("/citations/cited-by")
def cited_by(id: str = Query(...), article: Optional[str] = None, internal: bool = False,
             s: Session = Depends(session)):
    return graph.cited_by(cached_graph.build(s), s, id, article, internal)


@router.get("/citations/impact")
def impact(id: str = Query(...), from_: date = Query(..., alias="from"), to: date = Query(...),
           s: Session = Depends(session)):
    return graph.impact(cached_graph.build(s), s, id, from_, to)


@router.get("/citations/most-cited")
def most_cited(limit: int = 20, s: Session = Depends(session)):
    return graph.most_cited(cached_graph.build(s), limit)


@router.get("/citations/graph")
def graph_json(s: Session = Depends(session)):
    return graph.to_json(cached_graph.build(s))


@router.get("/conflicts")
def list_findings(kind: Optional[str] = None, work: Optional[str] = None, state: Optional[str] = None,
                  s: Session = Depends(session)):
    work_id = store.get_work(s, work).id if work else None
    return [conflicts.finding_json(f) for f in conflicts.findings(s, kind, work_id, state)]


@router.post("/conflicts/run")
def run_checks(kind: Optional[str] = None, p: Principal = Depends(require("review")), s: Session = Depends(session)):
    with audit.acting_as(p.actor):
        report = conflicts.run(s, [kind] if kind else None)
    s.commit()
    return {"found": report.found, "new": report.new, "retired": report.retired, "seconds": report.seconds}


class StateChange(BaseModel):
    state: str
    reason: str = ""


@router.post("/conflicts/{ref}/state")
def set_state(ref: str, change: StateChange, p: Principal = Depends(require("review")),
              s: Session = Depends(session)):
    with audit.acting_as(p.actor):
        f = conflicts.set_state(s, ref, change.state, change.reason)
    s.commit()
    return conflicts.finding_json(f)
