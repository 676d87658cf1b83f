"""Web pages over the lifecycle, citation and conflict modules: 新旧对照, 条文沿革, 引用/被引用, 冲突审查.

Why apart from `api.web`: these pages exist only because their libraries
(`registry.diff_views`, `registry.graph`, `registry.conflicts`) exist; keeping
them here keeps `api.web` about reading norms. Paths sit under `/works/...`
and `/review/...` because the JSON API already answers `/diff` and `/conflicts`
(api.routes_lifecycle, api.routes_citations); the Word 对照表 link points at
that JSON API's `format=docx`, so there is one way to make the document.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api import web_context as ctx
from api.deps import day, engine, session
from api.web import ARTICLE_LINKS, NAV, WORK_LINKS, HtmlErrorRoute, render, templates
from api.routes_search import _service as search_service  # one SearchService per app, shared with GET /search
from registry import conflicts, graph, store, views
from registry.citation_models import FINDING_STATES
from registry.compare import word_segments
from registry.db import session_scope
from registry.diff_views import article_history, diff_work
from registry.errors import LexregError
from registry.search import Filters, SearchRequest, SearchService

router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)
PAGE_SIZE = 20

STATE_LABEL = {"open": "待处理", "confirmed": "已确认", "dismissed": "已排除"}
KIND_LABEL = {"repealed_target": "引用已废止/失效规范", "dangling_article": "引用的条文不存在",
              "stale_article": "引用的条文已变动", "basis_changed": "制定依据已修改或废止",
              "number_mismatch": "同一事项数值不一致", "beyond_competence": "可能超越权限"}
CHANGE_LABEL = {"modified": "修改", "added": "新增", "removed": "删除", "unchanged": "未改",
                "present": "原文", "moved": "条序调整", "moved+modified": "条序调整并修改", "absent": "—"}
SEVERITY_LABEL = {"high": "高", "medium": "中", "low": "低"}
CITE_STATE_LABEL = {"resolved": "已对应", "partial": "条文未找到", "unresolved": "未找到规范", "generic": "泛指"}
# readings the resolver inferred rather than read off the text: staff should see them as such
CITE_VIA_LABEL = {"carried": "按前文所引条文推定", "amended_text": "按修改后的条文序号"}
templates.env.globals.update(pid_label=ctx.pid_label, article_of=ctx.article_of, STATE_LABEL=STATE_LABEL,
                             KIND_LABEL=KIND_LABEL, CHANGE_LABEL=CHANGE_LABEL, SEVERITY_LABEL=SEVERITY_LABEL,
                             CITE_STATE_LABEL=CITE_STATE_LABEL, CITE_VIA_LABEL=CITE_VIA_LABEL)


@router.get("/find", response_class=HTMLResponse)
def find_page(request: Request, q: str = "", exact: bool = False, level: Optional[str] = None,
              organ: Optional[str] = None, status: Optional[str] = None, page: int = Query(1, ge=1),
              d: date = Depends(day), svc: SearchService = Depends(search_service)) -> HTMLResponse:
    """Full-text search (精确 n-gram or 模糊 ranked) over the text in force on `at`, with facets.

    (`/search` is the JSON API; this page calls the same service with the same filters.)
    """
    f = {"q": q, "exact": exact, "level": level or "", "organ": organ or "", "status": status or "",
         "at": d.isoformat()}
    result = None
    if q.strip():
        filters = Filters(day=d, levels=(level,) if level else (), organ=organ or "", status=status or None)
        result = svc.search(SearchRequest(q, filters, exact, "article", PAGE_SIZE, (page - 1) * PAGE_SIZE))
    pages = -(-result.count // PAGE_SIZE) if result else 0
    return render(request, "find.html", {"r": result, "f": f, "page": page, "pages": pages, "at": d.isoformat()})


@router.get("/works/diff", response_class=HTMLResponse)
def diff_page(request: Request, id: str = Query(...), from_: Optional[date] = Query(None, alias="from"),
              to: Optional[date] = None, all: bool = False, s: Session = Depends(session)) -> HTMLResponse:
    """新旧对照 of two versions; by default the latest version against the one before it."""
    hist = views.history(s, id, date.today())
    dates = [v["version_date"] for v in hist["versions"]]
    if len(dates) < 2 and (from_ is None or to is None):
        raise LexregError(f"{hist['title']} 只有一个版本，无可对照的文本")
    old_day = from_ or date.fromisoformat(dates[-2])
    new_day = to or date.fromisoformat(dates[-1])
    diff = diff_work(s, hist["work_id"], old_day, new_day)
    rows = [r for r in diff.rows if all or r.status != "unchanged" or r.renumbered]
    marked = [(r, *word_segments(r.old_text, r.new_text)) if r.status == "modified" else (r, None, None)
              for r in rows]
    docx = ctx.url("/diff", id=diff.work.id, **{"from": diff.old.version_date.isoformat()},
                   to=diff.new.version_date.isoformat(), format="docx")
    return render(request, "diff.html", {"d": diff, "rows": marked, "summary": diff.summary(), "dates": dates,
                                         "all": all, "docx": docx, "h": hist})


@router.get("/works/article", response_class=HTMLResponse)
def article_page(request: Request, id: str = Query(...), article: str = Query(...),
                 d: date = Depends(day), s: Session = Depends(session)) -> HTMLResponse:
    """One article through every version (its number and words in each), with what changed."""
    data = article_history(s, id, article, d)
    for row in data["versions"]:
        if row["changes"] and row["text"]:
            before = next((r["text"] for r in reversed(data["versions"][:data["versions"].index(row)]) if r["text"]), "")
            row["marked"] = word_segments(before, row["text"])
    return render(request, "article.html", {"a": data, "at": d.isoformat()})


@router.get("/works/cites", response_class=HTMLResponse)
def cites_page(request: Request, id: str = Query(...), article: Optional[str] = None,
               s: Session = Depends(session)) -> HTMLResponse:
    """What a norm (or one article) cites: other norms first, then its own cross-references."""
    data = graph.cites(graph.build(s), s, id, article or None)
    return render(request, "cites.html", {"c": data, "article": article or ""})


@router.get("/works/cited-by", response_class=HTMLResponse)
def cited_by_page(request: Request, id: str = Query(...), article: Optional[str] = None,
                  s: Session = Depends(session)) -> HTMLResponse:
    """What relies on a norm (or one article): the citing provisions with their words."""
    data = graph.cited_by(graph.build(s), s, id, article or None)
    return render(request, "cited_by.html", {"c": data, "article": article or ""})


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
async def conflict_state(request: Request, eng: Engine = Depends(engine)) -> RedirectResponse:
    """The confirm/dismiss form: one finding's new state and reason, then back to the list (303)."""
    form = _form(await request.body())
    with session_scope(eng) as s:
        conflicts.set_state(s, form.get("id", ""), form.get("state", ""), form.get("reason", ""))
    back = form.get("back", "")
    return RedirectResponse(back if back.startswith("/review/conflicts") else "/review/conflicts", status_code=303)


