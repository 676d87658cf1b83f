"""Search on a small real store: modes, filters, point in time, bad queries, consistency."""

from __future__ import annotations

from datetime import date

import pytest
from search_store import small_files, store_from
from sqlalchemy import text
from sqlmodel import Session

from registry.core.errors import BadQuery
from registry.search import ANY_STATUS, Filters, SearchRequest, SearchService, check, rebuild, update
from registry.search.entries import load_entries

TODAY = Filters(day=date.today())
EVERY = Filters(day=date.today(), status=ANY_STATUS)
LAND_2019 = "/cn/law/1986/土地管理法@2019-08-26"
LAND_2004 = "/cn/law/1986/土地管理法@2004-08-28"


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus, module_store):
    root = tmp_path_factory.mktemp("search")
    engine = store_from(shared_corpus, small_files(shared_corpus), module_store.url("search"))
    rebuild(engine, root / "index")
    return engine, root / "index", SearchService(engine, root / "index")


def scan(engine, phrase: str, by: str = "pid") -> set[tuple[str, str]]:
    """(version id, pid or label) of every entry whose text contains the phrase."""
    with Session(engine) as s:
        return {(e.version_id, getattr(e, by)) for e in load_entries(s) if phrase in e.text}


@pytest.mark.parametrize("phrase", ["永久基本农田", "征收", "土地", "补偿费", "第四十七条", "（一）", "地"])
def test_exact_finds_every_article_that_contains_the_phrase(built, phrase):
    engine, _, svc = built
    keys = svc.all_keys(SearchRequest(phrase, EVERY, exact=True))
    assert set(keys) == scan(engine, phrase)
    assert len(keys) == len(set(keys))
    assert svc.search(SearchRequest(phrase, EVERY, exact=True)).count == len(keys)


def test_quoted_phrase_means_exact(built):
    _, _, svc = built
    r = svc.search(SearchRequest('"集体经营性建设用地"', EVERY))
    assert r.mode == "exact" and r.count > 0
    assert all("集体经营性建设用地" in h.snippet.replace("<mark>", "").replace("</mark>", "") for h in r.hits)


def test_point_in_time_picks_the_version_in_force(built):
    _, _, svc = built
    old = svc.search(SearchRequest("征收土地", Filters(day=date(2010, 1, 1)), exact=True, limit=200))
    new = svc.search(SearchRequest("征收土地", TODAY, exact=True, limit=200))
    assert {h.version_id for h in old.hits if "土地管理法@" in h.version_id} == {LAND_2004}
    assert {h.version_id for h in new.hits if "土地管理法@" in h.version_id} == {LAND_2019}
    assert all(h.status == "现行有效" for h in new.hits)
    amended = svc.search(SearchRequest("征收土地", Filters(day=date.today(), status="已修改"), exact=True, limit=200))
    assert LAND_2004 in {h.version_id for h in amended.hits}


def test_ranked_finds_the_compensation_article(built):
    _, _, svc = built
    r = svc.search(SearchRequest("征收土地的补偿", TODAY))
    assert r.mode == "ranked"
    top = [(h.version_id, h.label) for h in r.hits[:5]]
    assert (LAND_2019, "第四十八条") in top
    hit = r.hits[0]
    # the snippet is plain text; `marks` say where the matched words are (the web page marks them)
    assert hit.snippet and hit.marks and hit.title and hit.status
    assert all(hit.snippet[a:b] in ("征收", "土地", "补偿", "征收土地") for a, b in hit.marks)


def test_hits_are_narrowed_to_paragraph_and_item(built):
    _, _, svc = built
    r = svc.search(SearchRequest('"军事和外交需要用地"', TODAY))
    art45 = [h for h in r.hits if h.version_id == LAND_2019]
    assert art45 and art45[0].label == "第四十五条"
    assert art45[0].parts == [{"id": "art_45__para_1__item_1", "label": "（一）"}]


def test_filters_and_facets(built):
    _, _, svc = built
    r = svc.search(SearchRequest("土地", Filters(day=date.today(), levels=("行政法规",)), exact=True, limit=50))
    assert r.count > 0 and all(h.level == "行政法规" for h in r.hits)
    assert sum(r.facets["level"].values()) == r.count
    organ = svc.search(SearchRequest("土地", Filters(day=date.today(), organ="国务院"), exact=True))
    assert all("国务院" in h.organ for h in organ.hits)
    dated = svc.search(SearchRequest("土地", Filters(day=date.today(), status=ANY_STATUS,
                                                    promulgated_from=date(2019, 1, 1)), exact=True, limit=100))
    assert dated.count and LAND_2004 not in {h.version_id for h in dated.hits}


