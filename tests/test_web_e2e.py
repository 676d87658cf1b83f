"""End to end in a real browser: Debian's Chromium driven by Playwright against uvicorn on a temp store.

What it proves that TestClient cannot: the pages load their CSS and JS from
our own server (no CDN), the date picker reloads the text for another day,
and clicking in the contents and on an article shows what a person expects.
Chromium is the system package (/usr/bin/chromium), never a Playwright
download; its absence is a failure with the fix, not a skip.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import web_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_corpus, module_store):
    """uvicorn in a subprocess (its own event loop and settings), stopped after the module."""
    tmp = tmp_path_factory.mktemp("e2e")
    _, settings = web_store.build(tmp, shared_corpus, module_store.url("e2e"))
    port = _free_port()
    log = (tmp / "uvicorn.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.http.app:create_app", "--factory", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env={**os.environ, **settings}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a loaded 2-core machine starts it slowly
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                assert proc.poll() is None, (tmp / "uvicorn.log").read_text()
                assert time.monotonic() < deadline, "uvicorn did not answer within 60 s"
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.is_file(), (f"{CHROMIUM} is missing: `make test` installs it (apt-get install -y chromium); "
                                "do not run `playwright install`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def test_a_person_finds_the_land_law_changes_the_date_and_opens_an_article(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.set_default_timeout(10_000)

    page.goto(server + "/")
    assert page.title() == "首页 · lexreg 法规库"
    assert page.locator(".counts a", has_text="法律").is_visible()

    # full-text search from the home page, then into the law from its hit
    page.fill(".bigsearch input[name=q]", "永久基本农田")
    page.click(".bigsearch button")
    page.wait_for_url("**/find?**")
    first_hit = page.locator("article.hit").first
    assert "中华人民共和国土地管理法" in first_hit.inner_text()
    assert first_hit.locator("mark").first.inner_text() == "永久基本农田"
    first_hit.locator("h3 a").click()
    page.wait_for_url("**/works/view?**")
    assert page.locator("h1").inner_text() == "中华人民共和国土地管理法"
    assert page.locator(".chip.on").inner_text() == "2019-08-26"
    assert page.locator(".doc-head .badge").inner_text() == "现行有效"

    # the date picker reloads the page with the text in force on that day
    page.fill("input[name=at][data-autosubmit]", "2010-01-01")  # fires change -> lexreg.js submits the form
    page.wait_for_url("**at=2010-01-01**")
    assert page.locator(".chip.on").inner_text() == "2004-08-28"
    assert page.locator(".toc h2").inner_text().endswith("86 条")

    # contents -> chapter, then the article itself
    page.click(".toc a[href='#chp_5']")
    page.wait_for_url("**#chp_5")
    assert page.locator("#chp_5").is_visible()
    art = page.locator("section.art#art_47")
    art.locator("a.art-no").click()
    page.wait_for_url("**#art_47")
    assert art.is_visible()
    assert art.inner_text().startswith("第四十七条")
    assert "征收土地的，按照被征收土地的原用途给予补偿。" in art.inner_text()
    background = art.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 248, 214)"  # :target highlight: our stylesheet was served and applied
    art.hover()
    art.locator(".art-links a", has_text="条文沿革").click()  # links lexreg.js added beside the article
    page.wait_for_url("**/works/article?**")
    assert "第四十七条 条文沿革" in page.locator("h1").inner_text()

    shot = tmp_path / "article-history.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert failed == [], f"requests that failed (nothing may come from outside): {failed}"
    page.close()


def test_an_unknown_work_shows_the_friendly_404_page(server, browser):
    page = browser.new_page(locale="zh-CN")
    response = page.goto(server + "/works/view?id=不存在的法")
    assert response is not None and response.status == 404
    assert page.locator(".error h1").inner_text().startswith("未找到")
    assert "不存在的法" in page.locator(".error .msg").inner_text()
    page.close()
