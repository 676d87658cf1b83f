"""新旧对照 and 条文沿革 pages: two versions side by side, one article through every version.

The Word 对照表 link points at the JSON API's `/diff?format=docx`, so there is one
way to make the document.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.http.deps import day, session
from api.web import context as ctx
from api.web.templating import HtmlErrorRoute, render
from registry.comparison.compare import word_segments
from registry.comparison.views import article_history, diff_work
from registry.core.errors import LexregError
from registry.norms import views

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


@router.get("/works/diff", response_class=HTMLResponse)
def diff_page(request: Request, id: str = Query(...), from_: Optional[date] = Query(None, alias="from"),
              to: Optional[date] = None, all: bool = False, s: Session = Depends(session)) -> HTMLResponse:
    """新旧对照 of two versions; by default the latest version against the one before it."""
    hist = views.history(s, id, date.today())
    dates = [v["version_date"] for v in hist["versions"]]
    if len(dates) < 2 and (from_ is None or to is None):
        raise LexregError(f"{hist['title']} 只有一个版本，无可对照的文本")
    old_day = from_ or date.fromisoformat(dates[-2])
    new_day = to or date.fromisoformat(dates[-1])
    diff = diff_work(s, hist["work_id"], old_day, new_day)
    rows = [r for r in diff.rows if all or r.status != "unchanged" or r.renumbered]
    marked = [(r, *word_segments(r.old_text, r.new_text)) if r.status == "modified" else (r, None, None)
              for r in rows]
    docx = ctx.url("/diff", id=diff.work.id, **{"from": diff.old.version_date.isoformat()},
                   to=diff.new.version_date.isoformat(), format="docx")
    return render(request, "diff.html", {"d": diff, "rows": marked, "summary": diff.summary(), "dates": dates,
                                         "all": all, "docx": docx, "h": hist})


@router.get("/works/article", response_class=HTMLResponse)
def article_page(request: Request, id: str = Query(...), article: str = Query(...),
                 d: date = Depends(day), s: Session = Depends(session)) -> HTMLResponse:
    """One article through every version (its number and words in each), with what changed."""
    data = article_history(s, id, article, d)
    for row in data["versions"]:
        if row["changes"] and row["text"]:
            before = next((r["text"] for r in reversed(data["versions"][:data["versions"].index(row)]) if r["text"]), "")
            row["marked"] = word_segments(before, row["text"])
    return render(request, "article.html", {"a": data, "at": d.isoformat()})
