"""Errors to HTTP: which status each domain error means, and the one error shape.

An API client gets `{"ok": false, "error": "...", "status": N, "type": "..."}` for every
error (unknown routes, 405, validation errors and domain errors alike; details may
follow in more fields). A browser (it asks for text/html) gets the web page's
error page instead, through the renderer the app registers (`set_html_renderer`).
The registry raises `LexregError` subclasses that say what went wrong, never how a
screen shows it.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from registry.core.errors import Ambiguous, LexregError, NotAllowed, NotFound, NotSignedIn, TooLarge

_STATUS: dict[type[LexregError], int] = {NotFound: 404, Ambiguous: 409, NotSignedIn: 401, NotAllowed: 403,
                                          TooLarge: 413}
_HTTP_WORDS = {400: "请求有误", 401: "需要登录", 403: "无权操作", 404: "未找到：没有这个地址", 405: "不支持此请求方法",
               409: "有歧义", 413: "上传内容过大", 422: "参数有误", 500: "服务器内部错误"}
log = logging.getLogger("lexreg.http")


class ErrorBody(BaseModel):
    """The one error shape (more fields may follow, e.g. `fields` for a validation error)."""

    model_config = ConfigDict(extra="allow")
    ok: bool = False
    error: str
    status: int
    type: str


# Declared on every route so clients (and the schema fuzz test) know each error's shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": words} for code, words in _HTTP_WORDS.items() if code != 500}


def status_of(exc: LexregError) -> int:
    """The HTTP status for a domain error (400 unless a subclass says otherwise)."""
    for cls in type(exc).__mro__:
        if cls in _STATUS:
            return _STATUS[cls]
    return 400


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def error_body(message: str, status: int, kind: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status, "type": kind, **extra}


def error_response(request: Request, status: int, message: str, kind: str, **extra: Any) -> Response:
    render = getattr(request.app.state, "html_error", None)
    if render is not None and wants_html(request):
        return render(request, status, _HTTP_WORDS.get(status, "无法完成请求"), message)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(message, status, kind, **extra), status_code=status, headers=headers)


def validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    fields = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
        fields.append({"field": loc, "message": str(err.get("msg", ""))})
    text = "；".join(f"{f['field'] or '请求'}：{f['message']}" for f in fields) or "请求有误"
    return f"参数有误：{text}", fields


def install(app: FastAPI, html_error: Callable | None = None) -> None:
    """Register the handlers that give every error the one shape."""
    app.state.html_error = html_error

    @app.exception_handler(LexregError)
    async def _domain(request: Request, exc: LexregError):
        return error_response(request, status_of(exc), str(exc), type(exc).__name__)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        words = _HTTP_WORDS.get(exc.status_code, str(exc.detail))
        message = words if exc.detail in (None, "Not Found", "Method Not Allowed") else f"{words}：{exc.detail}"
        return error_response(request, exc.status_code, message, "HTTPError")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        message, fields = validation_message(exc)
        return error_response(request, 422, message, "ValidationError", fields=fields)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError):
        # e.g. a NUL character, which PostgreSQL text cannot hold: the request's fault, not a bug
        return error_response(request, 400, "请求中含有无法存储或比较的数据（如 NUL 字符）", "BadData")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "服务器内部错误（已记录）", "InternalError")
