"""HTTP routes for 立法后评估: upload an evaluation file, read it back, download its report.

POST /evaluations?work=W&filename=eval.xlsx (the file's bytes as the body, at most 2 MB; role
`review`; audited) stores it; GET /evaluations?work=W shows the latest with `derived` and
`machine_evidence`; GET /evaluations/report?work=W&format=docx|csv the report; GET
/evaluations/conclusions every work's latest conclusion (what clean-up reads).
"""

from __future__ import annotations

from datetime import date
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.http.deps import engine, file_responses, session
from api.http.security import Principal, require
from api.http.uploads import body
from api.reports.word import DOCX
from api.services import evaluations as service
from registry import audit
from registry.evaluation import records

router = APIRouter(tags=["evaluation"])


@router.post("/evaluations")
async def post_evaluation(request: Request, work: str = Query(..., description="Work id, full or short title."),
                          filename: str = Query(..., description="eval.json or eval.xlsx: says how to read the body."),
                          version: Optional[date] = None, eng: Engine = Depends(engine),
                          p: Principal = Depends(require("review"))):
    data = await body(request, records.MAX_FILE_BYTES, "评估文件")
    with audit.acting_as(p.actor):
        return service.evaluate(eng, work, filename, data, version)


@router.get("/evaluations")
def get_evaluation(work: str = Query(...), as_of: Optional[date] = None, eng: Engine = Depends(engine)):
    return service.show(eng, work, as_of)


@router.get("/evaluations/conclusions")
def get_conclusions(s: Session = Depends(session)):
    return {w: {"conclusion": c, "evaluation_id": i, "date": d.isoformat()}
            for w, (c, i, d) in records.conclusions(s).items()}


@router.get("/evaluations/report", responses=file_responses(DOCX, "text/csv"))
def get_report(work: str = Query(...), format: str = Query("docx", pattern="^(docx|csv)$"),
               id: Optional[int] = None, as_of: Optional[date] = None, eng: Engine = Depends(engine)):
    from api.reports.evaluation import csv_text, docx_bytes

    r = service.report_data(eng, work, id, as_of)
    if format == "csv":
        data, media = ("\ufeff" + csv_text(r.evaluation, r.derived)).encode("utf-8"), "text/csv; charset=utf-8"
    else:
        data, media = docx_bytes(r.title, r.evaluation, r.derived, r.evidence), DOCX
    name = quote(f"{r.title}立法后评估报告.{format}")
    return Response(data, media_type=media, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})
