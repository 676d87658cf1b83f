"""The web pages for legal staff, through FastAPI's TestClient on a small real store.

What a person must be able to rely on: the text on a date is the version in
force that day (2004 text on 2010-01-01, 2019 text today), its 时效性 badge is
the one the lifecycle derives, an unknown work is a readable 404 page, and the
HTML pages never shadow the JSON API that shares the app.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import web_store
from fastapi.testclient import TestClient

from api.http.app import create_app
from registry.citations.records import Finding
from registry.core.db import session_scope
from tests.auth import csrf, sign_in

NOTICE_ID = "/cn/normative/2008/国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知"
OLD_47 = "征收土地的，按照被征收土地的原用途给予补偿。"


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus, module_store):
    return web_store.build(tmp_path_factory.mktemp("web"), shared_corpus, module_store.url("web"))


@pytest.fixture(scope="module")
def store(built):
    return built[0]


@pytest.fixture(scope="module")
def client(built):
    """The app on the small store; the search page finds its index through LEXREG_INDEX_DIR."""
    with pytest.MonkeyPatch.context() as mp:
        for key, value in built[1].items():
            mp.setenv(key, value)
        yield TestClient(create_app(built[0]))


def page(client: TestClient, url: str, params: dict | None = None, status: int = 200) -> str:
    r = client.get(url, params=params)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return unescape(r.text)


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)))


def badge(status: str) -> re.Pattern:
    return re.compile(rf'<span class="badge st-[a-z]+">{status}</span>')


def test_the_2004_text_on_2010_01_01(client):
    html = page(client, "/works/view", {"id": "土地管理法", "at": "2010-01-01"})
    seen = text_of(html)
    assert "中华人民共和国土地管理法" in seen and "目录 86 条" in seen
    assert badge("现行有效").search(html)
    assert "2004-08-28 起，至 2020-01-01 新版本施行时止" in seen
    assert re.search(r'<a class="chip on"[^>]*>2004-08-28</a>', html)
    art47 = re.search(r'<section class="art" id="art_47">(.*?)</section>', html, re.S).group(1)
    assert "第四十七条" in art47 and OLD_47 in art47
    assert "永久基本农田" not in seen and "第一章 总则" in seen
    assert '<a href="#chp_5">第五章　建设用地</a>' in html  # the table of contents links to its chapter


def test_the_2019_text_today(client):
    html = page(client, "/works/view", {"id": "/cn/law/1986/土地管理法"})
    seen = text_of(html)
    assert "目录 87 条" in seen and "永久基本农田" in seen and OLD_47 not in seen
    assert re.search(r'<a class="chip on"[^>]*>2019-08-26</a>', html)
    assert "2020-01-01 起，尚无后续版本" in seen and "全国人民代表大会常务委员会" in seen


def test_a_promulgated_version_not_yet_in_force_is_announced(client):
    seen = text_of(page(client, "/works/view", {"id": "土地管理法", "at": "2019-10-01"}))
    assert "2004-08-28 版本" in seen
    assert "新版本（2019-08-26 公布）尚未生效，将于 2020-01-01 起施行" in seen


def test_an_old_version_asked_for_today_is_marked_amended(client):
    html = page(client, "/works/view", {"id": "土地管理法", "version": "2004-08-28"})
    assert badge("已修改").search(html)
    assert "该版本已于 2020-01-01 被新版本取代" in text_of(html)


def test_history_lists_versions_with_their_badges_and_the_events(client):
    html = page(client, "/works/history", {"id": "土地管理法"})
    rows = re.findall(r"<tr>\s*<td class=\"num\"><a [^>]*>(\d{4}-\d\d-\d\d)</a>.*?badge st-[a-z]+\">(\S+?)</span>",
                      html, re.S)
    assert rows == [("2019-08-26", "现行有效"), ("2004-08-28", "已修改")]
    seen = text_of(html)
    assert "1986-06-25 通过" in seen and "1998-08-29 修订" in seen and "2020-01-01 施行" in seen


def test_unknown_work_is_a_404_page_and_a_bad_date_a_422_page(client):
    seen = text_of(page(client, "/works/view", {"id": "不存在的法"}, status=404))
    assert "未找到" in seen and "no work titled '不存在的法'" in seen and "法规列表" in seen
    assert "日期格式应为 YYYY-MM-DD" in text_of(page(client, "/works/view", {"id": "土地管理法", "at": "2019-13-01"},
                                                    status=422))
    assert "no work titled" in text_of(page(client, "/works/history", {"id": "不存在的法"}, status=404))


def test_home_counts_by_level_and_status(client):
    seen = text_of(page(client, "/"))
    assert "按效力位阶 共 2 件" in seen and "法律 1" in seen and "规范性文件 1" in seen
    assert "现行有效 2" in seen


def test_list_filters(client):
    def titles(**params) -> list[str]:
        html = page(client, "/works/list", params)
        return re.findall(r'<td class="c-title"><a [^>]*>([^<]+)</a>', html)

    assert titles() == ["中华人民共和国土地管理法", "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知"]
    assert titles(level="法律") == ["中华人民共和国土地管理法"]
    assert titles(q="248号") == titles(organ="国土资源部") == titles(level="规范性文件")
    assert len(titles(q="248号")) == 1
    assert titles(status="已废止") == []
    in_2005 = page(client, "/works/list", {"level": "法律", "at": "2005-01-01"})
    assert re.search(r'2004-08-28</td>\s*<td><span class="badge st-ok">现行有效', in_2005)
    assert "没有符合条件的法规" in page(client, "/works/list", {"status": "已废止"})


def test_a_notice_shows_its_number_parts_and_preamble(client):
    html = page(client, "/works/view", {"id": NOTICE_ID})
    seen = text_of(html)
    assert "国土资发〔2008〕248号" in seen and "规范性文件" in seen and "国土资源部" in seen
    assert "依法行政是国土资源管理的内在要求" in seen  # the preamble, before 一、
    assert '<section class="art" id="sec_2">' in html and "二、 围绕构建保障和促进科学发展新机制的要求" in seen


def test_pages_do_not_shadow_the_json_api(client):
    assert client.get("/works").json()[0]["title"] == "中华人民共和国土地管理法"
    assert client.get("/static/lexreg.css").headers["content-type"].startswith("text/css")


def test_search_page_exact_and_ranked_with_facets_and_dates(client):
    html = page(client, "/find", {"q": "永久基本农田", "exact": "true"})
    seen = text_of(html)
    hits = re.findall(r'<article class="hit">\s*<h3><a href="([^"]+)">([^<]+)</a>', html)
    assert hits and {t for _, t in hits} == {"中华人民共和国土地管理法"}
    assert "<mark>永久基本农田</mark>" in html and "精确匹配" in seen
    assert all("#art_" in href for href, _ in hits)  # each hit opens the text at its article
    assert re.search(r'<a href="/find\?[^"]*level=%E6%B3%95%E5%BE%8B[^"]*">法律</a> <span class="muted">\d+</span>', html)
    old = text_of(page(client, "/find", {"q": "永久基本农田", "exact": "true", "at": "2010-01-01"}))
    assert "共 0 条结果" in old and "没有找到符合条件的条文" in old  # the 2004 text says 基本农田
    ranked = text_of(page(client, "/find", {"q": "征收 补偿"}))
    assert "模糊（相关度排序）" in ranked and "中华人民共和国土地管理法" in ranked
    first = page(client, "/find", {"q": "土地", "exact": "true"})
    assert re.search(r"第 1 / [2-9] 页", text_of(first))  # more than one page of 20
    nxt = re.search(r'<a href="(/find\?[^"]*page=2[^"]*)">下一页</a>', first).group(1)
    second = page(client, nxt.replace("&amp;", "&"))
    assert "第 2 /" in text_of(second) and "上一页" in second
    assert "检索条文" in page(client, "/find")  # the empty form, no search run
    bad = page(client, "/find", {"q": '"未闭合'}, status=400)
    assert "无法完成请求" in bad


def test_diff_page_marks_changes_and_links_the_word_table(client):
    html = page(client, "/works/diff", {"id": "土地管理法"})
    assert "修改前（2004-08-28 版本）" in html and "修改后（2019-08-26 版本）" in html
    assert "<del>土地行政</del>" in html and "<ins>自然资源</ins>" in html
    docx = re.search(r'href="(/diff\?[^"]+format=docx)"', html).group(1)
    r = client.get(docx)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "只有一个版本" in text_of(page(client, "/works/diff", {"id": NOTICE_ID}, status=400))


def test_article_history_page(client):
    seen = text_of(page(client, "/works/article", {"id": "土地管理法", "article": "第四十七条", "at": "2010-01-01"}))
    assert "第四十七条 条文沿革" in seen and OLD_47 in seen


def test_citation_pages(client):
    cites = text_of(page(client, "/works/cites", {"id": NOTICE_ID}))
    assert "《土地管理法》" in cites and "中华人民共和国土地管理法" in cites and "2004-08-28 版本" in cites
    cited_by = text_of(page(client, "/works/cited-by", {"id": "土地管理法"}))
    assert "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知" in cited_by


def test_conflict_findings_can_be_confirmed_or_dismissed_with_a_reason(client, store):
    with session_scope(store) as s:
        f = Finding(fingerprint="web-test-finding", kind="stale_article", severity="medium", work_id=NOTICE_ID,
                    pid="sec_2__sub_2", other_work_id="/cn/law/1986/土地管理法", other_pid="art_47",
                    rule="立法法第一百零三条", explanation="被引用的条文在新版本中已变动")
        s.add(f)
        s.flush()
        fid = f.id
    seen = text_of(page(client, "/review/conflicts"))
    assert "引用的条文已变动" in seen and "待处理" in seen and "二、（二）" in seen and "第四十七条" in seen

    anonymous = client.post("/review/conflicts/state", data={"id": fid, "state": "dismissed", "reason": "x"},
                            follow_redirects=False)
    assert anonymous.status_code == 401
    sign_in(client, store, "reviewer")
    token = csrf(client, "/review/conflicts")
    refused = client.post("/review/conflicts/state", data={"id": fid, "state": "dismissed", "reason": "", "csrf": token},
                          follow_redirects=False)
    assert refused.status_code == 400 and "needs a reason" in refused.text
    done = client.post("/review/conflicts/state",
                       data={"id": fid, "state": "dismissed", "reason": "已按新版本修改", "csrf": token},
                       follow_redirects=False)
    assert done.status_code == 303
    seen = text_of(client.get(done.headers["location"]).text)
    assert "已排除" in seen and "处理理由：已按新版本修改" in seen
    assert "已排除" in text_of(page(client, "/review/conflicts", {"state": "dismissed"}))
    assert "没有符合条件" in text_of(page(client, "/review/conflicts", {"state": "open", "kind": "stale_article"}))
