"""/health reads its counts once per change of the record (the audit log's last id), not per request."""

from __future__ import annotations

from search_store import small_files, store_from
from sqlalchemy import event
from sqlmodel import Session

from api.services.ingest_batch import ingest_files
from ingest.manifest import load_sidecar
from registry.norms import cached, store


def test_counts_are_read_once_per_change(tmp_path, shared_corpus):
    files = small_files(shared_corpus)
    engine = store_from(shared_corpus, files[:2], tmp_path / "lexreg.db")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with Session(engine) as s:
        first = cached.counts(s)
        assert first == store.counts(s)
    statements.clear()
    with Session(engine) as s:
        assert cached.counts(s) == first
    assert statements and not any("count(" in q.lower() for q in statements), statements
    ingest_files(engine, files[2:3], load_sidecar(shared_corpus / "manifest.csv"))
    with Session(engine) as s:
        after = cached.counts(s)
        assert after == store.counts(s) and after["versions"] > first["versions"]


def test_health_route_answers_from_the_cache(tmp_path, shared_corpus):
    from fastapi.testclient import TestClient

    from api.http.app import create_app

    engine = store_from(shared_corpus, small_files(shared_corpus)[:1], tmp_path / "lexreg.db")
    client = TestClient(create_app(engine))
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["versions"] >= 1
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert client.get("/health").json() == body
    assert not any("count(" in q.lower() for q in statements), statements
