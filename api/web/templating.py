"""What every web page shares: the templates, the frame (navigation, links between a
work's pages), one `render`, and HTML error pages.

Why here and not in a page module: page modules only register routes; the frame
they all render into is declared once, statically, so no module changes another's
lists at import time.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from api.http.errors import status_of
from api.http.security import csrf_token, principal_of
from api.web import context as ctx
from api.web import labels
from registry.core.errors import LexregError
from registry.core.ids import article_of, pid_label
from registry.core.levels import LEVELS
from registry.norms import lifecycle

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

# The top navigation.
NAV: list[tuple[str, str]] = [("/", "首页"), ("/find", "全文检索"), ("/works/list", "法规列表"),
                              ("/review/conflicts", "冲突审查"), ("/review/draft", "合法性审核"),
                              ("/enforcement", "执法手册"), ("/review/cleanup", "定期清理")]


def _with_at(path: str, work: dict[str, Any], **params: Any) -> str:
    return ctx.url(path, id=work["work_id"], **params)


# Links from a work's pages: (label, (work, number of versions) -> url or "" for none).
WORK_LINKS: list[tuple[str, Callable[[dict[str, Any], int], str]]] = [
    ("新旧对照", lambda w, n: _with_at("/works/diff", w) if n > 1 else ""),
    ("引用", lambda w, n: _with_at("/works/cites", w)),
    ("被引用", lambda w, n: _with_at("/works/cited-by", w)),
    ("冲突", lambda w, n: ctx.url("/review/conflicts", work=w["work_id"])),
    ("变更记录", lambda w, n: _with_at("/works/audit", w)),
    ("立法后评估", lambda w, n: _with_at("/works/evaluation", w)),
]
# (label, (work, article label) -> url), shown beside each article of the text page.
# The article label is appended by the page (lexreg.js), so `article` comes last in each URL.
ARTICLE_LINKS: list[tuple[str, Callable[[dict[str, Any], str], str]]] = [
    ("条文沿革", lambda w, label: _with_at("/works/article", w, at=w.get("status_date")) + "&article=" + label),
    ("引用", lambda w, label: _with_at("/works/cites", w) + "&article=" + label),
    ("被引用", lambda w, label: _with_at("/works/cited-by", w) + "&article=" + label),
]


def extra_links(work: dict[str, Any], n_versions: int) -> list[tuple[str, str]]:
    """Links from a work's pages to its other pages; a page that has nothing to show for
    this work (新旧对照 of a single version) gives no link."""
    links = [(label, make(work, n_versions)) for label, make in WORK_LINKS]
    return [(label, href) for label, href in links if href]


def article_links(work: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, url prefix) per article link; the page appends the URL-encoded article label."""
    return [(label, make(work, "")) for label, make in ARTICLE_LINKS]


templates.env.globals.update(url=ctx.url, status_class=ctx.status_class, LEVELS=LEVELS,
                             STATUSES=lifecycle.STATUSES, ARTICLE_LINKS=ARTICLE_LINKS,
                             article_links=article_links, pid_label=pid_label, article_of=article_of,
                             **labels.GLOBALS)


def marked(text: str, marks: list[tuple[int, int]]) -> Markup:
    """A search snippet with its matched words in <mark>, the rest escaped.

    >>> str(marked("征收<土地>的补偿", [(0, 2), (7, 9)]))
    '<mark>征收</mark>&lt;土地&gt;的<mark>补偿</mark>'
    """
    out, pos = [], 0
    for a, b in marks:
        out += [escape(text[pos:a]), Markup("<mark>"), escape(text[a:b]), Markup("</mark>")]
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)


templates.env.filters["marked"] = marked


ROLE_LABEL = {"reader": "查阅", "editor": "编辑", "reviewer": "审核", "admin": "管理员"}
templates.env.globals.update(ROLE_LABEL=ROLE_LABEL)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """One template response with what every page needs (navigation, today's date, who is signed in,
    and the CSRF token every form posts)."""
    user = principal_of(request)
    base = {"nav": NAV, "today": date.today().isoformat(), "path": request.url.path, "user": user,
            "csrf": csrf_token(request, user.session) if user and user.session else ""}
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
    """Routes of a web router answer errors with an HTML page instead of the API's JSON shape.

    A `LexregError` raised by the library becomes a page with its message and the
    error's HTTP status (404 for an unknown work); a malformed parameter (a date like
    2019-13-01) a 422 page. Anything else is a bug and keeps its traceback.
    """

    def get_route_handler(self) -> Callable:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except LexregError as exc:
                status = status_of(exc)
                title = "未找到" if status == 404 else "无法完成请求"
                return error_page(request, status, title, str(exc))
            except RequestValidationError as exc:
                return error_page(request, 422, "参数有误", _param_errors(exc))

        return route
