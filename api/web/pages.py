"""Web pages for reading norms: home, the list, the text on a date, history.

Why server-rendered: the pages must work on an office machine with no internet
and no build step; every page is a plain link that can be bookmarked, sent or
printed (`/works/view?id=…&at=2010-01-01` is "the text on that day"). Routes
translate query parameters into one library call and the result into a
template; the library decides (时效性, which version, what changed).
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.http.deps import day, session
from api.web import context as ctx
from api.web.templating import HtmlErrorRoute, extra_links, render
from registry.norms import views

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, d: date = Depends(day), s: Session = Depends(session)) -> HTMLResponse:
    """Counts by 效力位阶 and 时效性 on a date, each a link into the filtered list."""
    rows = views.list_works(s, d)
    recent = sorted(rows, key=lambda r: r["version_date"] or "", reverse=True)[:8]
    return render(request, "home.html", {"at": d.isoformat(), "counts": ctx.counts(rows), "recent": recent})


@router.get("/works/list", response_class=HTMLResponse)
def work_list(request: Request, level: Optional[str] = None, status: Optional[str] = None,
              organ: Optional[str] = None, q: Optional[str] = None, page: int = 1,
              d: date = Depends(day), s: Session = Depends(session)) -> HTMLResponse:
    """The works with their 时效性 on `at`, filtered by 效力位阶, 时效性, 制定机关 and title words.

    (`/works` itself is the JSON list; this page must not shadow it.)
    """
    every = views.list_works(s, d)
    rows = ctx.sort_rows(ctx.narrow(views.list_works(s, d, level or None, status or None), organ, q))
    shown, pager = ctx.paginate(rows, page)
    for r in shown:
        r["organ_short"], r["organ_all"] = ctx.organ_cell(r["organ"])
    return render(request, "list.html", {
        "at": d.isoformat(), "rows": shown, "pager": pager, "organs": ctx.organs(every), "counts": ctx.counts(every),
        "f": {"level": level or "", "status": status or "", "organ": organ or "", "q": q or ""}})


@router.get("/works/view", response_class=HTMLResponse)
def work_view(request: Request, id: str = Query(..., description="Work id, full or short title."),
              version: Optional[date] = None, d: date = Depends(day),
              s: Session = Depends(session)) -> HTMLResponse:
    """The text on a date (or one version by its date): metadata, badge, contents, articles with anchors."""
    shown = views.show(s, id, d, None, version)
    hist = views.history(s, shown["work_id"], d)
    page = ctx.work_page(s, shown, hist)
    to_check = {a["id"]: a["to_check"] for a in shown["articles"] if a.get("to_check")}  # 待核对 marks
    return render(request, "view.html", {"w": shown, "at": d.isoformat(), "version": ctx.iso(version),
                                         "to_check": to_check,
                                         "extra": extra_links(shown, len(hist["versions"])), **page})


@router.get("/works/history", response_class=HTMLResponse)
def work_history(request: Request, id: str = Query(...), d: date = Depends(day),
                 s: Session = Depends(session)) -> HTMLResponse:
    """Versions with their validity intervals, and every lifecycle event, on one timeline."""
    hist = views.history(s, id, d)
    return render(request, "history.html", {"h": hist, "at": d.isoformat(), "timeline": ctx.timeline(hist),
                                            "extra": extra_links(hist, len(hist["versions"]))})
