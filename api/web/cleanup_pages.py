"""清理 workbench: campaigns, the proposals table with its filters, accept/override, dry run,
apply, and the Word/CSV downloads.

Paths sit under `/review/cleanup/...` (the JSON API answers `/cleanup`). Pages render what
`registry.cleanup` returns; every form posts to a route guarded by `require("review")`.
"""

from __future__ import annotations

from datetime import date
from typing import Optional
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.http.deps import engine, session
from api.http.security import Principal, require
from api.web.templating import HtmlErrorRoute, render
from registry import audit
from registry.cleanup import apply as applying
from registry.cleanup import campaigns
from registry.cleanup.context import Scope, parse_look_ahead
from registry.cleanup.reasons import KIND_LABELS, KINDS
from registry.cleanup.records import OPINIONS, STATE_LABELS, STATES
from registry.core.db import session_scope
from registry.core.errors import LexregError
from registry.core.levels import LEVELS

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)
BASE = "/review/cleanup"


def page_url(name: str, **params: str) -> str:
    from api.web.context import url

    return url(f"{BASE}/{quote(name, safe='')}", **params)



def _form(body: bytes) -> dict[str, list[str]]:
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise LexregError("表单编码应为 UTF-8") from None


def _one(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[0].strip()


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise LexregError(f"{field}应为日期（YYYY-MM-DD），收到 {value!r}") from None


@router.get(BASE, response_class=HTMLResponse)
def campaigns_page(request: Request, s: Session = Depends(session)) -> HTMLResponse:
    return render(request, "cleanup_list.html", {"campaigns": campaigns.list_json(s), "levels": LEVELS,
                                                 "page_url": page_url,
                                                 "tasks": list(applying.task_json(s).values())})


@router.post(f"{BASE}/new")
async def new_campaign(request: Request, eng: Engine = Depends(engine),
                       p: Principal = Depends(require("review"))) -> RedirectResponse:
    form = _form(await request.body())
    name = _one(form, "name")
    scope = Scope(organ=_one(form, "organ"), levels=[x for x in form.get("level", []) if x],
                  promulgated_from=_day(_one(form, "from"), "公布日期起") if _one(form, "from") else None,
                  promulgated_to=_day(_one(form, "to"), "公布日期止") if _one(form, "to") else None,
                  works=[w.strip() for w in _one(form, "works").splitlines() if w.strip()])
    with audit.acting_as(p.actor), session_scope(eng) as s:
        campaigns.create(s, name, _day(_one(form, "as_of"), "清理基准日"), scope,
                         parse_look_ahead(_one(form, "look_ahead") or "6m"))
        campaigns.run(s, name)
    return RedirectResponse(page_url(name), status_code=303)


@router.get(BASE + "/{name}", response_class=HTMLResponse)
def campaign_page(request: Request, name: str, opinion: Optional[str] = None, reason: Optional[str] = None,
                  state: Optional[str] = None, dry_run: Optional[date] = None,
                  s: Session = Depends(session)) -> HTMLResponse:
    data = campaigns.show_json(s, name, opinion or None, reason or None, state or None)
    preview = applying.apply(s, name, dry_run, dry_run=True).to_json() if dry_run else None
    s.rollback()
    return render(request, "cleanup_campaign.html", {
        "c": data, "opinions": OPINIONS, "kinds": KINDS, "kind_labels": KIND_LABELS, "states": STATES,
        "state_labels": STATE_LABELS, "f": {"opinion": opinion or "", "reason": reason or "", "state": state or ""},
        "preview": preview, "page_url": page_url, "quote": quote})


def _back(form: dict[str, list[str]], name: str) -> str:
    back = _one(form, "back")
    return back if back.startswith(BASE + "/") else page_url(name)


@router.post(BASE + "/{name}/decide")
async def decide(request: Request, name: str, eng: Engine = Depends(engine),
                 p: Principal = Depends(require("review"))) -> RedirectResponse:
    form = _form(await request.body())
    with audit.acting_as(p.actor), session_scope(eng) as s:
        campaigns.decide(s, name, _one(form, "work"), _one(form, "opinion"), _one(form, "note"))
    return RedirectResponse(_back(form, name), status_code=303)


@router.post(BASE + "/{name}/accept")
async def accept(request: Request, name: str, eng: Engine = Depends(engine),
                 p: Principal = Depends(require("review"))) -> RedirectResponse:
    form = _form(await request.body())
    with audit.acting_as(p.actor), session_scope(eng) as s:
        campaigns.accept(s, name, _one(form, "opinion") or None, _one(form, "reason") or None,
                         _one(form, "all") == "1", _one(form, "note"))
    return RedirectResponse(_back(form, name), status_code=303)


@router.post(BASE + "/{name}/run")
async def rerun(request: Request, name: str, eng: Engine = Depends(engine),
                p: Principal = Depends(require("review"))) -> RedirectResponse:
    with audit.acting_as(p.actor), session_scope(eng) as s:
        campaigns.run(s, name)
    return RedirectResponse(page_url(name), status_code=303)


@router.post(BASE + "/{name}/apply")
async def apply(request: Request, name: str, eng: Engine = Depends(engine),
                p: Principal = Depends(require("review"))) -> RedirectResponse:
    form = _form(await request.body())
    with audit.acting_as(p.actor), session_scope(eng) as s:
        applying.apply(s, name, _day(_one(form, "date"), "决定日期"))
    return RedirectResponse(page_url(name, state="applied"), status_code=303)
