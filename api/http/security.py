"""Sign-in for the API and the web page: bearer tokens, session cookies, CSRF, and the role guard.

API clients send `Authorization: Bearer <token>`. The web page signs in once with a
token and then carries a session cookie (HttpOnly, SameSite=Strict) naming the token,
signed with the server's key; every form posted with that cookie carries a CSRF token
derived from the session. `require(action)` is the one guard a write route declares;
`registry.access.allows` decides. A route with no guard is refused anyway: the app's
middleware lets no write through without credentials (see `api.http.app`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from registry.access import allows, needed_roles
from registry.access.tokens import Token, find_token
from registry.core.errors import NotAllowed, NotSignedIn
from registry.core.settings import Settings

COOKIE = "lexreg_session"
SESSION_SECONDS = 12 * 3600
BEARER = HTTPBearer(auto_error=False, description="A lexreg token (`lexreg token create --name N --role R`).")


@dataclass(frozen=True)
class Principal:
    """Who is asking: the token's name and role, and how it came (bearer or cookie)."""

    name: str
    role: str
    via: str  # bearer | cookie
    session: str = ""  # the cookie value, for the CSRF token

    @property
    def actor(self) -> str:
        return f"token:{self.name}"


def server_key(settings: Settings) -> bytes:
    """The key that signs session cookies: LEXREG_SECRET_KEY, else a random key kept in the data folder."""
    env = os.environ.get("LEXREG_SECRET_KEY")
    if env:
        return env.encode("utf-8")
    path = Path(settings.data_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip().encode("utf-8")


def _key(request: Request) -> bytes:
    key = getattr(request.app.state, "secret_key", None)
    if key is None:
        key = request.app.state.secret_key = server_key(Settings.from_env())
    return key


def _sign(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def session_cookie(request: Request, token: Token) -> str:
    """A cookie value naming `token` until it expires, signed with the server key and the token's hash
    (a revoked or re-issued token ends every session made from it)."""
    expires = int(time.time()) + SESSION_SECONDS
    payload = f"{token.id}.{expires}"
    return f"{payload}.{_sign(_key(request), payload + '.' + token.secret_hash)}"


def csrf_token(request: Request, session: str) -> str:
    return _sign(_key(request), "csrf:" + session)[:32]


def _from_cookie(request: Request, s: Session, value: str) -> Token | None:
    try:
        token_id, expires, sig = value.split(".")
        if int(expires) < time.time():
            return None
        token = s.get(Token, int(token_id))
    except (ValueError, TypeError):
        return None
    if token is None or token.revoked_at is not None:
        return None
    good = _sign(_key(request), f"{token_id}.{expires}.{token.secret_hash}")
    return token if hmac.compare_digest(good, sig) else None


def principal_of(request: Request, creds: HTTPAuthorizationCredentials | None = None) -> Principal | None:
    """The signed-in principal of a request, or None."""
    with Session(request.app.state.engine) as s:
        if creds is not None and creds.scheme.lower() == "bearer":
            token = find_token(s, creds.credentials)
            return Principal(token.name, token.role, "bearer") if token else None
        cookie = request.cookies.get(COOKIE, "")
        if cookie:
            token = _from_cookie(request, s, cookie)
            return Principal(token.name, token.role, "cookie", cookie) if token else None
    return None


async def _check_csrf(request: Request, p: Principal) -> None:
    """A cookie-signed-in write must carry the session's CSRF token (form field `csrf` or X-CSRF-Token)."""
    sent = request.headers.get("x-csrf-token", "")
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            sent = str((await request.form()).get("csrf", ""))
        elif ctype.startswith("application/x-www-form-urlencoded"):
            sent = (parse_qs((await request.body()).decode("utf-8", "replace")).get("csrf") or [""])[0]
    if not hmac.compare_digest(sent, csrf_token(request, p.session)):
        raise NotAllowed("表单已过期或缺少校验码（CSRF），请刷新页面后重试")


def require(action: str) -> Callable:
    """The guard of a route: the request must come from a token whose role allows `action`."""
    roles = "、".join(needed_roles(action))

    async def guard(request: Request, creds: HTTPAuthorizationCredentials | None = Security(BEARER)) -> Principal:
        p = principal_of(request, creds)
        if p is None:
            raise NotSignedIn("需要登录：请提供有效的令牌（Authorization: Bearer …）或在网页上登录")
        if not allows(p.role, action):
            raise NotAllowed(f"令牌“{p.name}”的角色（{p.role}）无权执行此操作；需要角色：{roles}")
        if p.via == "cookie" and request.method not in ("GET", "HEAD", "OPTIONS"):
            await _check_csrf(request, p)
        request.state.principal = p
        return p

    guard.lexreg_action = action  # the route test reads it
    return guard


OPEN_READS = ("/health", "/signin", "/static", "/docs", "/redoc", "/openapi.json")


async def read_guard(request: Request) -> None:
    """Reads are open by default; with LEXREG_READS_NEED_TOKEN they need a reader token too.
    (The header is read by hand, not through `BEARER`, so open reads declare no security in OpenAPI.)"""
    settings = getattr(request.app.state, "settings", None) or Settings.from_env()
    if not settings.reads_need_token or request.method not in ("GET", "HEAD"):
        return
    if request.url.path.startswith(OPEN_READS):
        return
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    creds = HTTPAuthorizationCredentials(scheme=scheme, credentials=secret.strip()) if secret else None
    p = principal_of(request, creds)
    if p is None:
        raise NotSignedIn("需要登录：本系统设置为查阅也需令牌")
    if not allows(p.role, "read"):
        raise NotAllowed(f"令牌“{p.name}”的角色（{p.role}）无权查阅")
