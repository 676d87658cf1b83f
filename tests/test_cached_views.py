"""GET /work answers from views cached per change of the record: a repeated read touches no
provision row, and a change of the record (a repeal, a new version) shows on the next request."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from search_store import small_files, store_from
from sqlalchemy import event
from sqlmodel import Session

from api.http.app import create_app
from api.services.ingest_batch import ingest_files
from ingest.manifest import load_sidecar
from registry.core.db import session_scope
from registry.norms import cached, lifecycle_acts, store, views

LAND = "中华人民共和国土地管理法"


def _reads_provisions(statements: list[str]) -> bool:
    return any("from provision" in q.lower() for q in statements)


def test_article_read_is_cached_until_the_record_changes(tmp_path, shared_corpus):
    files = small_files(shared_corpus)
    engine = store_from(shared_corpus, files[:1], tmp_path / "lexreg.db")  # 土地管理法 2004 only
    client = TestClient(create_app(engine))
    url = f"/work?id={LAND}&article=第四十七条"
    first = client.get(url).json()
    assert first["version_date"] == "2004-08-28" and first["status"] == "现行有效"
    assert [a["label"] for a in first["articles"]] == ["第四十七条"]
    with Session(engine) as s:
        assert first == views.show(s, LAND, date.today(), "第四十七条")

    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert client.get(url).json() == first
    assert statements and not _reads_provisions(statements), statements

    # a new version (an ingest is audited): the next read is the 2019 text
    ingest_files(engine, files[1:2], load_sidecar(shared_corpus / "manifest.csv"))
    statements.clear()
    newer = client.get(url).json()
    assert _reads_provisions(statements)
    assert newer["version_date"] == "2019-08-26" and newer["articles"][0]["text"] != first["articles"][0]["text"]

    # a repeal (a lifecycle act, audited): the very next read says 已废止
    with session_scope(engine) as s:
        lifecycle_acts.repeal(s, store.get_work(s, LAND), "测试机关", date(2024, 1, 1))
    repealed = client.get(url).json()
    assert repealed["status"] == "已废止"
    with Session(engine) as s:
        assert repealed == views.show(s, LAND, date.today(), "第四十七条")


def test_the_cache_keeps_arguments_and_engines_apart(tmp_path, shared_corpus):
    files = small_files(shared_corpus)
    one = store_from(shared_corpus, files[:1], tmp_path / "one.db")
    two = store_from(shared_corpus, files[:2], tmp_path / "two.db")
    with Session(one) as a, Session(two) as b:
        assert cached.show(a, LAND, date.today(), "第二条")["version_date"] == "2004-08-28"
        assert cached.show(b, LAND, date.today(), "第二条")["version_date"] == "2019-08-26"
        assert cached.show(b, LAND, date(2010, 1, 1), "第二条")["version_date"] == "2004-08-28"
        assert cached.show(b, LAND, date.today(), "第三条")["articles"][0]["label"] == "第三条"
        whole = cached.show(b, LAND, date.today())
        assert len(whole["articles"]) > 80 and whole == views.show(b, LAND, date.today())
