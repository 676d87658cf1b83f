"""The store on PostgreSQL (shared deployments): the same behaviour as on SQLite.

`make test` starts a local PostgreSQL (.ci/postgres.sh) and sets LEXREG_TEST_POSTGRES_URL.
Without it this test fails, it does not skip: a store never run on PostgreSQL is not
known to work there. Each test gets a database of its own (`pg_database` in conftest).
"""

from __future__ import annotations

from datetime import date

import pytest

from api.services.ingest_batch import ingest_paths
from ingest.manifest import load_sidecar
from registry.core.db import session_scope
from registry.norms import store, views
from registry.schema import make_engine


@pytest.fixture
def pg_engine(pg_database):
    engine = make_engine(pg_database)  # a new database: migrated to head on first use
    yield engine
    engine.dispose()


def test_chain_parts_and_failures_on_postgres(pg_engine, shared_corpus, tmp_path):
    sidecar = load_sidecar(shared_corpus / "manifest.csv")
    (tmp_path / "empty.md").write_bytes(b"")
    report = ingest_paths(pg_engine, [shared_corpus / "chains/中华人民共和国土地管理法",
                                      shared_corpus / "laws/法律/民法典",
                                      shared_corpus / "laws/规范性文件",
                                      tmp_path / "empty.md"], sidecar)
    assert len(report.failed) == 1 and "empty file" in report.failed[0]
    assert len(report.ingested) == 2 + 8 + 2
    with session_scope(pg_engine) as s:
        old = views.show(s, "土地管理法", date(2010, 1, 1), article="47")
        assert old["version_date"] == "2004-08-28" and old["valid_to"] == "2020-01-01"
        now = views.show(s, "土地管理法", date(2024, 1, 1))
        assert now["version_date"] == "2019-08-26" and len(now["articles"]) == 87
        code = views.show(s, "民法典", date(2024, 1, 1))
        assert [a["id"] for a in code["articles"]][:2] == ["art_1", "art_2"] and len(code["articles"]) == 1260
        notice = views.show(s, "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知", date(2024, 1, 1))
        assert notice["doc_number"] == "国土资发〔2008〕248号"
        before = store.counts(s)
    again = ingest_paths(pg_engine, [shared_corpus / "chains/中华人民共和国土地管理法"], sidecar)
    assert again.summary() == "0 ingested, 2 unchanged, 0 failed"
    with session_scope(pg_engine) as s:
        assert store.counts(s) == before


def test_search_citations_and_conflicts_on_postgres(pg_engine, shared_corpus, tmp_path, monkeypatch):
    """The derived data (search index, citations, findings) built from a PostgreSQL store."""
    from api.services.derived import after_ingest
    from registry import review as conflicts
    from registry.citations.resolve import summary
    from registry.search.catalog import Filters
    from registry.search.service import SearchRequest, SearchService

    sidecar = load_sidecar(shared_corpus / "manifest.csv")
    index = tmp_path / "index"
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(index))
    report = ingest_paths(pg_engine, [shared_corpus / "chains/中华人民共和国土地管理法",
                                      shared_corpus / "laws/地方性法规/河南"], sidecar, after_commit=after_ingest)
    assert not report.failed
    service = SearchService(pg_engine, index)
    old = service.search(SearchRequest("征收土地", filters=Filters(date(2010, 1, 1)), exact=True, limit=100))
    assert any(h.version_id.endswith("土地管理法@2004-08-28") for h in old.hits)
    assert not any(h.version_id.endswith("土地管理法@2019-08-26") for h in old.hits)
    with session_scope(pg_engine) as s:
        states = summary(s)
        assert states.get("resolved", 0) > 0
        run = conflicts.run(s)
        assert set(run.found) == set(conflicts.KINDS)  # every check ran on PostgreSQL
        assert len(conflicts.findings(s)) == sum(run.found.values())
