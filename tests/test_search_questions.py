"""Ranked search reads questions: no AND of every word, long questions, partial matches said,
the index memory-mapped and the jieba table cached, the thesaurus justified by the corpus."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from search_store import small_files, store_from

from registry.core.errors import BadQuery
from registry.search import Filters, SearchRequest, SearchService, rebuild
from registry.search.thesaurus import THESAURUS

TODAY = Filters(day=date.today())


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("questions")
    engine = store_from(shared_corpus, small_files(shared_corpus), root / "lexreg.db")
    rebuild(engine, root / "index")
    return engine, root / "index", SearchService(engine, root / "index")


def test_a_question_finds_its_article_without_every_word(built):
    _, _, svc = built
    # no article says 城里人 or 卖给: an AND of all words finds nothing, the question still ranks
    r = svc.search(SearchRequest("征收农民的土地要给哪些补偿费用，城里人卖给谁", TODAY))
    assert r.mode == "ranked" and r.hits
    assert r.partial and any("城里人" in n for n in r.notes)
    assert r.to_json()["partial"] is True
    assert any(h.label == "第四十八条" and "土地管理法" in h.title for h in r.hits[:5])


def test_a_question_its_best_hit_fully_answers_is_not_partial(built):
    _, _, svc = built
    r = svc.search(SearchRequest("永久基本农田", TODAY))
    assert r.hits and not r.partial and r.to_json()["partial"] is False


def test_a_200_character_question_is_a_normal_query_and_beyond_the_cap_is_a_clear_error(built):
    _, _, svc = built
    q = ("县级以上地方人民政府拟申请征收土地的，应当开展拟征收土地现状调查和社会稳定风险评估，"
         "并将征收范围、土地现状、征收目的、补偿标准、安置方式和社会保障等在拟征收土地所在的乡（镇）和村、"
         "村民小组范围内公告至少三十日，听取被征地的农村集体经济组织及其成员、村民委员会和其他利害关系人的意见，"
         "这些程序没有走完的话政府能不能直接申请征收土地呢？请问有什么规定，"
         "另外补偿款应当在多长时间内足额支付到位，由哪个部门负责监督落实，村民不同意的又该怎么办")
    q = q[:200]
    assert len(q) == 200
    r = svc.search(SearchRequest(q, TODAY))
    assert r.mode == "ranked" and r.hits
    assert r.hits[0].label == "第四十七条" and "土地管理法" in r.hits[0].title
    with pytest.raises(BadQuery, match="at most"):
        svc.search(SearchRequest("土地" * 150, TODAY))


def test_not_still_excludes_in_ranked_mode(built):
    engine, _, svc = built
    from sqlmodel import Session

    from registry.search.entries import load_entries

    with Session(engine) as s:
        text = {(e.version_id, e.pid): e.text for e in load_entries(s)}
    r = svc.search(SearchRequest("征收 补偿 NOT 临时", TODAY, limit=50))
    assert r.mode == "ranked" and len(r.hits) >= 20
    assert all("临时" not in text[(h.version_id, h.provision_id)] for h in r.hits)


def test_the_index_is_memory_mapped_and_the_tokenizer_table_cached(built):
    engine, index_dir, _ = built
    from sqlmodel import Session

    svc = SearchService(engine, index_dir)
    with Session(engine) as s:
        snap = svc.snapshot(s)
    for docs in (snap.exact.segments[0].docs, snap.terms.segments[0].docs):
        # a plain view of the mapped file (no copy), so slices carry no memmap hooks
        assert type(docs) is np.ndarray and isinstance(docs.base, np.memmap) and not docs.flags.owndata
    assert list(index_dir.glob("dictionary-*.jieba"))


def test_every_thesaurus_wording_stands_in_the_corpus(shared_corpus):
    """A lexicon entry is kept only when the statutory wording it maps to exists in the norms."""
    blob = "\n".join(p.read_text(encoding="utf-8", errors="ignore")
                     for p in shared_corpus.rglob("*.md"))
    missing = [(term, w) for term, ws in THESAURUS.items() for w in ws if w not in blob]
    assert not missing, missing


def test_the_page_json_and_cli_say_a_result_matches_only_part_of_the_question(built, monkeypatch):
    import json

    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from api.cli.main import app
    from api.http.app import create_app

    engine, index_dir, _ = built
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("LEXREG_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    asked = "征收农民的土地要给哪些补偿费用，城里人卖给谁"
    client = TestClient(create_app(engine))
    r = client.get("/search", params={"q": asked})
    assert r.status_code == 200 and r.json()["partial"] is True and r.json()["hits"]
    page = client.get("/find", params={"q": asked})
    assert page.status_code == 200 and "结果只匹配问题的一部分" in page.text and "城里人" in page.text
    out = CliRunner().invoke(app, ["search", asked, "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["partial"] is True
    long = client.get("/search", params={"q": "土地" * 150})
    assert long.status_code == 400 and "at most" in long.json()["error"]
