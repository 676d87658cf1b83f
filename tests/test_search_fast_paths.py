"""The faster paths of ranked search give exactly what the plain ones gave, on real texts.

Unions are dense over entry numbers (no sort), a word's BM25F is kept per loaded index, the
rerank finds each word once for proximity and lead, and a page's 款/项 are read by a pid
range: each is compared here with the plain computation it replaced.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
import pytest
from search_store import small_files, store_from
from sqlalchemy import text as sql
from sqlmodel import Session

from registry.search import SearchRequest, SearchService, bm25f, boolean, entries, exact, question, ranked, rebuild
from registry.search import query as uq
from registry.search.entries import NARROW_KINDS, fetch_entries, load_entries

QUESTIONS = ["临时用地到期不还要承担什么责任", "农村的宅基地可以卖给城里人吗", "征收土地的补偿标准", "建设用地使用权出让",
             "矿产资源勘查许可证", "土地管理法 征收 补偿", "耕地保护。基本农田", "非法占用土地的，由县级以上人民政府处罚"]


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("fast")
    engine = store_from(shared_corpus, small_files(shared_corpus), root / "lexreg.db")
    rebuild(engine, root / "index")
    svc = SearchService(engine, root / "index")
    with Session(engine) as s:
        snap = svc.snapshot(s)
    return engine, svc, snap


def _unique_union(parts: list[question.Scored], best: bool) -> question.Scored:
    """The union as it was computed before (np.unique and its inverse)."""
    ids, inv = np.unique(np.concatenate([p.ids for p in parts]), return_inverse=True)
    score = np.bincount(inv, weights=np.concatenate([p.score for p in parts]), minlength=len(ids))
    covers = np.concatenate([p.cover for p in parts])
    if best:
        cover = np.zeros(len(ids))
        np.maximum.at(cover, inv, covers)
    else:
        cover = np.bincount(inv, weights=covers, minlength=len(ids))
    return question.Scored(ids.astype(np.int32), score, cover, 0.0)


def test_rerank_signals_with_shared_finds_equal_the_plain_ones(built):
    _, _, snap = built
    plans = [ranked.plan(uq.parse(q)) for q in QUESTIONS]
    texts = [snap.exact.text(g) for g in range(snap.exact.size)]
    assert len(texts) > 500
    checked = 0
    for p in plans:
        for t in texts:
            where = [t.find(w) for w in p.words]
            assert ranked.lead(t, p, where) == ranked.lead(t, p), (t[:40], p.words)
            assert ranked.proximity(t, p, where) == ranked.proximity(t, p), (t[:40], p.words)
            checked += ranked.lead(t, p) > 0
    assert checked > 100  # the words do stand in many first sentences


def test_rerank_over_arrays_equals_the_rerank_of_each_text(built):
    _, _, snap = built
    texts = [snap.exact.text(g) for g in range(0, snap.exact.size, 3)]
    statuses = ["现行有效", "已修改", "", "尚未生效", "已废止", "部分失效"]
    ranks = [0, 1, 2, 5, 99]
    bm25 = [0.5 + (n % 17) * 0.37 for n in range(len(texts))]
    sts = [statuses[n % len(statuses)] for n in range(len(texts))]
    rks = [ranks[n % len(ranks)] for n in range(len(texts))]
    plans = [ranked.plan(uq.parse(q)) for q in QUESTIONS + ["土地", "征收", '"征收土地"']]
    plans += [ranked.Plan(("补偿。", "土地"), ("补偿。",)), ranked.Plan((), ("征收",))]  # a word with 。; no word
    for p in plans:
        got = ranked.rerank_scores(bm25, texts, p, rks, sts).tolist()
        want = [ranked.rerank_score(b, t, p, r, s) for b, t, r, s in zip(bm25, texts, rks, sts)]
        assert got == want, p
    assert ranked.rerank_scores([], [], ranked.plan(uq.parse("土地")), [], []).tolist() == []


def test_dense_unions_equal_the_sorted_ones(built):
    _, _, snap = built
    for q in QUESTIONS:
        words = ranked.plan(uq.parse(q)).words
        parts = []
        for w in words:
            docs, sc = snap.titles.bm25f(w, snap.terms)
            cw = question.weight(w) * snap.terms.idf_of(len(docs))
            parts.append(question.Scored(docs, sc, np.full(len(docs), cw), cw))
        parts = [p for p in parts if len(p.ids)]
        assert len(parts) >= 2, q
        for best in (False, True):
            got, want = question._union(parts, best), _unique_union(parts, best)
            assert np.array_equal(got.ids, want.ids) and got.ids.dtype == np.int32
            assert np.array_equal(got.score, want.score) and np.array_equal(got.cover, want.cover)
        plain = boolean.union([(p.ids, p.score) for p in parts])
        assert np.array_equal(plain[0], _unique_union(parts, False).ids)
        assert np.array_equal(plain[1], _unique_union(parts, False).score)


def _nested(node, leaf, excluded):
    """The soft evaluation as it was: a union per leaf, then one over an AND's items."""
    if isinstance(node, uq.Leaf):
        return question._union(leaf(node), best=False)
    if isinstance(node, uq.Not):
        return None
    if isinstance(node, uq.Or):
        return question._union([_nested(i, leaf, excluded) for i in node.items], best=True)
    pos = question._union([_nested(i, leaf, excluded) for i in node.items if not isinstance(i, uq.Not)],
                          best=False)
    for i in node.items:
        if pos is not None and isinstance(i, uq.Not):
            neg = excluded(i.item)
            if neg is not None and len(neg):
                keep = ~np.isin(pos.ids, neg, assume_unique=True)
                pos = question.Scored(pos.ids[keep], pos.score[keep], pos.cover[keep], pos.total)
    return pos


