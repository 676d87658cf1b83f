"""The search page: full-text search (精确 n-gram or 模糊 ranked) over the text in force on a date.

`/search` is the JSON API; this page calls the same service with the same filters.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from api.http.deps import day, search_service
from api.web.templating import HtmlErrorRoute, render
from registry.search import Filters, SearchRequest, SearchService

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)
PAGE_SIZE = 20


@router.get("/find", response_class=HTMLResponse)
def find_page(request: Request, q: str = "", exact: bool = False, level: Optional[str] = None,
              organ: Optional[str] = None, status: Optional[str] = None, page: int = Query(1, ge=1),
              d: date = Depends(day), svc: SearchService = Depends(search_service)) -> HTMLResponse:
    """Full-text search (精确 n-gram or 模糊 ranked) over the text in force on `at`, with facets.

    (`/search` is the JSON API; this page calls the same service with the same filters.)
    """
    f = {"q": q, "exact": exact, "level": level or "", "organ": organ or "", "status": status or "",
         "at": d.isoformat()}
    result = None
    if q.strip():
        filters = Filters(day=d, levels=(level,) if level else (), organ=organ or "", status=status or None)
        result = svc.search(SearchRequest(q, filters, exact, "article", PAGE_SIZE, (page - 1) * PAGE_SIZE))
    pages = -(-result.count // PAGE_SIZE) if result else 0
    return render(request, "find.html", {"r": result, "f": f, "page": page, "pages": pages, "at": d.isoformat()})
