"""A fast lane for the two hot reads, GET /search and GET /work, in plain ASGI.

Reads the query string and answers with the very functions the routes answer with
(`routes.search.answer`, `routes.norms.answer_work`), run in a thread as a sync route
is; writes nothing. Why: under load, FastAPI's routing, dependency solving and
parameter validation cost as much CPU as an article read itself. Only a plain request
takes the lane: parameters it knows, each in its plain form (digits, YYYY-MM-DD), reads
open to all (no LEXREG_READS_NEED_TOKEN). Anything else, and any error the answer
raises, goes on to the app unchanged, so errors, validation and their one shape stay
FastAPI's (`api.http.errors`), and the OpenAPI description stays the routes'. The lane's reads
run LANE_THREADS at a time per worker, in the order they came.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial
from urllib.parse import parse_qsl

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from api.http.deps import search_service
from api.http.routes import norms, search

_NUMBER = re.compile(r"\d{1,6}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SEARCH_PARAMS = {"q": str, "limit": int, "offset": int, "at": date}
WORK_PARAMS = {"id": str, "article": str, "version": date, "at": date}


def _params(raw: bytes, known: dict) -> dict | None:
    """The query's parameters in their plain forms, or None (the app answers instead)."""
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return None
    out: dict = {}
    for key, value in pairs:
        kind = known.get(key)
        if kind is None or key in out:
            return None
        if kind is int:
            if not _NUMBER.fullmatch(value):
                return None
            out[key] = int(value)
        elif kind is date:
            if not _DAY.fullmatch(value):
                return None
            try:
                out[key] = date.fromisoformat(value)
            except ValueError:
                return None
        else:
            out[key] = value
    return out


# Threads a worker answers the lane's reads with, first come first served. Why not the default pool
# (40): the reads are CPU work sharing one GIL, so 8 concurrent searches in 8 threads all finish about
# 8 searches late; two keep the core busy while one waits on SQLite. Measured under the loopback mix
# of bench.answers_at_once, alternating runs on a shared machine: p95 91-133 against 105-200 ms,
# server CPU 4.1-5.1 against 5.4-5.7 ms a request.
LANE_THREADS = 2


class FastReads:
    def __init__(self, app: ASGIApp):
        self.app = app
        # its own threads, not the event loop's: a test client may run several loops over one app
        self._threads = ThreadPoolExecutor(LANE_THREADS, thread_name_prefix="lexreg-lane")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in ("/search", "/work"):
            return await self.app(scope, receive, send)
        state = scope["app"].state if "app" in scope else None
        settings = getattr(state, "settings", None)
        if state is None or settings is None or settings.reads_need_token:
            return await self.app(scope, receive, send)
        raw = scope.get("query_string", b"")
        if scope["path"] == "/search":
            p = _params(raw, SEARCH_PARAMS)
            if p is None:
                return await self.app(scope, receive, send)
            svc = await search_service(_Request(scope))
            work = partial(search.answer, svc, p.get("q", ""), p.get("at") or date.today(),
                           limit=p.get("limit", 10), offset=p.get("offset", 0))
        else:
            p = _params(raw, WORK_PARAMS)
            if p is None or "id" not in p:
                return await self.app(scope, receive, send)
            work = partial(norms.answer_work, state.engine, p["id"], p.get("at") or date.today(),
                           p.get("article"), p.get("version"))
        try:
            data = await asyncio.get_running_loop().run_in_executor(self._threads, work)
            response = JSONResponse(data)
        except Exception:  # noqa: BLE001 - the app answers again, with its own error handling and shape
            return await self.app(scope, receive, send)
        await response(scope, receive, send)


class _Request:
    """What `deps.search_service` reads of a request: the app."""

    def __init__(self, scope: Scope):
        self.app = scope["app"]
