"""执法手册 page: for a matter on a date, the provisions that prohibit it, set its penalty and give
the procedure, by norm in order of 效力位阶, with the higher norm each implements; Word download."""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.http.deps import day, session
from api.web import context as ctx
from api.web.templating import HtmlErrorRoute, render
from registry.handbook import build

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)
TOPICS = ("非法占用土地", "违法采矿", "临时用地")


@router.get("/enforcement", response_class=HTMLResponse)
def handbook_page(request: Request, topic: str = "", level: Optional[str] = None, organ: Optional[str] = None,
                  d: date = Depends(day), s: Session = Depends(session)) -> HTMLResponse:
    h = build(s, topic.strip(), d, level or None, organ or None) if topic.strip() else None
    docx = ctx.url("/handbook", topic=topic, at=d.isoformat(), format="docx") if h else ""
    return render(request, "handbook.html", {"h": h, "topics": TOPICS, "docx": docx,
                                             "f": {"topic": topic, "at": d.isoformat(), "level": level or "",
                                                   "organ": organ or ""}})
