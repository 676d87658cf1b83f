"""The REST API (FastAPI). Routes translate; the library decides.

Errors raised on purpose (LexregError) become one JSON shape:
{"error": {"type": ..., "message": ...}} with the error's HTTP status.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.http import docs
from api.http.deps import day, session
from api.http.errors import status_of
from registry.core.errors import LexregError
from registry.core.settings import Settings
from registry.norms import store, views
from registry.schema import make_engine

# Route groups in their own modules (search, lifecycle, citations, web pages): each
# exposes `router` (a fastapi.APIRouter). Dependencies: `api.http.deps`.
ROUTER_MODULES: list[str] = ["api.http.routes.citations", "api.http.routes.lifecycle", "api.http.routes.search", "api.web.site"]


def create_app(engine: Engine | None = None) -> FastAPI:
    app = FastAPI(title="lexreg", description="Registry and lifecycle manager for Chinese legal norms.",
                  docs_url=None, redoc_url=None)  # served offline by api.http.docs
    docs.install(app)
    app.state.engine = engine or make_engine(Settings.from_env().database_url)

    @app.exception_handler(LexregError)
    async def _lexreg_error(_request: Request, exc: LexregError):
        return JSONResponse(status_code=status_of(exc),
                            content={"error": {"type": exc.__class__.__name__, "message": str(exc)}})

    for name in ROUTER_MODULES:
        app.include_router(import_module(name).router)

    @app.get("/health")
    def health(s: Session = Depends(session)):
        return {"status": "ok", **store.counts(s)}

    @app.get("/works")
    def list_works(level: Optional[str] = None, status: Optional[str] = None,
                   d: date = Depends(day), s: Session = Depends(session)):
        return views.list_works(s, d, level, status)

    @app.get("/work")
    def show_work(id: str = Query(..., description="Work id, full or short title."),
                  article: Optional[str] = None, version: Optional[date] = None,
                  d: date = Depends(day), s: Session = Depends(session)):
        return views.show(s, id, d, article, version)

    @app.get("/work/history")
    def work_history(id: str = Query(...), d: date = Depends(day), s: Session = Depends(session)):
        return views.history(s, id, d)

    return app