def test_an_ands_words_in_one_union_equal_a_union_per_leaf(built, monkeypatch):
    _, _, snap = built
    seen = {}
    real = question.evaluate

    def spy(node, leaf, excluded):  # keeps question_scores' own leaf and NOT readings
        seen.update(leaf=leaf, excluded=excluded)
        return real(node, leaf, excluded)

    def top(s: question.Scored) -> np.ndarray:
        return s.ids[np.lexsort((s.ids, -question.final(s)[1]))[:100]]

    monkeypatch.setattr(question, "evaluate", spy)
    queries = QUESTIONS + ["土地 (征收 OR 征用) -补偿", "宅基地 OR 承包 经营"]
    for q in queries:
        node = uq.parse(q)
        got = ranked.question_scores(node, snap.terms, snap.titles)
        want = _nested(node, seen["leaf"], seen["excluded"])
        assert np.array_equal(got.ids, want.ids), q
        assert got.total == pytest.approx(want.total, rel=1e-12)
        assert np.allclose(got.score, want.score, rtol=1e-12, atol=0)
        assert np.allclose(got.cover, want.cover, rtol=1e-12, atol=0)
        assert np.array_equal(top(got), top(want)), q


def test_every_words_bm25f_at_once_equals_each_words_own(built):
    """bm25f.FieldTable (a served worker's) against field_scores (the definition), word by word,
    for every word of the three fields: the same entries and the same floats."""
    _, _, snap = built
    terms = snap.terms
    assert terms.anchors is not None and terms.headings is not None
    table = bm25f.FieldTable(terms, ranked.ANCHOR_WEIGHT, ranked.HEADING_WEIGHT)
    words = {w for f in (terms, terms.anchors, terms.headings) for seg in f.segments for w in seg.vocab}
    assert len(words) > 1000 and table.postings > len(words)
    for w in sorted(words) + ["不在索引里的词"]:
        want = bm25f.field_scores(terms, w, ranked.ANCHOR_WEIGHT, ranked.HEADING_WEIGHT)
        got = table.get(w)
        assert np.array_equal(got[0], want[0]) and got[0].dtype == np.int32, w
        assert np.array_equal(got[1], want[1]), w
    with pytest.raises(ValueError):
        table.get("土地")[1][0] = 0.0  # shared by every request: read-only


