"""立法后评估 pages: a work's evaluation report (indicators, cost-benefit, machine-found evidence,
conclusion) and the form to upload the evaluation sheet or JSON file.

GET /works/evaluation shows the latest evaluation of a work (or says there is none) with the
upload form; POST /works/evaluation (role `review`, CSRF, audited) stores an uploaded file and
returns to the report. Downloads use the JSON API's /evaluations/report, so there is one way
to make the documents.
"""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.http.deps import engine, session
from api.http.security import Principal, require
from api.http.uploads import form_file
from api.services import evaluations as service
from api.web import context as ctx
from api.web.templating import HtmlErrorRoute, render
from registry import audit
from registry.core.errors import NotFound
from registry.evaluation import BENEFITS, CONCLUSIONS, COSTS, INDICATORS, records
from registry.norms import store

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


@router.get("/works/evaluation", response_class=HTMLResponse)
def evaluation_page(request: Request, id: str = Query(..., description="Work id, full or short title."),
                    saved: Optional[int] = None, eng: Engine = Depends(engine),
                    s: Session = Depends(session)) -> HTMLResponse:
    """The latest evaluation of a work as a report, and the upload form."""
    work = store.get_work(s, id)
    h = {"work_id": work.id, "title": work.title}
    try:
        shown = service.show(eng, work.id)
    except NotFound:
        shown = None
    versions = [v.version_date.isoformat() for v in store.versions_of(s, work.id)]
    links = {f: ctx.url("/evaluations/report", work=work.id, format=f) for f in ("docx", "csv")}
    return render(request, "evaluation.html", {
        "h": h, "e": shown, "versions": versions, "links": links, "saved": saved, "INDICATORS": INDICATORS,
        "COSTS": COSTS, "BENEFITS": BENEFITS, "CONCLUSIONS": CONCLUSIONS})


@router.post("/works/evaluation")
async def evaluation_upload(request: Request, eng: Engine = Depends(engine),
                            p: Principal = Depends(require("review"))) -> RedirectResponse:
    """The upload form: one .xlsx or .json evaluation file for a work, then back to its report (303)."""
    name, data, fields = await form_file(request, "file", records.MAX_FILE_BYTES, "评估文件")
    work = fields.get("work", "")
    if not work:
        raise NotFound("表单缺少要评估的法规（work）")
    with audit.acting_as(p.actor):
        shown = service.evaluate(eng, work, name, data)
    return RedirectResponse(ctx.url("/works/evaluation", id=shown["work_id"], saved=shown["id"]), status_code=303)