def test_boolean_operators(built):
    _, _, svc = built
    a = set(svc.all_keys(SearchRequest('"探矿权"', EVERY)))
    b = set(svc.all_keys(SearchRequest('"采矿权"', EVERY)))
    assert set(svc.all_keys(SearchRequest('"探矿权" OR "采矿权"', EVERY))) == a | b
    assert set(svc.all_keys(SearchRequest('"探矿权" "采矿权"', EVERY))) == a & b
    assert set(svc.all_keys(SearchRequest('"探矿权" NOT "采矿权"', EVERY))) == a - b
    assert set(svc.all_keys(SearchRequest('"探矿权" -采矿权', EVERY, exact=True))) == a - b


def test_paragraph_and_sentence_scope(built):
    _, _, svc = built
    article = set(svc.all_keys(SearchRequest("征收 补偿", EVERY, exact=True)))
    para = set(svc.all_keys(SearchRequest("征收 补偿", EVERY, scope="paragraph")))
    sent = set(svc.all_keys(SearchRequest("征收 补偿", EVERY, scope="sentence")))
    assert sent <= para <= article and sent and para != article or sent < article
    r = svc.search(SearchRequest("征收 补偿", EVERY, scope="sentence", limit=50))
    assert r.count == len(sent)


def test_title_scope(built):
    _, _, svc = built
    r = svc.search(SearchRequest("土地管理法", TODAY, scope="title"))
    assert r.mode == "title" and {h.title for h in r.hits} >= {"中华人民共和国土地管理法", "中华人民共和国土地管理法实施条例"}
    assert r.hits[0].title == "中华人民共和国土地管理法"  # the law outranks its 实施条例


@pytest.mark.parametrize("bad", ["", "   ", "征" * 10000, '"未闭合的引号', "“永久基本农田", "（）！，。", "*?~^:[]{}",
                                 "(征收", "征收)", "NOT 征收", "AND", "征收 OR", '""'])
def test_bad_queries_are_clear_errors(built, bad):
    _, _, svc = built
    with pytest.raises(BadQuery) as exc:
        svc.search(SearchRequest(bad, TODAY))
    assert str(exc.value)


@pytest.mark.parametrize("odd", ["土地^2", "征收:补偿", "第*条", "土地~", "乡（镇）", "[土地]"])
def test_whoosh_syntax_characters_are_just_text(built, odd):
    _, _, svc = built
    svc.search(SearchRequest(odd, TODAY))
    svc.search(SearchRequest(odd, TODAY, exact=True))


def test_check_reindex_and_killed_ingest(tmp_path, shared_corpus, monkeypatch, new_store):
    """An ingest killed before or during indexing never leaves the index pointing at missing data."""
    from registry.search import index as search_index

    files = small_files(shared_corpus)
    first, later = [p for p in files if "2019-08-26" not in p.name], [p for p in files if "2019-08-26" in p.name]
    index_dir = tmp_path / "index"
    engine = store_from(shared_corpus, first, new_store.url("killed"),
                        after_commit=lambda eng, vids: update(eng, index_dir, vids))
    assert check(engine, index_dir)["ok"]
    # killed after the store committed, before the index was touched: the version is owed
    # (queued with it, registry.refresh), not missing; once nothing owes it, it is missing
    from api.services.ingest_batch import ingest_files
    from ingest.manifest import load_sidecar
    from registry import refresh
    ingest_files(engine, later, load_sidecar(shared_corpus / "manifest.csv"))
    report = check(engine, index_dir)
    assert report["ok"] and report["owed_versions"] == 1 and report["missing_versions"] == 0
    refresh.clear(engine, [LAND_2019])
    report = check(engine, index_dir)
    assert not report["ok"] and report["missing_versions"] == 1 and report["stale_entries"] == 0
    svc = SearchService(engine, index_dir)
    assert LAND_2019 not in {h.version_id for h in svc.search(SearchRequest("征收土地", TODAY, exact=True, limit=200)).hits}
    # killed while indexing: the new segment written, the manifest not switched
    def killed(*_a, **_k):
        raise KeyboardInterrupt
    monkeypatch.setattr(search_index, "_write_manifest", killed)
    with pytest.raises(KeyboardInterrupt):
        update(engine, index_dir, [LAND_2019])
    monkeypatch.undo()
    assert svc.search(SearchRequest("征收", EVERY, exact=True)).count > 0
    update(engine, index_dir, [LAND_2019])  # the orphan segment is swept, no entry twice
    report = check(engine, index_dir)
    assert report["ok"], report
    assert (LAND_2019, "第四十八条") in [(h.version_id, h.label) for h in
                                         svc.search(SearchRequest("征收土地的补偿", TODAY)).hits[:5]]
    # a version that disappears from the store is stale: reported, and never shown
    with Session(engine) as s:
        conn = s.connection()  # foreign keys off for this transaction: what points at the version stays
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF" if engine.dialect.name == "sqlite"
                             else "SET LOCAL session_replication_role = replica")
        conn.execute(text("DELETE FROM provision WHERE version_id = :v"), {"v": LAND_2004})
        conn.execute(text("DELETE FROM version WHERE id = :v"), {"v": LAND_2004})
        s.commit()
    report = check(engine, index_dir)
    assert report["stale_versions"] == 1 and report["stale_entries"] > 0 and not report["ok"]
    hits = svc.search(SearchRequest("征收", EVERY, exact=True, limit=200)).hits
    assert LAND_2004 not in {h.version_id for h in hits}
    rebuild(engine, index_dir)
    assert check(engine, index_dir)["ok"]


