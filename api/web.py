"""Web pages for legal staff: server-rendered HTML (jinja2) over the same library calls as the JSON API.

Why server-rendered: the pages must work on an office machine with no internet
and no build step; every page is a plain link that can be bookmarked, sent or
printed (`/works/view?id=…&at=2010-01-01` is "the text on that day"). Routes
translate query parameters into one library call and the result into a
template; the library decides (时效性, which version, what changed).

Errors: a `LexregError` raised by the library becomes an HTML page with its
message and the error's HTTP status (404 for an unknown work), and a malformed
parameter (a date like 2019-13-01) a 422 page, through the route class below,
so the JSON API keeps its own one-shape JSON errors. Anything else is a bug
and keeps its traceback.

Pages whose backend lives in another module (新旧对照, 引用, 冲突) are in
`api.web_extra` and are included below.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from api import web_context as ctx
from api.deps import day, session
from registry import lifecycle, views
from registry.errors import LexregError
from registry.levels import LEVELS

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(url=ctx.url, status_class=ctx.status_class, LEVELS=LEVELS,
                             STATUSES=lifecycle.STATUSES)

# The top navigation; `api.web_extra` appends its pages (only those whose library exists).
NAV: list[tuple[str, str]] = [("/", "首页"), ("/works/list", "法规列表")]


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """One template response with what every page needs (navigation, today's date)."""
    base = {"nav": NAV, "today": date.today().isoformat(), "path": request.url.path}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", {"title": title, "message": message, "status": status}, status)


def _param_errors(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        name = str(err.get("loc", ["", "?"])[-1])
        hint = "日期格式应为 YYYY-MM-DD" if "date" in str(err.get("type", "")) else err.get("msg", "")
        parts.append(f"参数 {name}：{hint}（收到 {err.get('input')!r}）" if "input" in err else f"参数 {name}：{hint}")
    return "；".join(parts)


class HtmlErrorRoute(APIRoute):
    """Routes of this router answer errors with an HTML page instead of the app's JSON shape."""

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except LexregError as exc:
                title = "未找到" if exc.http_status == 404 else "无法完成请求"
                return error_page(request, exc.http_status, title, str(exc))
            except RequestValidationError as exc:
                return error_page(request, 422, "参数有误", _param_errors(exc))

        return route


router = APIRouter(route_class=HtmlErrorRoute, include_in_schema=False)
router.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, d: date = Depends(day), s: Session = Depends(session)) -> HTMLResponse:
    """Counts by 效力位阶 and 时效性 on a date, each a link into the filtered list."""
    rows = views.list_works(s, d)
    recent = sorted(rows, key=lambda r: r["version_date"] or "", reverse=True)[:8]
    return render(request, "home.html", {"at": d.isoformat(), "counts": ctx.counts(rows), "recent": recent})


@router.get("/works/list", response_class=HTMLResponse)
def work_list(request: Request, level: Optional[str] = None, status: Optional[str] = None,
              organ: Optional[str] = None, q: Optional[str] = None,
              d: date = Depends(day), s: Session = Depends(session)) -> HTMLResponse:
    """The works with their 时效性 on `at`, filtered by 效力位阶, 时效性, 制定机关 and title words.

    (`/works` itself is the JSON list; this page must not shadow it.)
    """
    every = views.list_works(s, d)
    rows = ctx.sort_rows(ctx.narrow(views.list_works(s, d, level or None, status or None), organ, q))
    return render(request, "list.html", {
        "at": d.isoformat(), "rows": rows, "organs": ctx.organs(every), "counts": ctx.counts(every),
        "f": {"level": level or "", "status": status or "", "organ": organ or "", "q": q or ""}})


@router.get("/works/view", response_class=HTMLResponse)
def work_view(request: Request, id: str = Query(..., description="Work id, full or short title."),
              version: Optional[date] = None, d: date = Depends(day),
              s: Session = Depends(session)) -> HTMLResponse:
    """The text on a date (or one version by its date): metadata, badge, contents, articles with anchors."""
    shown = views.show(s, id, d, None, version)
    hist = views.history(s, shown["work_id"], d)
    page = ctx.work_page(s, shown, hist)
    return render(request, "view.html", {"w": shown, "at": d.isoformat(), "version": ctx.iso(version),
                                         "extra": extra_links(shown, len(hist["versions"])), **page})


@router.get("/works/history", response_class=HTMLResponse)
def work_history(request: Request, id: str = Query(...), d: date = Depends(day),
                 s: Session = Depends(session)) -> HTMLResponse:
    """Versions with their validity intervals, and every lifecycle event, on one timeline."""
    hist = views.history(s, id, d)
    return render(request, "history.html", {"h": hist, "at": d.isoformat(), "timeline": ctx.timeline(hist),
                                            "extra": extra_links(hist, len(hist["versions"]))})


def extra_links(work: dict[str, Any], n_versions: int) -> list[tuple[str, str]]:
    """Links from a work's pages to the pages `api.web_extra` adds; a page that has
    nothing to show for this work (新旧对照 of a single version) gives no link."""
    links = [(label, make(work, n_versions)) for label, make in WORK_LINKS]
    return [(label, href) for label, href in links if href]


# Filled by api.web_extra for the pages it ships: (label, (work, number of versions) -> url or "").
WORK_LINKS: list[tuple[str, Callable[[dict[str, Any], int], str]]] = []
# (label, (work, article label) -> url), shown beside each article of the text page.
ARTICLE_LINKS: list[tuple[str, Callable[[dict[str, Any], str], str]]] = []
templates.env.globals.update(ARTICLE_LINKS=ARTICLE_LINKS)


def article_links(work: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, url prefix) per article link; the page appends the URL-encoded article label."""
    return [(label, make(work, "")) for label, make in ARTICLE_LINKS]


templates.env.globals.update(article_links=article_links)

from api import web_extra  # noqa: E402  (imports this module's names above; registers its links on import)

router.include_router(web_extra.router)
