"""The gate every request passes before any route: bounded bodies, and no anonymous write.

Pure ASGI, so it acts before a body is read:
- a body over the limit (`Settings.max_upload_bytes`, 20 MB by default) is refused with 413,
  by its Content-Length, or while it streams when it has none;
- a write (POST, PUT, PATCH, DELETE) with neither a bearer token nor a session cookie is
  refused with 401, so a route added without its guard is still closed; the route's own
  guard (`api.http.security.require`) then checks the token and its role.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.security import COOKIE

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_WRITES = {"/signin"}  # the sign-in form itself carries the token in its body


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


class Gate:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        method = scope["method"]
        if method in WRITE_METHODS and scope["path"] not in OPEN_WRITES:
            has_cookie = f"{COOKIE}=" in _header(scope, b"cookie")
            if not _header(scope, b"authorization") and not has_cookie:
                return await _refuse(scope, send, 401, "需要登录：写操作需要有效的令牌（Authorization: Bearer …）或在网页上登录")
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > self.max_bytes:
            return await _refuse(scope, send, 413, f"请求内容过大：超过 {self.max_bytes // (1024 * 1024)} MB 的上限")
        if length.isdigit() or method not in WRITE_METHODS:
            return await self.app(scope, receive, send)
        # no Content-Length (chunked): read at most the limit, then replay
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return await _refuse(scope, send, 413, f"请求内容过大：超过 {self.max_bytes // (1024 * 1024)} MB 的上限")
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """The one error shape (JSON), or a short Chinese page for a browser."""
    if "text/html" in _header(scope, b"accept"):
        body = (f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{status}</title>'
                f'<body><h1>{status}</h1><p>{message}</p><p><a href="/signin">登录</a> · <a href="/">首页</a></p>'
                "</body></html>").encode("utf-8")
        ctype = b"text/html; charset=utf-8"
    else:
        kind = "NotSignedIn" if status == 401 else "TooLarge"
        body = json.dumps({"ok": False, "error": message, "status": status, "type": kind},
                          ensure_ascii=False).encode("utf-8")
        ctype = b"application/json"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
