"""冲突审查 page: conflict findings with their evidence, and the forms to confirm or dismiss them.

Paths sit under `/review/...` because the JSON API already answers `/conflicts`.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.http.deps import engine, session
from api.http.security import Principal, require
from api.web.templating import HtmlErrorRoute, render
from registry import audit
from registry import review as conflicts
from registry.citations.records import FINDING_STATES
from registry.core.db import session_scope
from registry.core.errors import LexregError
from registry.norms import store

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)


@router.get("/review/conflicts", response_class=HTMLResponse)
def conflicts_page(request: Request, state: Optional[str] = None, kind: Optional[str] = None,
                   work: Optional[str] = None, s: Session = Depends(session)) -> HTMLResponse:
    """Conflict findings with their evidence, state and a form to confirm or dismiss each."""
    work_id = store.get_work(s, work).id if work else None
    rows = [conflicts.finding_json(f) for f in conflicts.findings(s, kind or None, work_id, state or None)]
    titles = {w.id: w.title for w in store.all_works(s)}
    return render(request, "conflicts.html", {"rows": rows, "titles": titles, "kinds": conflicts.KINDS,
                                              "states": FINDING_STATES,
                                              "f": {"state": state or "", "kind": kind or "", "work": work or ""}})


@router.post("/review/conflicts/state")
async def conflict_state(request: Request, p: Principal = Depends(require("review")),
                         eng: Engine = Depends(engine)) -> RedirectResponse:
    """The confirm/dismiss form (reviewer): one finding's new state and reason, then back to the list (303)."""
    form = _form(await request.body())
    with audit.acting_as(p.actor), session_scope(eng) as s:
        conflicts.set_state(s, form.get("id", ""), form.get("state", ""), form.get("reason", ""))
    back = form.get("back", "")
    return RedirectResponse(back if back.startswith("/review/conflicts") else "/review/conflicts", status_code=303)


@router.post("/review/conflicts/run")
def conflict_run(p: Principal = Depends(require("review")), eng: Engine = Depends(engine)) -> RedirectResponse:
    """Run every check now (reviewer; states people gave are kept by the library), then show the list."""
    with audit.acting_as(p.actor), session_scope(eng) as s:
        conflicts.run(s)
    return RedirectResponse("/review/conflicts", status_code=303)


def _form(body: bytes) -> dict[str, str]:
    """An urlencoded form body (no python-multipart needed for three text fields)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise LexregError("表单编码应为 UTF-8") from None
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
