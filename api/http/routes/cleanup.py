"""REST routes of 定期清理 (`/cleanup/...`) and 制定依据 decisions (`/basis`).

Included by api.http.app (ROUTER_MODULES). Reads are open; every write declares
`require("review")` and runs inside `audit.acting_as(principal.actor)`.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.http.deps import engine, file_responses, session
from api.http.security import Principal, require
from api.reports.word import DOCX
from registry import audit
from registry.cleanup import apply as applying
from registry.cleanup import basis, campaigns
from registry.cleanup.context import Scope, parse_look_ahead
from registry.core.db import session_scope

router = APIRouter(tags=["cleanup"])


class CampaignRequest(BaseModel):
    name: str
    as_of: date
    organ: str = ""
    levels: list[str] = []
    promulgated_from: Optional[date] = None
    promulgated_to: Optional[date] = None
    works: list[str] = []
    look_ahead: str = "6m"


class DecisionRequest(BaseModel):
    work: str
    opinion: str
    note: str = ""


class AcceptRequest(BaseModel):
    opinion: Optional[str] = None
    reason: Optional[str] = None
    all: bool = False
    note: str = ""


class ApplyRequest(BaseModel):
    date: date
    dry_run: bool = False


class BasisRequest(BaseModel):
    work: str
    basis: str = ""
    state: str
    basis_work: str = ""
    note: str = ""


@router.get("/cleanup")
def list_campaigns(s: Session = Depends(session)):
    return campaigns.list_json(s)


@router.post("/cleanup")
def new_campaign(req: CampaignRequest, eng: Engine = Depends(engine), p: Principal = Depends(require("review"))):
    scope = Scope(req.organ, req.levels, req.promulgated_from, req.promulgated_to, req.works)
    with audit.acting_as(p.actor), session_scope(eng) as s:
        campaigns.create(s, req.name, req.as_of, scope, parse_look_ahead(req.look_ahead))
        return {"name": req.name, **campaigns.run(s, req.name).to_json()}


@router.get("/cleanup/{name}")
def show_campaign(name: str, opinion: Optional[str] = None, reason: Optional[str] = None,
                  state: Optional[str] = None, s: Session = Depends(session)):
    return campaigns.show_json(s, name, opinion, reason, state)


@router.post("/cleanup/{name}/run")
def rerun(name: str, eng: Engine = Depends(engine), p: Principal = Depends(require("review"))):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        return {"name": name, **campaigns.run(s, name).to_json()}


@router.post("/cleanup/{name}/decide")
def decide(name: str, req: DecisionRequest, eng: Engine = Depends(engine), p: Principal = Depends(require("review"))):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        row = campaigns.decide(s, name, req.work, req.opinion, req.note)
        return {"work_id": row.work_id, "proposed": row.opinion, "decision": row.decided_opinion,
                "note": row.decided_note, "by": row.decided_by, "state": campaigns.state_of(row)}


@router.post("/cleanup/{name}/accept")
def accept(name: str, req: AcceptRequest, eng: Engine = Depends(engine), p: Principal = Depends(require("review"))):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        return {"accepted": campaigns.accept(s, name, req.opinion, req.reason, req.all, req.note)}


@router.get("/cleanup/{name}/dry-run")
def dry_run(name: str, on: date = Query(..., alias="date"), eng: Engine = Depends(engine)):
    with session_scope(eng) as s:
        report = applying.apply(s, name, on, dry_run=True).to_json()
        s.rollback()
    return report


@router.post("/cleanup/{name}/apply")
def apply(name: str, req: ApplyRequest, eng: Engine = Depends(engine), p: Principal = Depends(require("review"))):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        return applying.apply(s, name, req.date, dry_run=req.dry_run).to_json()


@router.get("/cleanup/{name}/export", responses=file_responses(DOCX, "text/csv"))
def export(name: str, format: str = Query("docx", pattern="^(docx|csv|json)$"), s: Session = Depends(session)):
    from api.reports.cleanup import csv_text, docx_bytes

    data = campaigns.show_json(s, name)
    if format == "json":
        return data
    if format == "csv":
        return PlainTextResponse("\ufeff" + csv_text(data), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": _attachment(name, "csv")})
    return Response(docx_bytes(data), media_type=DOCX, headers={"Content-Disposition": _attachment(name, "docx")})


def _attachment(name: str, ext: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"cleanup.{ext}\"; filename*=UTF-8''{quote(name + '清理决定')}.{ext}"


@router.get("/cleanup-tasks")
def tasks(s: Session = Depends(session)):
    return list(applying.task_json(s).values())


@router.get("/basis")
def get_basis(id: str = Query(..., description="Work id, full or short title."), at: Optional[date] = None,
              s: Session = Depends(session)):
    w, v, links = basis.bases_of(s, id, at)
    return {"work_id": w.id, "version_id": v.id, "bases": [x.to_json() for x in links]}


@router.post("/basis")
def post_basis(req: BasisRequest, eng: Engine = Depends(engine), p: Principal = Depends(require("review"))):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        return basis.decide(s, req.work, req.basis, req.state, basis_work=req.basis_work, note=req.note).to_json()
