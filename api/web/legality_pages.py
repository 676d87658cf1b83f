"""合法性审核 page: a reviewer uploads a draft, names the issuing organ and the date, and reads the
审核意见书 grouped 主体 / 权限 / 依据 / 内容 / 形式 (and may download it as Word). Stores nothing."""

from __future__ import annotations

import base64
from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.engine import Engine

from api.http.deps import engine
from api.http.security import Principal, require
from api.http.uploads import form_file
from api.services.legality import MAX_DRAFT_BYTES, review_draft
from api.web.templating import HtmlErrorRoute, render
from registry.core.errors import LexregError
from registry.core.levels import LEVELS

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


@router.get("/review/draft", response_class=HTMLResponse)
def review_form(request: Request) -> HTMLResponse:
    return render(request, "legality.html", {"r": None, "f": {"as_of": date.today().isoformat()}, "LEVELS": LEVELS})


@router.post("/review/draft/page", response_class=HTMLResponse)
async def review_page(request: Request, eng: Engine = Depends(engine),
                      _p: Principal = Depends(require("read"))) -> HTMLResponse:
    name, data, fields = await form_file(request, "file", MAX_DRAFT_BYTES, "草案文件")
    organ = fields.get("organ", "").strip()
    if not organ:
        raise LexregError("请填写制定机关")
    try:
        day = date.fromisoformat(fields.get("as_of") or date.today().isoformat())
    except ValueError:
        raise LexregError(f"审核基准日“{fields.get('as_of')}”不是日期（YYYY-MM-DD）") from None
    report = review_draft(eng, name, data, organ, day, fields.get("level", ""))
    from api.reports.legality import docx_bytes

    docx = base64.b64encode(docx_bytes(report)).decode("ascii")
    return render(request, "legality.html", {"r": report, "groups": report.grouped(), "docx": docx, "LEVELS": LEVELS,
                                             "f": {"organ": organ, "as_of": day.isoformat(), "level": fields.get("level", "")}})