@router.post("/review/conflicts/run")
def conflict_run(eng: Engine = Depends(engine)) -> RedirectResponse:
    """Run every check now (states people gave are kept by the library), then show the list."""
    with session_scope(eng) as s:
        conflicts.run(s)
    return RedirectResponse("/review/conflicts", status_code=303)


def _form(body: bytes) -> dict[str, str]:
    """An urlencoded form body (no python-multipart needed for three text fields)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise LexregError("表单编码应为 UTF-8") from None
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


def _with_at(path: str, work: dict[str, Any], **params: Any) -> str:
    return ctx.url(path, id=work["work_id"], **params)


NAV.insert(1, ("/find", "全文检索"))
NAV.append(("/review/conflicts", "冲突审查"))
WORK_LINKS.extend([
    ("新旧对照", lambda w, n: _with_at("/works/diff", w) if n > 1 else ""),
    ("引用", lambda w, n: _with_at("/works/cites", w)),
    ("被引用", lambda w, n: _with_at("/works/cited-by", w)),
    ("冲突", lambda w, n: ctx.url("/review/conflicts", work=w["work_id"])),
])
# The article label is appended by the page (lexreg.js), so `article` comes last in each URL.
ARTICLE_LINKS.extend([
    ("条文沿革", lambda w, label: _with_at("/works/article", w, at=w.get("status_date")) + "&article=" + label),
    ("引用", lambda w, label: _with_at("/works/cites", w) + "&article=" + label),
    ("被引用", lambda w, label: _with_at("/works/cited-by", w) + "&article=" + label),
])
