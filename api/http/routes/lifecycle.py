"""HTTP routes for applying decisions, 新旧对照, article history and lifecycle acts.

Included by api.http.app. Writes need an editor token (`require("edit")`) and are audited. Routes translate; errors raised on
purpose (LexregError) become the app's one JSON error shape.
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
from registry.comparison.views import article_history, diff_work
from registry.core.db import session_scope
from registry.core.errors import LexregError
from registry.norms import lifecycle_acts as lifecycle_ops
from registry.norms import store

router = APIRouter(tags=["lifecycle"])



class AmendRequest(BaseModel):
    text: str  # the decision's text (the server opens no file a request names)
    dry_run: bool = False
    skip_missing: bool = False
    strict: bool = False  # store nothing for a norm with an unread or failed instruction
    accept_failures: bool = False  # the default now; kept for old clients


class RepealRequest(BaseModel):
    work: str
    by: str
    date: date
    articles: list[str] = []


class ExpireRequest(BaseModel):
    work: str
    date: date
    reason: str
    by: str = ""


@router.post("/amend")
def post_amend(req: AmendRequest, p: Principal = Depends(require("edit")), eng: Engine = Depends(engine)):
    """Apply a 修改决定 given as text (editor)."""
    from api.services.amend_file import run_amend

    if not req.text.strip():
        raise LexregError("give the decision's text as `text`")
    with audit.acting_as(p.actor):
        report = run_amend(eng, None, req.text, dry_run=req.dry_run, skip_missing=req.skip_missing,
                           strict=req.strict, accept_failures=req.accept_failures)
    return report.to_json()


@router.get("/diff", responses=file_responses(DOCX, "text/plain"))
def get_diff(id: str = Query(..., description="Work id, full or short title."),
             from_: date = Query(..., alias="from"), to: date = Query(...),
             format: str = Query("json", pattern="^(json|text|docx)$"), s: Session = Depends(session)):
    result = diff_work(s, id, from_, to)
    if format == "text":
        return PlainTextResponse(result.render_text())
    if format == "docx":
        from api.reports.docx import diff_docx_bytes

        name = f"diff-{result.old.version_date}-{result.new.version_date}.docx"
        return Response(diff_docx_bytes(result), media_type=DOCX,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return result.to_json()


@router.get("/work/article-history")
def get_article_history(id: str = Query(...), article: str = Query(...), at: Optional[date] = None,
                        s: Session = Depends(session)):
    return article_history(s, id, article, at)


@router.get("/work/amendments")
def get_amendments(id: str = Query(...), s: Session = Depends(session)):
    from registry.amendments.apply import runs_of

    return runs_of(s, id)


@router.post("/repeal")
def post_repeal(req: RepealRequest, p: Principal = Depends(require("edit")), eng: Engine = Depends(engine)):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        work = store.get_work(s, req.work)
        return lifecycle_ops.repeal(s, work, req.by, req.date, articles=req.articles).to_json()


@router.post("/expire")
def post_expire(req: ExpireRequest, p: Principal = Depends(require("edit")), eng: Engine = Depends(engine)):
    with audit.acting_as(p.actor), session_scope(eng) as s:
        work = store.get_work(s, req.work)
        return lifecycle_ops.expire(s, work, req.date, req.reason, req.by).to_json()
