"""Ranked search's heading field on real texts: the titles of the 编/章/节 each article stands in,
read from the store, indexed as a third field, and read back by the service."""

from __future__ import annotations

import pytest
from search_store import cited_small_store
from sqlmodel import Session

from registry.search import SearchService, headings
from registry.search.analysis import query_tokens
from registry.search.entries import load_entries

LAND_2019 = "中华人民共和国土地管理法"


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("headings")
    engine = cited_small_store(shared_corpus, root)
    with Session(engine) as s:
        entries = load_entries(s)
        texts = headings.heading_texts(s, entries)
        titles = dict(s.connection().exec_driver_sql("SELECT v.id, w.title FROM version v JOIN work w ON w.id = v.work_id").all())
    return engine, root / "index", entries, texts, titles


def test_an_article_carries_the_headings_it_stands_under(built):
    _, _, entries, texts, titles = built
    land = [(e, t) for e, t in zip(entries, texts) if titles[e.version_id] == LAND_2019]
    by_pid: dict[str, set[str]] = {}
    for e, t in land:
        by_pid.setdefault(e.pid, set()).add(t)
    assert "总则" in by_pid["art_1"]  # 第一章 总则 in every version
    assert any("法律责任" in t for t in by_pid["art_74"])  # 第七章 法律责任
    # a 节 inside a 章: outermost first, one line each
    nested = [t for t in texts if t.count("\n") >= 1]
    assert nested and all(all(line.strip() for line in t.split("\n")) for t in nested)
    # every entry has a heading text, empty only outside any 编/章/节
    assert len(texts) == len(entries) and 0 < sum(1 for t in texts if t) < len(texts)


def test_an_update_reads_only_its_versions_and_gives_the_same_headings(built):
    engine, _, entries, texts, _ = built
    some = sorted({e.version_id for e in entries})[:3]
    picked = [n for n, e in enumerate(entries) if e.version_id in some]
    with Session(engine) as s:
        assert headings.heading_texts(s, [entries[n] for n in picked]) == [texts[n] for n in picked]
        assert headings.heading_texts(s, []) == []


def test_the_heading_field_is_indexed_for_every_entry(built):
    engine, index, entries, texts, _ = built
    svc = SearchService(engine, index)
    with Session(engine) as s:
        snap = svc.snapshot(s)
    assert snap.terms.headings is not None and snap.terms.headings.size == snap.exact.size
    gid = {snap.exact.key(g): g for g in range(snap.exact.size)}
    n = next(i for i, t in enumerate(texts) if "法律责任" in t)
    word = next(w for w in query_tokens(texts[n]) if len(w) > 1)
    assert gid[(entries[n].version_id, entries[n].pid)] in set(snap.terms.headings.postings(word)[0].tolist())
