"""Signing in on the web page with a token, signing out, and a norm's 变更记录 (its audit trail).

Signing in checks the token once and sets a session cookie (HttpOnly, SameSite=Strict;
Secure when served over https) naming it; every later form carries the session's CSRF
token. The token itself is never stored in the browser.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from api.http.deps import session
from api.http.security import COOKIE, SESSION_SECONDS, Principal, require, session_cookie
from api.web.templating import HtmlErrorRoute, render
from registry import audit
from registry.access import find_token
from registry.norms import store

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


def _safe_back(back: str) -> str:
    """Only a path on this site (no //host, no scheme): an open redirect is a phishing tool."""
    return back if back.startswith("/") and not back.startswith("//") else "/"


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, back: str = "/") -> HTMLResponse:
    return render(request, "signin.html", {"back": _safe_back(back), "failed": False})


@router.post("/signin")
async def signin(request: Request, s: Session = Depends(session)):
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    back = _safe_back(form.get("back", "/"))
    token = find_token(s, form.get("token", "").strip())
    if token is None:
        return render(request, "signin.html", {"back": back, "failed": True}, status_code=401)
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(COOKIE, session_cookie(request, token), max_age=SESSION_SECONDS, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/signout")
async def signout(_p: Principal = Depends(require("read"))):
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/works/audit", response_class=HTMLResponse)
def work_audit(request: Request, id: str = Query(...), _p: Principal = Depends(require("review")),
               s: Session = Depends(session)) -> HTMLResponse:
    """变更记录: every change to a norm's record, newest first (reviewer and admin)."""
    work = store.get_work(s, id)
    rows = [audit.entry_json(e) for e in reversed(audit.entries(s, work_id=work.id))]
    return render(request, "audit.html", {"work": work, "rows": rows})
