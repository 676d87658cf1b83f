"""GET /handbook: the 执法手册 of a matter on a date (JSON, or Word with format=docx). Reads only."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Optional

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from sqlmodel import Session

from api.http.deps import day, file_responses, session
from api.reports.word import DOCX
from registry.handbook import build

router = APIRouter(tags=["handbook"])


@router.get("/handbook", responses=file_responses(DOCX))
def get_handbook(topic: str = Query(..., min_length=1, max_length=100, description="非法占用土地, 违法采矿, 临时用地 …"),
                 level: Optional[str] = None, organ: Optional[str] = None,
                 format: str = Query("json", pattern="^(json|docx)$"),
                 d: date = Depends(day), s: Session = Depends(session)):
    h = build(s, topic, d, level, organ)
    if format == "docx":
        from api.reports.handbook import handbook_document

        out = BytesIO()
        handbook_document(h).save(out)
        return Response(out.getvalue(), media_type=DOCX,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''handbook-{d}.docx"})
    return h
