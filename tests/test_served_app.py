"""`lexreg serve` runs an app that loads the search index before its first request: a worker's
first user no longer waits about a second for it, the answers are the ones a cold app gives,
and a store without an index still starts and says what to do."""

from __future__ import annotations

import importlib

import pytest
from fastapi.testclient import TestClient
from search_store import small_files, store_from
from typer.testing import CliRunner

from api.cli import main as cli_main
from api.http.app import create_app
from registry.search import rebuild

QUESTIONS = ["/search?q=临时用地到期不还要承担什么责任&limit=20", "/search?q=征收土地的补偿", "/search?q=上海 不动产登记",
             "/search?q=矿产资源勘查许可&limit=50", "/search?q=宅基地&at=2010-06-01"]


@pytest.fixture(scope="module")
def store(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("served")
    engine = store_from(shared_corpus, small_files(shared_corpus), root / "lexreg.db")
    rebuild(engine, root / "index")
    return engine, root


def _env(mp: pytest.MonkeyPatch, root, index) -> None:
    mp.setenv("LEXREG_INDEX_DIR", str(index))
    mp.setenv("LEXREG_DATA_DIR", str(root))


def test_a_warm_app_has_its_index_loaded_before_the_first_request_and_answers_as_a_cold_one(store, monkeypatch):
    engine, root = store
    _env(monkeypatch, root, root / "index")
    with TestClient(create_app(engine, warm=True)) as warm:
        svc = warm.app.state.search_service
        snap = svc._snapshot
        assert snap is not None and snap.titles._tables is not None  # loaded at startup, no request yet
        assert snap.terms.table is not None and snap.terms.table.postings > 1000  # every word's BM25F
        assert len(snap.page_rows) == len({snap.exact.key(g) for g in range(snap.exact.size)})  # every row
        warm_answers = [warm.get(q).json() for q in QUESTIONS]
        assert svc._snapshot is snap  # the searches used the snapshot loaded at startup
    cold = TestClient(create_app(engine))  # no lifespan: loads at its first search, scans titles first
    assert getattr(cold.app.state, "search_service", None) is None
    assert [cold.get(q).json() for q in QUESTIONS] == warm_answers
    assert all(a["hits"] for a in warm_answers)


def test_a_warm_app_without_an_index_still_starts_and_its_searches_say_to_reindex(store, monkeypatch, tmp_path):
    engine, root = store
    _env(monkeypatch, root, tmp_path / "no-index-yet")
    with TestClient(create_app(engine, warm=True)) as client:
        assert client.app.state.search_service._snapshot is None
        assert client.get("/health").status_code == 200
        answer = client.get("/search?q=土地")
        assert answer.status_code >= 400 and "lexreg reindex" in answer.json()["error"]


def test_lexreg_serve_runs_the_warming_factory(store, monkeypatch):
    engine, root = store
    _env(monkeypatch, root, root / "index")
    monkeypatch.setenv("LEXREG_DATABASE_URL", str(engine.url))
    ran = {}
    monkeypatch.setattr("uvicorn.run", lambda target, **kw: ran.update(target=target, **kw))
    out = CliRunner().invoke(cli_main.app, ["serve", "--port", "0", "--workers", "1"])
    assert out.exit_code == 0, out.output
    assert ran["factory"] is True and ran["workers"] == 1
    module, name = ran["target"].split(":")
    app = getattr(importlib.import_module(module), name)()
    with TestClient(app) as client:
        assert client.app.state.search_service._snapshot is not None