def test_cli_and_api(built, monkeypatch, tmp_path):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from api.cli.main import app
    from api.http.app import create_app

    engine, index_dir, _ = built
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("LEXREG_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    ok = runner.invoke(app, ["search", "征收土地的补偿", "--json"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["search", '"未闭合'])
    assert bad.exit_code == 1 and "error:" in bad.output and "Traceback" not in bad.output
    qfile = tmp_path / "q.txt"
    qfile.write_text("永久基本农田\n\n\"征收土地\"\n*?~\n", encoding="utf-8")
    lines = runner.invoke(app, ["search", "--queries", str(qfile), "--json"]).output.strip().splitlines()
    import json
    rows = [json.loads(line) for line in lines]
    assert [r["query"] for r in rows] == ["永久基本农田", '"征收土地"', "*?~"]
    assert rows[1]["count"] > 0 and {"work_id", "title", "version_date", "provision_id", "label", "snippet",
                                     "score"} <= set(rows[1]["hits"][0])
    assert "error" in rows[2]
    client = TestClient(create_app(engine))
    r = client.get("/search", params={"q": "征收土地", "exact": True, "at": "2010-01-01", "limit": 50})
    assert r.status_code == 200 and LAND_2004 in {h["version_id"] for h in r.json()["hits"]}
    r = client.get("/search", params={"q": ""})
    assert r.status_code == 400 and r.json()["type"] == "BadQuery"


def test_index_writes_are_exclusive_and_spare_foreign_files(tmp_path, shared_corpus, monkeypatch):
    from registry.core.errors import LexregError
    from registry.search import index
    from registry.search.index import _writing

    monkeypatch.setattr(index, "LOCK_WAIT_SECONDS", 0.3)  # a writer waits its turn; here the turn never comes

    files = small_files(shared_corpus)[:2]
    # on SQLite whatever --store says: the store's own file in the data folder is what must be spared
    engine = store_from(shared_corpus, files, tmp_path / "lexreg.db")
    (tmp_path / "notes.txt").write_text("kept", encoding="utf-8")
    rebuild(engine, tmp_path)  # LEXREG_INDEX_DIR pointed at the data folder by mistake
    rebuild(engine, tmp_path)
    assert (tmp_path / "lexreg.db").exists() and (tmp_path / "notes.txt").exists()
    with _writing(tmp_path):
        with pytest.raises(LexregError, match="another process"):
            update(engine, tmp_path, ["x"])
    assert check(engine, tmp_path)["ok"]


def test_staff_terms_also_search_the_statutory_wording(built):
    """临时用地 is what staff say; 土地管理法 第五十七条 says 临时使用土地."""
    from registry.search import query as uq
    from registry.search.thesaurus import expand

    node, notes = expand(uq.parse("临时用地 期限 NOT 矿"))
    assert uq.Leaf(" 临时使用土地 ", False) in node.items[0].items and notes
    assert expand(uq.parse("“临时用地”")) == (uq.parse("“临时用地”"), [])  # quoted stays literal
    _, _, svc = built
    r = svc.search(SearchRequest("临时用地 期限", TODAY))
    assert (LAND_2019, "第五十七条") in [(h.version_id, h.label) for h in r.hits[:3]]
    assert any("临时使用土地" in n for n in r.notes)
    literal = svc.search(SearchRequest("“临时用地”", TODAY, limit=200))
    assert literal.mode == "exact" and not literal.notes
    assert {(h.version_id, h.label) for h in literal.hits} <= scan(built[0], "临时用地", by="label")
