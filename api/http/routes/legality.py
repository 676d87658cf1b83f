"""HTTP route for 事前合法性审核: POST /review/draft?organ=O&filename=draft.docx with the draft's
bytes as the body (at most 5 MB). Stores nothing and audits nothing; any signed-in role may use it.
`format=docx` returns the 审核意见书."""

from __future__ import annotations

from datetime import date
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from api.http.deps import engine
from api.http.security import Principal, require
from api.http.uploads import body
from api.reports.word import DOCX
from api.services.legality import MAX_DRAFT_BYTES, review_draft

router = APIRouter(tags=["legality review"])


@router.post("/review/draft")
async def post_review(request: Request, organ: str = Query(..., description="The organ that would issue it."),
                      filename: str = Query(..., description="draft.docx, .txt or .md: says how to read the body."),
                      as_of: Optional[date] = None, level: str = "",
                      format: str = Query("json", pattern="^(json|docx)$"), eng: Engine = Depends(engine),
                      _p: Principal = Depends(require("read"))):
    data = await body(request, MAX_DRAFT_BYTES, "草案文件")
    report = review_draft(eng, filename, data, organ, as_of, level)
    if format == "docx":
        from api.reports.legality import docx_bytes

        name = quote(f"{report.title}合法性审核意见书.docx")
        return Response(docx_bytes(report), media_type=DOCX,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})
    return report.to_json()
