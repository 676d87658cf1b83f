"""Every page as legal staff see it, in a real browser with the network cut off: Debian's
Chromium (Playwright drives it) against uvicorn on the small real store of tests/web_store.py.

Each page is screenshotted into pytest's tmp_path (removed with the run's temp folders)
and its rendered text checked for internal ids (art_37__para_2, /cn/law/…, codes such as
later_version_only) and English messages. Any request that leaves 127.0.0.1 is aborted
and fails the test, so /docs and /redoc prove their assets are served by us.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from test_web_e2e import browser, server  # noqa: F401  (fixtures: uvicorn on a temp store, Chromium)
from web_store import LAND_ID

NOTICE_TITLE = "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知"
LAND = quote(LAND_ID)
PAGES = {
    "home": "/",
    "list": "/works/list",
    "view": f"/works/view?id={LAND}",
    "view-2010": f"/works/view?id={LAND}&at=2010-01-01",
    "history": f"/works/history?id={LAND}",
    "diff": f"/works/diff?id={LAND}&from=2004-08-28&to=2019-08-26",
    "article": f"/works/article?id={LAND}&article={quote('第四十七条')}",
    "cites": f"/works/cites?id={quote(NOTICE_TITLE)}",
    "cites-unresolved": f"/works/cites?id={quote(NOTICE_TITLE)}&state=unresolved",
    "cited-by": f"/works/cited-by?id={LAND}",
    "conflicts": "/review/conflicts",
    "find": f"/find?q={quote('永久基本农田')}",
}
ERROR_PAGES = {"unknown-work": "/works/view?id=不存在的法"}

INTERNAL = re.compile(r"\b(?:art|para|item|sec|sub|chp|part)_\d|/cn/|\b[a-z]+_[a-z_]+\b|\[(?:replace|insert|delete)\]")
# three English words in a row is a message, not a name (lexreg, Word, API stay allowed)
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,.'-]+[A-Za-z]{2,}){2,}")


def _visit(browser, base, path, shots, name, blocked):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(15_000)

    def guard(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    response = page.goto(base + path)
    page.wait_for_load_state("networkidle")
    shot = shots / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5_000, name
    return page, response


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_show_no_internal_id_and_no_english(server, browser, tmp_path, name):  # noqa: F811
    blocked: list[str] = []
    page, response = _visit(browser, server, PAGES[name], tmp_path, name, blocked)
    assert response is not None and response.status == 200, name
    text = page.inner_text("body")
    assert not INTERNAL.findall(text), (name, INTERNAL.findall(text)[:5])
    assert not ENGLISH.findall(text), (name, ENGLISH.findall(text)[:5])
    assert blocked == [], blocked
    page.close()


def test_the_diff_page_sets_rewritten_articles_side_by_side(server, browser, tmp_path):  # noqa: F811
    page, _ = _visit(browser, server, PAGES["diff"], tmp_path, "diff-rows", [])
    rows = page.locator("table.diff tbody tr")
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert any(t.startswith("第四十七条") and "第四十八条" in t for t in texts)
    assert any("（删去第" in t for t in texts)
    page.close()


@pytest.mark.parametrize("name", sorted(ERROR_PAGES))
def test_error_pages_show_no_internal_id(server, browser, tmp_path, name):  # noqa: F811
    blocked: list[str] = []
    page, response = _visit(browser, server, ERROR_PAGES[name], tmp_path, name, blocked)
    assert response is not None and response.status == 404
    assert not INTERNAL.findall(page.inner_text("body"))
    assert blocked == []
    page.close()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_render_offline(server, browser, tmp_path, path):  # noqa: F811
    blocked: list[str] = []
    page, response = _visit(browser, server, path, tmp_path, path.strip("/"), blocked)
    assert response is not None and response.status == 200
    if path == "/docs":
        page.wait_for_selector(".swagger-ui .info .title")
        assert "lexreg" in page.inner_text(".swagger-ui .info .title")
        assert page.locator(".opblock").count() > 10  # every route drawn from /openapi.json
    else:
        page.wait_for_selector("redoc h1, .api-content h1")
        assert "lexreg" in page.inner_text("body")
    assert blocked == [], f"requests to outside were made (and blocked): {blocked}"
    page.close()
