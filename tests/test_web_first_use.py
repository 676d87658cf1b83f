"""The web pages a first-time reader meets, through TestClient on the small real store
(tests/web_store.py): the 法规列表 in pages with a readable 制定机关 cell, the 新旧对照
with deleted articles in place, the article history and every citation with its state."""

from __future__ import annotations

import pytest
import web_store
from fastapi.testclient import TestClient
from test_web import page, text_of

from api.http.app import create_app
from api.web import context as ctx

NOTICE_TITLE = "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知"


@pytest.fixture(scope="module")
def client(tmp_path_factory, shared_corpus):
    engine, settings = web_store.build(tmp_path_factory.mktemp("web-first"), shared_corpus)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in settings.items():
            mp.setenv(key, value)
        yield TestClient(create_app(engine))


def test_the_list_comes_in_pages(client, monkeypatch):
    monkeypatch.setattr(ctx, "PER_PAGE", 1)
    first = text_of(page(client, "/works/list"))
    assert "共 2 件，本页第 1–1 件" in first and "第 1 / 2 页" in first and "下一页" in first
    second = text_of(page(client, "/works/list", {"page": 2}))
    assert "第 2 / 2 页" in second and "上一页" in second
    assert text_of(page(client, "/works/list", {"page": 99})).count("第 2 / 2 页") == 2  # clamped, pager above and below


def test_a_joint_document_names_its_first_organ_and_how_many():
    assert ctx.organ_cell("国土资源部、国家发展和改革委员会、财政部、住房和城乡建设部、农业部") == (
        "国土资源部等5个机关", "国土资源部、国家发展和改革委员会、财政部、住房和城乡建设部、农业部")


def test_the_diff_page_keeps_deleted_articles_in_place_and_says_so(client):
    text = text_of(page(client, "/works/diff", {"id": web_store.LAND_ID, "from": "2004-08-28", "to": "2019-08-26"}))
    assert "（删去第十一条）" in text and "（新增条文）" in text
    assert text.index("（删去第十一条）") < text.index("第四十七条")  # at its old place, not after the last article


def test_the_article_page_shows_the_article_of_that_number_in_the_older_version(client):
    text = text_of(page(client, "/works/article", {"id": web_store.LAND_ID, "article": "第四十七条"}))
    assert "本版本的第四十七条为另一条文" in text and "按照被征收土地的原用途给予补偿" in text
    assert "本版本无此条" not in text


def test_the_cites_page_lists_unresolved_citations_with_their_state(client):
    text = text_of(page(client, "/works/cites", {"id": NOTICE_TITLE}))
    for name in ("关于全面推进依法行政实施纲要", "违反土地管理规定行为处分办法", "国发〔2008〕3号", "矿产资源法"):
        assert name in text
    assert "库中未收录" in text and "已对应" in text
    only = text_of(page(client, "/works/cites", {"id": NOTICE_TITLE, "state": "resolved"}))
    assert "已对应" in only and "矿产资源法" not in only
