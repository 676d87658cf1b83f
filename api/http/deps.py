"""FastAPI dependencies shared by every route module."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Optional

from fastapi import Query, Request
from sqlmodel import Session

from registry.core.settings import Settings
from registry.search import SearchService


def session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as s:
        yield s


def engine(request: Request):
    return request.app.state.engine


def day(at: Optional[date] = Query(None, description="Point in time (YYYY-MM-DD); default today.")) -> date:
    return at or date.today()


def search_service(request: Request) -> SearchService:
    """One SearchService per app (its indexes stay loaded; it reloads itself when the
    index manifest or the store changes), shared by GET /search and the search page."""
    svc = getattr(request.app.state, "search_service", None)
    if svc is None:
        svc = request.app.state.search_service = SearchService(request.app.state.engine,
                                                               Settings.from_env().index_dir)
    return svc




def file_responses(*media: str) -> dict:
    """The OpenAPI answer of a route that returns JSON or, on request, a file (Word, CSV, text)."""
    return {200: {"description": "JSON, or the file the `format` asks for.",
                  "content": {t: {} for t in ("application/json", *media)}}}