def test_a_table_built_with_other_weights_is_not_read(built, monkeypatch):
    engine, svc, _ = built
    with Session(engine) as s:
        snap = SearchService(engine, svc.index_dir).snapshot(s)
    want = snap.titles.bm25f("补偿", snap.terms)
    snap.terms.table = bm25f.FieldTable(snap.terms, 0.0, 0.0)  # as if fit with other weights
    try:
        snap.titles._scored.clear()
        got = snap.titles.bm25f("补偿", snap.terms)
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    finally:
        snap.terms.table = None


def test_word_scores_are_kept_and_cannot_be_changed(built):
    _, _, snap = built
    docs, sc = snap.titles.bm25f("土地", snap.terms)
    assert snap.titles.bm25f("土地", snap.terms)[0] is docs and len(docs) > 10
    with pytest.raises(ValueError):
        sc[0] = 0.0  # shared by every request: read-only


def test_a_pages_parts_by_pid_range_equal_the_like_query(built):
    engine, svc, _ = built
    keys = []
    for q in QUESTIONS:
        keys += [(h.version_id, h.provision_id) for h in svc.search(SearchRequest(q, limit=20)).hits]
    keys = list(dict.fromkeys(keys))
    with Session(engine) as s:
        got = fetch_entries(s, keys)
        for vid, pid in keys:
            rows = s.connection().execute(sql(
                "SELECT pid, kind FROM provision WHERE version_id = :v AND pid LIKE :x ESCAPE '\\' ORDER BY ord"),
                {"v": vid, "x": pid.replace("_", "\\_") + "\\_\\_%"}).all()
            want = [r[0] for r in rows if r[1] in NARROW_KINDS]
            assert [p.pid for p in got[(vid, pid)][1]] == want
    assert sum(len(v[1]) for v in got.values()) > 20  # articles with 款 and 项 among them


def test_a_warmed_service_reads_no_row_a_page_needs_and_answers_the_same(built):
    """SearchService.warm (a served worker's start) preloads every entry's rows and builds the
    BM25F table: its pages are the cold service's, and searching adds no row to the kept ones."""
    engine, svc, _ = built
    warmed = SearchService(engine, svc.index_dir)
    warmed.warm()
    with Session(engine) as s:
        snap = warmed.snapshot(s)
        keys = [snap.exact.key(g) for g in range(snap.exact.size)]
        assert snap.page_rows.read(s, keys[:300]) == fetch_entries(s, keys[:300])
        # one pass over the table (every_entry) gives what the page query gives, key by key
        every = entries.every_entry(s, keys + [("no-such-version", "art_1"), keys[0]])
        by_page = {}
        for i in range(0, len(keys), 500):
            by_page.update(fetch_entries(s, keys[i:i + 500]))
        assert every == by_page and list(every) == list(dict.fromkeys(keys))
        assert sum(len(p) for _, p in every.values()) > len(every)  # articles with 款 and 项 among them
    kept = len(snap.page_rows)
    assert kept == len(set(keys)) > entries.PageRows.KEPT // 100
    for q in QUESTIONS:
        assert warmed.search(SearchRequest(q, limit=100)).to_json() == svc.search(SearchRequest(q, limit=100)).to_json()
    assert len(snap.page_rows) == kept and warmed._snapshot is snap


def test_a_second_warm_of_a_snapshot_reads_no_row_again(built, monkeypatch):
    engine, svc, _ = built
    warmed = SearchService(engine, svc.index_dir)
    warmed.warm()
    read = []
    real = entries.every_entry
    monkeypatch.setattr(entries, "every_entry", lambda source, keys: read.append(len(keys)) or real(source, keys))
    kept = len(warmed._snapshot.page_rows)
    warmed.warm()
    assert read == [] and len(warmed._snapshot.page_rows) == kept


