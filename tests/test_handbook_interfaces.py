"""The 执法手册 through the REST API (JSON and Word) and the web page, on the small real store."""

from __future__ import annotations

from io import BytesIO

import pytest
import web_store
from docx import Document
from fastapi.testclient import TestClient

from api.http.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory, shared_corpus, module_store):
    tmp = tmp_path_factory.mktemp("handbook")
    engine, env = web_store.build(tmp, shared_corpus, module_store.url("handbook"))
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        yield TestClient(create_app(engine))


def test_handbook_json_word_and_page_agree_and_follow_the_date(client):
    after = client.get("/handbook", params={"topic": "非法占用土地", "at": "2020-06-01"}).json()
    before = client.get("/handbook", params={"topic": "非法占用土地", "at": "2019-06-01"}).json()
    land = lambda h: next(n for n in h["norms"] if n["title"] == "中华人民共和国土地管理法")  # noqa: E731
    assert land(after)["version_date"] == "2019-08-26" and land(before)["version_date"] == "2004-08-28"
    labels_after = {e["label"] for e in land(after)["provisions"]}
    assert "第七十七条" in labels_after  # the 2019 text's penalty for 非法占用土地
    word = client.get("/handbook", params={"topic": "非法占用土地", "at": "2020-06-01", "format": "docx"})
    assert word.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(word.content)).paragraphs)
    assert "非法占用土地执法手册" in text and "第七十七条" in text
    page = client.get("/enforcement", params={"topic": "非法占用土地", "at": "2020-06-01"}).text
    assert "执法手册" in page and "第七十七条" in page and "中华人民共和国土地管理法" in page
    empty = client.get("/enforcement").text
    assert "输入一个执法事项" in empty
