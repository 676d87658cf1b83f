"""Ranked search's citing signals and idf on real texts: how often other norms cite an article,
the sentences they cite it with (its anchor field), and document frequency over distinct texts
(an article unchanged across versions is one text)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from search_store import cited_small_store
from sqlalchemy import text
from sqlmodel import Session

from registry.search import Filters, SearchRequest, SearchService, anchors, priors, ranked
from registry.search.analysis import query_tokens
from registry.search.entries import load_entries
from registry.search.catalog import load_catalog
from registry.search.exact import ExactIndex, load_segment
from registry.search.index import SEGMENTS, read_manifest
from registry.search.terms import TermIndex, load_terms

TODAY = Filters(day=date.today())
LAND_LAW = "中华人民共和国土地管理法"


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("priors")
    engine = cited_small_store(shared_corpus, root)
    man = read_manifest(root / "index")
    folders = [root / "index" / SEGMENTS / s["name"] for s in man.segments]
    exact = ExactIndex([load_segment(f) for f in folders])
    terms = TermIndex([load_terms(f) for f in folders], exact.bases)
    with Session(engine) as s:
        cat = load_catalog(s)
        counts = priors.cited_counts(s, exact, {v: i.work_id for v, i in cat.versions.items()})
    return engine, root / "index", exact, terms, cat, counts


def _gids(exact: ExactIndex, cat, title: str, pid: str) -> dict[str, int]:
    out = {}
    for g in range(exact.size):
        vid, p = exact.key(g)
        if p == pid and cat.versions[vid].title == title:
            out[vid] = g
    return out


def _citing_works(engine, title: str, pid: str) -> set[str]:
    with engine.connect() as c:
        rows = c.exec_driver_sql(
            "SELECT DISTINCT c.work_id FROM citation c JOIN work w ON w.id = c.resolved_work_id "
            "WHERE c.state = 'resolved' AND c.kind IN ('cites', 'basis') AND c.resolved_work_id != c.work_id "
            "AND w.title = ? AND (c.resolved_pid = ? OR c.resolved_pid LIKE ? ESCAPE '\\')",
            (title, pid, pid.replace("_", "\\_") + "\\_\\_%")).all()
    return {r[0] for r in rows}


def test_an_article_other_norms_cite_counts_its_distinct_citing_norms(built):
    engine, _, exact, _, cat, counts = built
    # the 实施条例 (and the land rules in the store) cite 土地管理法 articles by number
    cited = {}
    for g in np.nonzero(counts)[0].tolist():
        vid, pid = exact.key(g)
        if cat.versions[vid].title == LAND_LAW:
            cited[pid] = counts[g]
    assert cited, "no 土地管理法 article is cited by another norm in the store"
    pid, n = max(cited.items(), key=lambda kv: kv[1])
    works = _citing_works(engine, LAND_LAW, pid)
    # at most the distinct citing norms (a norm citing an article ten times counts once)
    assert 1 <= n <= len(works)
    # an article no other norm cites has no prior
    never = [g for g in range(exact.size) if cat.versions[exact.key(g)[0]].title == LAND_LAW
             and not _citing_works(engine, LAND_LAW, exact.key(g)[1])]
    assert never and all(counts[g] == 0 for g in never)


def test_a_citation_counts_for_every_version_with_the_same_article_text(built):
    _, _, exact, _, cat, counts = built
    same_text_pairs = 0
    for g in np.nonzero(counts)[0].tolist():
        vid, pid = exact.key(g)
        for other_vid, h in _gids(exact, cat, cat.versions[vid].title, pid).items():
            if other_vid == vid:
                continue
            if exact.text(h) == exact.text(g):
                assert counts[h] == counts[g]
                same_text_pairs += 1
    assert same_text_pairs >= 1


def test_the_norms_own_references_are_not_counted(built):
    engine, _, exact, _, cat, counts = built
    with engine.connect() as c:
        own = c.exec_driver_sql(
            "SELECT resolved_version_id, resolved_pid FROM citation WHERE state = 'resolved' "
            "AND resolved_work_id = work_id AND resolved_pid != ''").all()
        outside = {(v, priors.article_of(p)) for v, p in c.exec_driver_sql(
            "SELECT resolved_version_id, resolved_pid FROM citation WHERE state = 'resolved' "
            "AND resolved_work_id != work_id AND kind IN ('cites', 'basis') AND resolved_pid != ''").all()}
    only_own = {(v, priors.article_of(p)) for v, p in own} - outside
    gid = {exact.key(g): g for g in range(exact.size)}
    checked = [gid[k] for k in only_own if k in gid]
    assert checked, "no article is cited only by its own norm (本法第X条)"
    texts_cited_outside = {exact.text(gid[k]) for k in outside if k in gid}
    assert all(counts[g] == 0 for g in checked if exact.text(g) not in texts_cited_outside)


def test_document_frequency_counts_distinct_texts(built):
    _, _, exact, terms, _, _ = built
    assert terms.distinct
    # 土地管理法's articles stand unchanged in several versions: entries outnumber distinct texts
    assert terms.texts == len({exact.text(g) for g in range(exact.size)}) < exact.size
    docs, _ = terms.postings("宅基地")
    distinct = len({exact.text(g) for g in docs.tolist()})
    assert distinct < len(docs)
    assert terms.idf("宅基地", len(docs)) == pytest.approx(
        np.log(1 + (terms.texts - distinct + 0.5) / (distinct + 0.5)))


def test_ranked_search_weighs_a_cited_article_up_by_its_citing_norms(built):
    engine, index, exact, _, _, counts = built
    svc, plain = SearchService(engine, index), SearchService(engine, index)
    with Session(engine) as s:
        plain.snapshot(s).cited = np.ones(exact.size)  # the same index and catalog without the prior
    q = "农村村民出卖、出租、赠与住宅后，再申请宅基地的，不予批准"
    with_prior = svc.search(SearchRequest(q, TODAY, limit=30)).hits
    base = {(h.version_id, h.provision_id): h.score for h in plain.search(SearchRequest(q, TODAY, limit=30)).hits}
    gid = {exact.key(g): g for g in range(exact.size)}
    ratios = {}
    for h in with_prior:
        k = (h.version_id, h.provision_id)
        if base.get(k):
            ratios[k] = (h.score / base[k], 1 + ranked.CITED_WEIGHT * np.log1p(counts[gid[k]]))
    # each hit weighs 1 + CITED_WEIGHT * log(1 + the norms citing it) times its plain score
    assert any(counts[gid[k]] > 0 for k in ratios), "no cited article among the hits"
    assert all(got == pytest.approx(want, rel=1e-3) for got, want in ratios.values())


def test_an_article_carries_the_sentences_other_norms_cite_it_with(built):
    engine = built[0]
    with Session(engine) as s:
        entries = load_entries(s)
        texts = anchors.anchor_texts(s, entries)
        row = s.execute(text(
            "SELECT c.resolved_version_id, c.resolved_pid, c.raw, c.start, c.\"end\", p.text FROM citation c "
            "JOIN provision p ON p.version_id = c.version_id AND p.pid = c.source_pid JOIN work w "
            "ON w.id = c.resolved_work_id WHERE c.state = 'resolved' AND c.kind = 'cites' AND w.title = :t "
            "AND c.work_id != c.resolved_work_id AND c.resolved_pid != '' ORDER BY c.id LIMIT 1"),
            {"t": LAND_LAW}).one()
    vid, pid, raw, start, end, citing = row
    at = {(e.version_id, e.pid): n for n, e in enumerate(entries)}
    anchor = texts[at[(vid, priors.article_of(pid))]]
    piece = anchors.sentence(citing, start, end).strip()
    assert citing[start:end] == raw and piece and raw not in piece
    assert piece in anchor.split("\n")
    # the same article text in another version of 土地管理法 carries it too; articles nobody cites carry none
    same = [n for n, e in enumerate(entries) if e.pid == priors.article_of(pid) and e.version_id != vid
            and e.version_id.split("@")[0] == vid.split("@")[0] and e.text == entries[at[(vid, e.pid)]].text]
    assert all(piece in texts[n] for n in same)
    assert sum(1 for t in texts if t) < len(entries) / 2


def test_the_anchor_field_is_indexed_and_finds_an_article_by_its_citing_words(built):
    engine, index, exact, terms, _, _ = built
    assert terms.anchors is None  # the bare TermIndex of the fixture; the service loads the field
    svc = SearchService(engine, index)
    with Session(engine) as s:
        snap = svc.snapshot(s)
        entries = load_entries(s)
        texts = anchors.anchor_texts(s, entries)
    assert snap.terms.anchors is not None and snap.terms.anchors.size == exact.size
    n = next(i for i, t in enumerate(texts) if len(t) > 20)
    gid = {exact.key(g): g for g in range(exact.size)}[(entries[n].version_id, entries[n].pid)]
    words = [w for w in query_tokens(texts[n]) if len(w) > 1]
    found = [w for w in words if gid in set(snap.terms.anchors.postings(w)[0].tolist())]
    assert found and len(found) >= len(words) // 2


def test_an_amending_decision_gets_no_rank_boost_over_the_law_it_amends():
    from registry.search.catalog import level_rank

    # no kind is listed above a 修改、废止的决定, so its 位阶 sort key equals the constitution's
    assert level_rank("修改、废止的决定") == level_rank("宪法") < level_rank("法律")
    law = ranked._rank_factor(ranked.search_rank("法律", level_rank("法律")))
    decision = ranked._rank_factor(ranked.search_rank("修改、废止的决定", level_rank("修改、废止的决定")))
    assert decision < ranked._rank_factor(ranked.search_rank("规范性文件", level_rank("规范性文件"))) <= law
    assert ranked.search_rank("法律", 1) == 1


def test_an_autonomous_regulation_weighs_as_a_local_rule_not_as_the_constitution():
    from registry.search.catalog import level_rank

    # no kind is listed above 自治条例和单行条例 either (they may 变通), so their sort key is 0
    assert level_rank("自治条例和单行条例") == level_rank("宪法")
    autonomous = ranked.search_rank("自治条例和单行条例", level_rank("自治条例和单行条例"))
    assert autonomous == level_rank("地方性法规")
    assert ranked._rank_factor(autonomous) < ranked._rank_factor(ranked.search_rank("法律", level_rank("法律")))


def test_the_law_outranks_a_local_restatement_that_matches_more_of_the_question():
    from registry.search.catalog import level_rank
    from registry.search.question import FRAME_WORDS

    p = ranked.Plan(("临时", "用地", "期满", "恢复"), ("临时用地期满恢复",))
    law = "临时使用土地期满，应当恢复种植条件。"
    local = "临时用地期满的，使用者应当恢复土地原状。"
    assert not FRAME_WORDS & set(p.words)
    # the local rule restates the law and scores half as much again in BM25 (more of the words)
    scores = ranked.rerank_scores([1.0, 1.5], [law, local], p, [level_rank("法律"), level_rank("地方性法规")],
                                  ["现行有效", "现行有效"])
    assert scores[0] > scores[1]