def test_what_an_entry_holds_reads_the_same_as_a_range_and_as_holders():
    """entries.PART_MARK's one rule, as the page query's pid range and as the preload's holders."""
    pids = ["art_47", "art_47__para_1", "art_47__para_1__item_2", "art_47_x", "art_470__para_1", "art_4",
            "art_47__", "art_47_`", "art_47__para_1__item_2__sub_1", "app_1__art_2__para_1", "art_47a__para_1"]
    for entry in pids:
        lo, hi = entries._inside(entry)
        by_range = {p for p in pids if lo <= p < hi}  # byte order, as SQLite and COLLATE "C" compare
        by_holders = {p for p in pids if entry in set(entries._holders(p))}
        assert by_range == by_holders, entry
    assert {p for p in pids if "art_47" in set(entries._holders(p))} == {
        "art_47__", "art_47__para_1", "art_47__para_1__item_2", "art_47__para_1__item_2__sub_1"}
    assert list(entries._holders("app_1__art_2__para_1")) == ["app_1", "app_1__art_2"]


def test_a_served_services_next_snapshot_is_warmed_in_the_background(built, monkeypatch):
    """After a write to the record a served worker swaps in a new snapshot (a new catalog): it is
    warmed by a thread of its own, keeping the index's BM25F table, while searches go on."""
    from registry.search import service

    engine, svc, _ = built
    warmed = SearchService(engine, svc.index_dir)
    warmed.warm()
    old = warmed._snapshot
    assert warmed.warming is None  # the first snapshot was warmed by warm() itself
    old.catalog.fingerprint = ("as if the record had changed since",)
    monkeypatch.setattr(service, "STORE_CHECK_SECONDS", -1.0)
    q = QUESTIONS[0]
    answer = warmed.search(SearchRequest(q, limit=50)).to_json()
    new = warmed._snapshot
    assert new is not old and warmed.warming is not None
    warmed.warming.join(60)
    assert not warmed.warming.is_alive()
    assert new.terms.table is old.terms.table and len(new.page_rows) == len(old.page_rows)
    assert answer == svc.search(SearchRequest(q, limit=50)).to_json()


def test_a_background_warm_that_fails_says_so_and_leaves_the_snapshot_answering(built, monkeypatch, capsys):
    from registry.search import service

    engine, svc, _ = built
    warmed = SearchService(engine, svc.index_dir)
    warmed.warm()
    monkeypatch.setattr(service, "STORE_CHECK_SECONDS", -1.0)

    def broken(self, session):
        raise OSError("disk gone")

    monkeypatch.setattr(service._Snapshot, "warm", broken)
    for _ in range(2):  # each swap after a failure starts a thread again
        warmed._snapshot.catalog.fingerprint = ("as if the record had changed since",)
        q = QUESTIONS[1]
        assert warmed.search(SearchRequest(q, limit=20)).to_json() == svc.search(SearchRequest(q, limit=20)).to_json()
        warmed.warming.join(60)
        assert not warmed._warming and "检索索引预热失败" in capsys.readouterr().err


def test_search_answers_are_the_same_on_a_fresh_service(built):
    engine, svc, _ = built
    again = SearchService(engine, svc.index_dir)
    for q in QUESTIONS:
        a = svc.search(SearchRequest(q, limit=30)).to_json()
        b = again.search(SearchRequest(q, limit=30)).to_json()
        assert a == b and a["hits"]
        assert svc.search(SearchRequest(q, limit=30)).to_json() == a  # warm word caches change nothing


