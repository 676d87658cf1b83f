"""The REST API and the web page as one FastAPI app. Routes translate; the library decides.

Composition root: the gate (bounded bodies, no anonymous write), the one error shape
(`api.http.errors`), the route modules and the web site. Reads are open unless
LEXREG_READS_NEED_TOKEN is set; every write route declares `require(action)`.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from sqlalchemy.engine import Engine

from api.http import docs, errors
from api.http.fastlane import FastReads
from api.http.gate import Gate
from api.http.routes import citations, cleanup, evaluations, handbook, legality, lifecycle, norms, records, search
from api.http.security import read_guard
from api.web import site
from api.web.templating import error_page
from registry.core.settings import Settings
from registry.schema import make_engine

DESCRIPTION = """Registry and lifecycle manager for Chinese legal norms.

Writes need a token: `Authorization: Bearer <token>` (create one with
`lexreg token create --name NAME --role editor|reviewer|admin`). Every error is
`{"ok": false, "error": "...", "status": N}`."""


def create_app(engine: Engine | None = None) -> FastAPI:
    settings = Settings.from_env()
    app = FastAPI(title="lexreg", description=DESCRIPTION, docs_url=None, redoc_url=None)
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
