"""Ranked (模糊) search: BM25F over jieba terms in Whoosh, then a rerank on legal signals.

Whoosh finds and scores the articles whose words match (every word of a leaf,
in the same article); a word that names norms (土地管理法, 实施条例) also
matches the articles of those norms, with a fixed boost, so `土地管理法 征收
补偿` finds 第四十八条 even though the article never names its own law. The
best candidates are then reordered on what BM25 cannot see: the query's words
standing together in the text (phrase proximity), the rank of the norm
(位阶) and whether it is in force on the query date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from whoosh import query as wq
from whoosh.scoring import BM25F

from registry.search import query as uq
from registry.search.analysis import query_tokens
from registry.search.catalog import CURRENCY_ORDER, Catalog

TITLE_BOOST = 8.0
MAX_TITLE_WORKS = 40  # a word in more titles than this (条例, 规定) says nothing about the norm
RERANK_POOL = 60
WEIGHTING = BM25F(B=0.75, K1=1.2)


@dataclass(frozen=True)
class Plan:
    query: wq.Query | None
    words: tuple[str, ...]  # every positive token, for proximity, snippets and highlighting
    phrases: tuple[str, ...]  # the leaves as typed, for proximity


class TitleIndex:
    """Which works a word names: built from the catalog, cached per catalog."""

    def __init__(self, cat: Catalog):
        self.titles: dict[str, str] = {}
        for v in cat.versions.values():
            self.titles.setdefault(v.work_id, f"{v.title}\u0000{v.short_title}")
        self._cache: dict[str, tuple[str, ...]] = {}

    def works(self, word: str) -> tuple[str, ...]:
        if len(word) < 2:
            return ()
        hit = self._cache.get(word)
        if hit is None:
            found = tuple(w for w, t in self.titles.items() if word in t)
            hit = found if len(found) <= MAX_TITLE_WORKS else ()
            self._cache[word] = hit
        return hit


def _word_query(word: str, titles: TitleIndex) -> wq.Query:
    content = wq.Term("content", word)
    works = titles.works(word)
    if not works:
        return content
    named = wq.Or([wq.Term("work_id", w) for w in works])
    return wq.Or([content, wq.ConstantScoreQuery(named, score=TITLE_BOOST)])


def plan(node: uq.Node, titles: TitleIndex, relaxed: bool = False) -> Plan:
    """Whoosh query for a parsed user query; `relaxed` ORs the words of each leaf."""
    words: list[str] = []

    def build(n: uq.Node) -> wq.Query | None:
        if isinstance(n, uq.Leaf):
            toks = query_tokens(n.text)
            words.extend(toks)
            parts = [_word_query(t, titles) for t in dict.fromkeys(toks)]
            if not parts:
                return None
            if len(parts) == 1:
                return parts[0]
            return wq.Or(parts) if relaxed else wq.And(parts)
        if isinstance(n, uq.Not):
            words_before = len(words)
            inner = build(n.item)
            del words[words_before:]  # negated words are not highlighted nor scored
            return wq.Not(inner) if inner is not None else None
        subs = [q for q in (build(i) for i in n.items) if q is not None]
        if not subs:
            return None
        if len(subs) == 1:
            return subs[0]
        if isinstance(n, uq.Or) or relaxed and not any(isinstance(s, wq.Not) for s in subs):
            return wq.Or(subs)
        return wq.And(subs)

    q = build(node)
    if q is not None and isinstance(q, wq.Not):
        q = None
    phrases = tuple(leaf.text for leaf in uq.positive_leaves(node))
    return Plan(q, tuple(dict.fromkeys(w for w in words)), phrases)


def proximity(text: str, p: Plan) -> float:
    """1 when a typed phrase stands in the text as typed, else how tightly its words cluster."""
    if any(len(ph) > 1 and ph in text for ph in p.phrases):
        return 1.0
    if len(p.words) < 2:
        return 0.0
    spans = [(text.find(w), w) for w in p.words]
    present = [(i, w) for i, w in spans if i >= 0]
    if len(present) < 2:
        return 0.0
    lo = min(i for i, _ in present)
    hi = max(i + len(w) for i, w in present)
    need = sum(len(w) for _, w in present)
    return 0.5 * need / max(hi - lo, need) * len(present) / len(p.words)


@lru_cache(maxsize=16)
def _rank_factor(rank: int) -> float:
    return 1.0 + 0.25 / (1 + rank)


def rerank_score(bm25: float, text: str, p: Plan, rank: int, status: str) -> float:
    currency = 1.0 - 0.1 * CURRENCY_ORDER.get(status, 4)
    return bm25 * (1.0 + 0.6 * proximity(text, p)) * _rank_factor(rank) * currency