def test_hit_json_is_asdict_and_segmentations_are_per_tokenizer(built):
    from dataclasses import asdict

    import jieba

    from registry.search.analysis import query_tokens, tokenizer

    _, svc, _ = built
    result = svc.search(SearchRequest("征收土地的补偿", limit=20))
    assert result.to_json()["hits"] == [asdict(h) for h in result.hits] and result.hits
    words = query_tokens("临时用地到期不还要承担什么责任")
    words.append("改过")  # the caller's copy: the kept segmentation is not changed
    assert "改过" not in query_tokens("临时用地到期不还要承担什么责任")
    plain = jieba.Tokenizer()  # another dictionary: its own segmentation, not the one kept for the first
    plain.initialize()
    plain.add_word("临时用地到期不还", 10 ** 6)
    assert query_tokens("临时用地到期不还要承担", plain)[0] == "临时用地到期不还"
    assert query_tokens("临时用地到期不还要承担", tokenizer())[0] != "临时用地到期不还"


def test_parts_narrowed_through_the_article_equal_the_plain_narrowing(built):
    from registry.search.results import narrowed, narrowed_in

    engine, svc, _ = built
    keys = [(h.version_id, h.provision_id) for q in QUESTIONS for h in svc.search(SearchRequest(q, limit=30)).hits]
    with Session(engine) as s:
        rows = fetch_entries(s, list(dict.fromkeys(keys)))
    shown = 0
    for q in QUESTIONS + ["第一款", "（一）"]:
        words = list(ranked.plan(uq.parse(q)).words) + [""]
        for entry, parts in rows.values():
            got = narrowed_in(parts, words, entry.text)
            assert got == narrowed(parts, words)
            here = [w for w in words if w and w in entry.text] + ["不 在"]  # as _standing gives them
            assert narrowed_in(parts, words, entry.text, here) == got
            shown += bool(got)
    assert shown > 20


def test_deepest_parts_equal_the_pairwise_test_on_odd_pids():
    import itertools

    from registry.search.entries import Part
    from registry.search.results import _deepest

    def pairwise(hits):
        return [{"id": p.pid, "label": p.label} for p in hits
                if not any(q.pid.startswith(p.pid + "__") for q in hits)]

    segs = ["art_1", "para_2", "item_3", "_x", "", "a_"]
    pids = ["__".join(c) for n in (1, 2, 3) for c in itertools.product(segs, repeat=n)]
    for start in range(0, len(pids) - 5, 7):
        hits = [Part(p, "paragraph", p, "") for p in pids[start:start + 6] + pids[:start:37]]
        assert _deepest(hits) == pairwise(hits)
        assert _deepest(hits[:1]) == pairwise(hits[:1]) and _deepest([]) == []


def test_a_titles_entries_equal_the_scan_over_every_entry(built):
    _, _, snap = built
    titles = snap.titles
    works = sorted(titles.titles)
    sets = [titles.named.get("土地管理法", set()), set(titles._containing("土地")), set(works), set(works[::3]),
            {works[0], "no such work"}, set()]
    assert len(sets[0]) >= 1 and len(sets[1]) > 3
    for chosen in sets:
        nums = [titles.work_numbers[w] for w in chosen if w in titles.work_numbers]
        plain = np.nonzero(np.isin(titles.entry_work, nums))[0].astype(np.int32) if nums else np.zeros(0, np.int32)
        got = titles._entries(chosen)
        assert np.array_equal(got, plain) and got.dtype == np.int32


def test_word_caches_stay_within_their_bound_and_answer_the_same(built, monkeypatch):
    from registry.search import terms as terms_module

    engine, svc, _ = built
    before = {q: svc.search(SearchRequest(q, limit=20)).to_json() for q in QUESTIONS}
    monkeypatch.setattr(ranked, "KEPT_POSTINGS", 500)
    monkeypatch.setattr(terms_module, "BM25_CACHE_POSTINGS", 500)
    small = SearchService(engine, svc.index_dir)
    for q in QUESTIONS * 2:
        assert small.search(SearchRequest(q, limit=20)).to_json() == before[q]
        with Session(engine) as s:
            snap = small.snapshot(s)
        for cache, held in ((snap.titles._scored, snap.titles._held), (snap.titles._parts, snap.titles._parts_held)):
            assert held <= 500 or len(cache) == 1  # one word longer than the bound is kept alone
            assert held == sum(len(v[0] if isinstance(v, tuple) else v.ids) for v in cache.values())


