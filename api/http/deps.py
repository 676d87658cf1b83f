"""FastAPI dependencies shared by every route module."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Optional

from fastapi import Query, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session

from registry.core.settings import Settings
from registry.search import SearchService


def session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as s:
        yield s


# The dependencies below do no I/O, so they are `async`: FastAPI runs a plain `def` dependency
# in its thread pool, and a hop there and back per dependency per request showed in the load.
async def engine(request: Request):
    return request.app.state.engine


async def day(at: Optional[date] = Query(None, description="Point in time (YYYY-MM-DD); default today.")) -> date:
    return at or date.today()


async def search_service(request: Request) -> SearchService:
    return search_service_of(request.app)


def search_service_of(app) -> SearchService:
    """One SearchService per app (its indexes stay loaded; it reloads itself when the
    index manifest or the store changes), shared by GET /search and the search page."""
    svc = getattr(app.state, "search_service", None)
    if svc is None:
        svc = app.state.search_service = SearchService(app.state.engine, Settings.from_env().index_dir)
    return svc


def json_answer(data) -> JSONResponse:
    """Plain JSON data (str, numbers, lists, dicts) as the response, without FastAPI walking it
    through `jsonable_encoder` first: the hot read routes (/search, /work) answer large dicts."""
    return JSONResponse(data)


def file_responses(*media: str) -> dict:
    """The OpenAPI answer of a route that returns JSON or, on request, a file (Word, CSV, text)."""
    return {200: {"description": "JSON, or the file the `format` asks for.",
                  "content": {t: {} for t in ("application/json", *media)}}}
