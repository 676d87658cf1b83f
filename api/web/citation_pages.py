"""引用 and 被引用 pages: what a norm (or one article) cites, and what relies on it."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.http.deps import session
from api.web.templating import HtmlErrorRoute, render
from registry.citations import cached as cached_graph
from registry.citations import graph, listing

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


@router.get("/works/cites", response_class=HTMLResponse)
def cites_page(request: Request, id: str = Query(...), article: Optional[str] = None, state: str = "all",
               s: Session = Depends(session)) -> HTMLResponse:
    """Every citation a norm (or one article) makes, by citing version in text order, with its state."""
    state = state if state in listing.FILTERS else "all"
    data = listing.citations_of(s, id, state, article=article or None)
    return render(request, "cites.html", {"c": data, "article": article or "", "state": state})


@router.get("/works/cited-by", response_class=HTMLResponse)
def cited_by_page(request: Request, id: str = Query(...), article: Optional[str] = None,
                  s: Session = Depends(session)) -> HTMLResponse:
    """What relies on a norm (or one article): the citing provisions with their words."""
    data = graph.cited_by(cached_graph.build(s), s, id, article or None)
    return render(request, "cited_by.html", {"c": data, "article": article or ""})