def test_distinct_entries_by_mask_equal_np_unique(built):
    _, _, snap = built
    rng = np.random.default_rng(7)
    parts = [snap.terms.bm25(w)[0] for w in ("土地", "补偿", "征收", "应当", "宅基地")]
    every = np.concatenate([p for p in parts if len(p)])
    assert len(every) > 100 and len(np.unique(every)) < len(every)  # overlapping postings
    for arr in (every, rng.integers(0, 5000, 3000), np.array([3, 3, 0]), np.array([0])):
        assert np.array_equal(boolean.occurring(arr, int(arr.max()) + 1), np.unique(arr))


def test_finds_are_each_words_first_place_in_each_text(built):
    _, _, snap = built
    texts = [snap.exact.text(g) for g in range(0, snap.exact.size, max(1, snap.exact.size // 300))]
    p = ranked.plan(uq.parse(QUESTIONS[0]))
    where = ranked.finds(texts, p.words)
    assert where.shape == (len(texts), len(p.words)) and (where >= 0).any()
    assert where.tolist() == [[t.find(w) for w in p.words] for t in texts]
    assert ranked.finds([], p.words).shape == (0, len(p.words))


def test_snippets_and_parts_from_the_reranks_finds_equal_the_plain_ones(built, monkeypatch):
    from registry.search import service

    _, svc, _ = built
    used = []
    real = service._standing

    def spy(words, seen, text):
        got = real(words, seen, text)
        used.append(got is not None)
        return got

    monkeypatch.setattr(service, "_standing", spy)
    fast = [svc.search(SearchRequest(q, limit=50)).to_json() for q in QUESTIONS]
    assert sum(used) > 100  # the page's texts were the rerank's
    monkeypatch.setattr(service, "_standing", lambda words, seen, text: None)  # every word tested per hit
    plain = [svc.search(SearchRequest(q, limit=50)).to_json() for q in QUESTIONS]
    assert fast == plain
    assert any(h["marks"] for r in fast for h in r["hits"]) and any(h["parts"] for r in fast for h in r["hits"])


def test_a_word_with_a_space_is_kept_for_the_flattened_snippet():
    from registry.search.service import _standing

    text = "第一款\n第二款"
    assert _standing(["第一款", "款 第", "无"], (text, [0, -1, -1]), text) == ["第一款", "款 第"]
    assert _standing(["第一款"], ("另一个文本", [0]), text) is None  # the store's text is not the index's


def test_plain_sql_through_the_sqlite_driver_equals_sqlalchemys_rows(built):
    from registry.norms.reading import SessionReading, _statement

    engine, svc, _ = built
    keys = [(h.version_id, h.provision_id) for h in svc.search(SearchRequest(QUESTIONS[1], limit=20)).hits]
    from registry.search.entries import _page_query

    params = {}
    for n, (vid, pid) in enumerate(keys):
        params.update({f"v{n}": vid, f"p{n}": pid, f"lo{n}": pid + "__", f"hi{n}": pid + "_`"})
    with Session(engine) as s:
        fast = SessionReading(s).execute(_page_query(len(keys), "sqlite"), params)
        routed = s.connection().execute(_statement(_page_query(len(keys), "sqlite")), params).all()
    assert len(fast) > len(keys) and [tuple(r) for r in fast] == [tuple(r) for r in routed]


def _plain_snippet(text: str, words: list[str], width: int = 90) -> tuple[str, list[tuple[int, int]]]:
    """The snippet as it was computed before: every match of the whole text, then the window."""
    from registry.search.results import _spans

    flat = text.replace("\n", " ")
    spans = _spans(flat, words)
    start = max(0, min(spans[0][0] - width // 3, len(flat) - width)) if spans else 0
    end = min(len(flat), start + width)
    lead = "…" if start > 0 else ""
    marks = [(max(a, start) - start + len(lead), min(b, end) - start + len(lead))
             for a, b in spans if b > start and a < end]
    return lead + flat[start:end] + ("…" if end < len(flat) else ""), marks


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="甲乙丙\n", max_size=300),
       st.lists(st.text(alphabet="甲乙丙 ", max_size=4), max_size=5), st.integers(3, 40))
def test_a_snippet_scanned_up_to_its_window_equals_the_whole_texts(text, words, width):
    # three characters make words that overlap each other and themselves (甲甲 in 甲甲甲)
    from registry.search.results import snippet

    assert snippet(text, words, width) == _plain_snippet(text, words, width)


def test_a_snippet_of_real_page_texts_equals_the_whole_texts(built):
    from registry.search.results import snippet

    _, svc, snap = built
    texts = [snap.exact.text(g) for g in range(0, snap.exact.size, 7)]
    for q in QUESTIONS:
        words = list(ranked.plan(uq.parse(q)).words)
        assert [snippet(t, words) for t in texts] == [_plain_snippet(t, words) for t in texts]


def test_hits_inside_other_hits_get_each_part_once(built):
    engine, _, snap = built
    with Session(engine) as s:
        vid, pid = s.connection().execute(sql(
            "SELECT version_id, parent FROM provision WHERE kind = 'item' AND parent LIKE 'art%para%' LIMIT 1")).one()
        art = pid.split("__", 1)[0]
        keys = [(vid, art), (vid, pid), (vid, art)]
        got = fetch_entries(s, keys)
        alone = fetch_entries(s, [(vid, art)])
    assert set(got) == {(vid, art), (vid, pid)}
    assert [p.pid for p in got[(vid, art)][1]] == [p.pid for p in alone[(vid, art)][1]]
    assert len({p.pid for p in got[(vid, art)][1]}) == len(got[(vid, art)][1]) > 1
    assert all(p.pid.startswith(pid + "__") for p in got[(vid, pid)][1]) and got[(vid, pid)][1]


def test_page_rows_are_read_once_and_kept_within_their_bound(built, monkeypatch):
    from registry.search import entries

    engine, svc, _ = built
    fresh = SearchService(engine, svc.index_dir)
    want = [fresh.search(SearchRequest(q, limit=40)).to_json() for q in QUESTIONS]
    reads = []
    real = entries.fetch_entries
    monkeypatch.setattr(entries, "fetch_entries", lambda s, keys: reads.append(len(keys)) or real(s, keys))
    monkeypatch.setattr(entries.PageRows, "KEPT", 60)
    again = SearchService(engine, svc.index_dir)
    assert [again.search(SearchRequest(q, limit=40)).to_json() for q in QUESTIONS] == want
    with Session(engine) as s:
        kept = again.snapshot(s).page_rows
    assert 0 < len(kept) <= 60
    reads.clear()
    monkeypatch.setattr(entries.PageRows, "KEPT", 100_000)
    assert [again.search(SearchRequest(q, limit=40)).to_json() for q in QUESTIONS] == want
    assert 0 < len(reads) <= len(QUESTIONS)  # at most one read a page, of the rows not kept
    first = len(reads)
    assert [again.search(SearchRequest(q, limit=40)).to_json() for q in QUESTIONS] == want
    assert len(reads) == first  # the second round read nothing from the store


def _unique_grams(texts: list[str]) -> tuple[np.ndarray, ...]:
    """The exact index's n-gram postings as they were built before: np.unique over int64 temporaries."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    cp = np.frombuffer(exact.SEP.join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(cp)]
    real = cp != 0
    uni = ((cp << exact.CHAR_BITS) << exact.DOC_BITS | doc)[real]
    pair = real[:-1] & real[1:]
    bi = ((((cp[:-1] << exact.CHAR_BITS) | cp[1:]) << exact.DOC_BITS) | doc[:-1])[pair]
    composite, counts = np.unique(np.concatenate([uni, bi]), return_counts=True)
    gram = composite >> exact.DOC_BITS
    first = np.flatnonzero(np.concatenate(([True], gram[1:] != gram[:-1])))
    return (gram[first], np.append(first, len(gram)).astype(np.int64),
            (composite & (exact.MAX_ENTRIES - 1)).astype(np.int32), np.minimum(counts, 65535).astype(np.uint16))


def test_grams_sorted_in_place_equal_np_unique_over_temporaries(built):
    _, _, snap = built
    texts = [snap.exact.text(g) for g in range(snap.exact.size)]
    assert len(texts) > 500
    for sample in (texts, texts[:1], ["", "土地", "", "土地征收土地", "a\u4e00𠀀b"]):
        lengths = np.array([len(t) for t in sample], dtype=np.int32)
        got, want = exact._grams(sample, lengths), _unique_grams(sample)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and np.array_equal(g, w)
    for sample in ([], ["", ""]):  # no n-gram at all: empty postings, one start
        keys, starts, docs, tf = exact._grams(sample, np.zeros(len(sample), dtype=np.int32))
        assert starts.tolist() == [0] and len(keys) == len(docs) == len(tf) == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**62), max_size=300))
def test_counted_equals_np_unique_with_counts(values):
    keys = np.array(values, dtype=np.int64)
    want_keys, want_counts = np.unique(keys, return_counts=True)
    got_keys, got_counts = exact.counted(keys.copy())
    assert np.array_equal(got_keys, want_keys) and np.array_equal(got_counts, want_counts)


def test_entries_read_by_kind_equal_the_units_of_every_row(built):
    engine, _, _ = built
    every = ("SELECT version_id, pid, kind, label, parent, text, ord FROM provision "
             "ORDER BY version_id, ord")
    with Session(engine) as s:
        rows = s.connection().execute(sql(every)).all()
        vids = sorted({r[0] for r in rows})
        want = []
        for vid in vids:  # each version's rows through the unit rule, as load_entries read them before
            want.extend(entries._units([r for r in rows if r[0] == vid]))
        assert load_entries(s) == want
        some = vids[::3]
        assert load_entries(s, some) == [e for e in want if e.version_id in set(some)]
    assert any(e.label for e in want) and len(want) > 500


def test_finds_past_the_postings_filter_equal_every_find_on_one_and_on_several_segments(built):
    engine, _, snap = built
    with Session(engine) as s:
        every = load_entries(s)
    split = exact.ExactIndex([exact.build_segment("a", every[:200]), exact.build_segment("b", every[200:450]),
                              exact.build_segment("c", every[450:])])
    rng = np.random.default_rng(3)
    words = set()
    for q in QUESTIONS:
        words.update(ranked.plan(uq.parse(q)).words)
    words = tuple(sorted(words)) + ("地", "\n", "𠀀", "土地管理法第四十七条")  # one character, a newline, none
    for index in (snap.exact, split):
        assert index.size == len(every)
        gids = rng.choice(index.size, size=200, replace=False)
        gids[:3] = gids[0]  # a gid twice
        texts = [index.text(int(g)) for g in gids]
        may = index.may_hold(gids, words)
        want = ranked.finds(texts, words)
        assert may.shape == want.shape and not (want >= 0)[~may].any()  # never False where the word stands
        assert (~may).sum() > may.size // 2  # and most absent words are known absent without a find
        assert np.array_equal(ranked.finds(texts, words, may), want)
    assert split.may_hold(np.zeros(0, dtype=np.int64), words).shape == (0, len(words))
