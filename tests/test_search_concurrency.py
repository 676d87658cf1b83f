"""One SearchService shared by threads (as the API shares it): each request gets the hits it gets
alone, and a metadata correction reaches a running service without a restart."""

from __future__ import annotations

import csv
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from api.services.ingest_batch import ingest_files
from ingest.manifest import load_sidecar
from registry.norms import lifecycle
from registry.search import ANY_STATUS, Filters, SearchRequest, SearchService, rebuild, service
from tests.search_store import small_files, store_from

QUERIES = ["征收土地的补偿", "临时使用土地", "耕地保护", "宅基地", "采矿许可证", "土地承包经营权", "非法占用土地",
           "国有土地使用权出让", "基本农田", "土地复垦", "矿产资源勘查", "不动产登记"]
LAND = "chains/中华人民共和国土地管理法"
LAND_2019 = "/cn/law/1986/土地管理法@2019-08-26"


def keys(result) -> list[tuple[str, str, float]]:
    return [(h.version_id, h.provision_id, h.score) for h in result.hits]


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus, module_store):
    root = tmp_path_factory.mktemp("concurrent")
    engine = store_from(shared_corpus, small_files(shared_corpus), module_store.url("concurrent"))
    rebuild(engine, root / "index")
    return engine, root / "index"


def test_concurrent_ranked_queries_get_the_hits_they_get_alone(built):
    engine, index = built
    alone = {q: keys(SearchService(engine, index).search(SearchRequest(q, Filters(date.today()), limit=20)))
             for q in QUERIES}
    assert all(alone.values())
    shared = SearchService(engine, index)  # cold: the first requests race to load the snapshot
    work = QUERIES * 6

    def ask(q: str):
        return q, keys(shared.search(SearchRequest(q, Filters(date.today()), limit=20)))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(ask, work))
    wrong = [q for q, got in results if got != alone[q]]
    assert not wrong, f"{len(wrong)} of {len(results)} concurrent answers differ from the answer alone: {wrong[:3]}"


def _sidecar(path, corpus, effective_2019: str):
    rows = [r for r in csv.DictReader((corpus / "manifest.csv").open(encoding="utf-8")) if r["path"].startswith(LAND)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            if r["path"].endswith("2019-08-26.md"):
                r["effective"] = effective_2019
            w.writerow({**r, "path": str(corpus / r["path"])})
    return load_sidecar(path)


def test_a_sidecar_correction_reaches_the_running_service(tmp_path, shared_corpus, monkeypatch, new_store):
    files = sorted((shared_corpus / LAND).glob("*.md"))
    engine = new_store.engine()
    report = ingest_files(engine, files, _sidecar(tmp_path / "a.csv", shared_corpus, "2020-01-01"))
    assert len(report.ingested) == 2, report.failed
    rebuild(engine, tmp_path / "index")
    svc = SearchService(engine, tmp_path / "index")
    monkeypatch.setattr(service, "STORE_CHECK_SECONDS", 0.0)
    day = Filters(day=date(2020, 3, 1), status=ANY_STATUS)

    def status_of_2019() -> str:
        hits = svc.search(SearchRequest("征收土地", day, limit=50)).hits
        return next(h.status for h in hits if h.version_id == LAND_2019)

    assert status_of_2019() == lifecycle.IN_FORCE
    # the sidecar corrects the 2019 text's 施行日期 in place (the same text: an update, not a version)
    fixed = ingest_files(engine, [f for f in files if f.name == "2019-08-26.md"],
                         _sidecar(tmp_path / "b.csv", shared_corpus, "2020-06-01"))
    assert fixed.updated, fixed
    assert status_of_2019() == lifecycle.PENDING
