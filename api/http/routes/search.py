"""GET /search: the same parameters and JSON shape as `lexreg search --json`.

The service is the app's one SearchService (`api.http.deps.search_service`).
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query

from api.http.deps import day, json_answer, search_service
from registry.search import Filters, SearchRequest, SearchService

router = APIRouter()


@router.get("/search")
def search(q: str = Query("", description='Words, "phrases", AND/OR/NOT.'), exact: bool = False,
           scope: str = "article", level: Optional[str] = None, organ: Optional[str] = None,
           status: Optional[str] = None, promulgated_from: Optional[date] = None,
           promulgated_to: Optional[date] = None, effective_from: Optional[date] = None,
           effective_to: Optional[date] = None, limit: int = 10, offset: int = 0,
           d: date = Depends(day), svc: SearchService = Depends(search_service)):
    return json_answer(answer(svc, q, d, exact, scope, level, organ, status, promulgated_from, promulgated_to,
                              effective_from, effective_to, limit, offset))


def answer(svc: SearchService, q: str, d: date, exact: bool = False, scope: str = "article",
           level: Optional[str] = None, organ: Optional[str] = None, status: Optional[str] = None,
           promulgated_from: Optional[date] = None, promulgated_to: Optional[date] = None,
           effective_from: Optional[date] = None, effective_to: Optional[date] = None,
           limit: int = 10, offset: int = 0) -> dict:
    """The JSON of GET /search (the route and `api.http.fastlane` both answer with it)."""
    filters = Filters(day=d, levels=tuple(x for x in (level or "").split(",") if x), organ=organ or "",
                      status=status or None, promulgated_from=promulgated_from, promulgated_to=promulgated_to,
                      effective_from=effective_from, effective_to=effective_to)
    return svc.search(SearchRequest(q, filters, exact, scope, limit, offset)).to_json()
