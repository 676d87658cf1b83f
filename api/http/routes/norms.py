"""Reading norms: the store's health, the list of works, the text on a date, history, the audit trail of a work."""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from api.http.deps import day, engine, json_answer, session
from api.http.security import Principal, require
from registry import audit
from registry.norms import cached, store, views

router = APIRouter(tags=["norms"])


@router.get("/health")
def health(s: Session = Depends(session)):
    """Cheap: counts computed once per change of the record (the audit log's last id), no table scan per request."""
    return {"status": "ok", **cached.counts(s)}


@router.get("/works")
def list_works(level: Optional[str] = None, status: Optional[str] = None,
               d: date = Depends(day), s: Session = Depends(session)):
    return views.list_works(s, d, level, status)


@router.get("/work")
def show_work(id: str = Query(..., description="Work id, full or short title."),
              article: Optional[str] = None, version: Optional[date] = None,
              d: date = Depends(day), db=Depends(engine)):
    """The text on a date, from the views cached per change of the record (`registry.norms.cached.show`).
    (The session is opened here, not by the `session` dependency: a generator dependency costs two
    thread-pool hops per request, and this is the hottest read.)"""
    return json_answer(answer_work(db, id, d, article, version))


def answer_work(db, ref: str, d: date, article: Optional[str] = None, version: Optional[date] = None) -> dict:
    """The JSON of GET /work (the route and `api.http.fastlane` both answer with it)."""
    with Session(db) as s:
        return cached.show(s, ref, d, article, version)


@router.get("/work/history")
def work_history(id: str = Query(...), d: date = Depends(day), s: Session = Depends(session)):
    return views.history(s, id, d)


@router.get("/audit")
def audit_log(work: Optional[str] = None, actor: Optional[str] = None, since: Optional[date] = None,
              kind: Optional[str] = None, limit: int = Query(1000, ge=1, le=10000),
              _p: Principal = Depends(require("review")), s: Session = Depends(session)):
    """The audit trail (reviewer and admin): who changed what, when, before and after."""
    work_id = store.get_work(s, work).id if work else None
    return [audit.entry_json(e) for e in audit.entries(s, work_id=work_id, actor=actor, since=since, kind=kind,
                                                       limit=limit)]
