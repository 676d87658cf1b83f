"""The REST API and the web page as one FastAPI app. Routes translate; the library decides.

Composition root: the gate (bounded bodies, no anonymous write), the one error shape
(`api.http.errors`), the route modules and the web site. Reads are open unless
LEXREG_READS_NEED_TOKEN is set; every write route declares `require(action)`.
"""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager

import anyio
from fastapi import Depends, FastAPI
from sqlalchemy.engine import Engine

from api.http import docs, errors
from api.http.deps import search_service_of
from api.http.fastlane import FastReads
from api.http.gate import Gate
from api.http.routes import citations, cleanup, evaluations, handbook, legality, lifecycle, norms, records, search
from api.http.security import read_guard
from api.web import site
from api.web.templating import error_page
from registry.core.errors import LexregError
from registry.core.settings import Settings
from registry.schema import make_engine

DESCRIPTION = """Registry and lifecycle manager for Chinese legal norms.

Writes need a token: `Authorization: Bearer <token>` (create one with
`lexreg token create --name NAME --role editor|reviewer|admin`). Every error is
`{"ok": false, "error": "...", "status": N}`."""


def served_app() -> FastAPI:
    """The app `lexreg serve` runs (uvicorn calls this factory once in each worker process): one
    that loads the search index before it takes its first request."""
    return create_app(warm=True)


@asynccontextmanager
async def _search_loaded(app: FastAPI):
    """Startup: what searches would otherwise pay as they come loaded first (`SearchService.warm`).
    A store without an index, or an index that does not load, still serves: its searches say what
    is wrong."""
    try:
        await anyio.to_thread.run_sync(search_service_of(app).warm)
    except LexregError as exc:
        print(f"lexreg: 检索索引未预先载入：{exc}", file=sys.stderr)
    yield


def create_app(engine: Engine | None = None, warm: bool = False) -> FastAPI:
    """`warm`: load the search index at startup (`served_app`) rather than at the first search."""
    settings = Settings.from_env()
    app = FastAPI(title="lexreg", description=DESCRIPTION, docs_url=None, redoc_url=None,
                  lifespan=_search_loaded if warm else None)
    docs.install(app)  # /docs and /redoc with their assets served from here (no CDN)
    app.state.engine = engine or make_engine(settings.database_url)
    app.state.settings = settings
    app.add_middleware(FastReads)  # inside the gate: GET /search and /work without FastAPI's routing
    app.add_middleware(Gate, max_bytes=settings.max_upload_bytes)
    errors.install(app, html_error=lambda request, status, title, message:
                   error_page(request, status, title, message))
    guard = [Depends(read_guard)]
    for module in (norms, search, lifecycle, citations, records, evaluations, legality, handbook, cleanup):
        app.include_router(module.router, dependencies=guard, responses=errors.ERROR_RESPONSES)
    app.include_router(site.router, dependencies=guard)
    return app
