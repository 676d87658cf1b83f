"""Reading a question: which words carry it, and scoring that never needs all of them.

Staff ask in sentences (临时用地到期不还要承担什么责任？). Requiring every word in
one article finds nothing, and a plain sum of BM25 terms lets the question's frame
(要, 承担, 什么) outvote its subject. So, in ranked mode:

* the words of every positive leaf are one weighted bag; interrogatives and
  frame words (a closed class of Chinese function words, not chosen from any
  query set) weigh `FRAME_WEIGHT`;
* AND is soft: an article scores the sum of its words' BM25F times the share of
  the question's weight it covers, raised to `COVERAGE_POWER` (OR takes the best
  branch's share, so a thesaurus alternative covers what it replaces); NOT still
  excludes;
* the result says which words the best hits lack (`missing`), so the page can say
  the results match only part of the question.

Reads the term index and title index; writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from registry.search import boolean
from registry.search import query as uq

FRAME_WEIGHT = 0.25
COVERAGE_POWER = 0.2  # fit with the rerank's weights (registry.search.ranked): a soft AND, as idf already weighs
COVER_BY_IDF = True
# interrogatives and the verbs/particles a question is framed with (现代汉语虚词 and 疑问词)
FRAME_WORDS = frozenset(
    "吗 呢 吧 啊 呀 么 什么 怎么 怎样 怎么样 怎么办 如何 哪些 哪个 哪里 哪 多少 几 为什么 为何 是否 能否 可否 "
    "有没有 是不是 能不能 可不可以 会不会 要不要 该 应该 需要 要 能 会 得 想 请问 情况 时候 时 后 "
    "一下 这个 那个 这种 那种 这样 那样 自己 我 我们 你 他 她 它 他们 别人 人家 里 上 下 "
    "就 都 也 还 又 再 才 很 太 被 把 给 让 从 向 跟 到 去 来 过 着 啦 嘛 吗？".split())


@dataclass(frozen=True)
class Scored:
    ids: np.ndarray  # int32 entry numbers, sorted
    score: np.ndarray  # summed word scores
    cover: np.ndarray  # the question's weight each entry covers
    total: float  # the weight there is to cover


def weight(word: str) -> float:
    return FRAME_WEIGHT if word in FRAME_WORDS else 1.0


def _union(parts: list[Scored], best: bool) -> Scored:
    """Sum the scores; cover sums (AND of different words) or takes the best branch (OR)."""
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    # dense over entry numbers (bincount, no sort): the same sums, added in the same order, as
    # np.unique's inverse would give, at a fraction of the time for a question's 50k postings
    # as intp once: bincount (twice) and the mask would each convert the int32 entry numbers again
    every = np.concatenate([p.ids for p in parts]).astype(np.intp)
    size = int(every.max()) + 1 if len(every) else 0
    ids = boolean.occurring(every, size)
    score = np.bincount(every, weights=np.concatenate([p.score for p in parts]), minlength=size)[ids]
    covers = np.concatenate([p.cover for p in parts])
    if best:
        cover = np.zeros(size)
        np.maximum.at(cover, every, covers)
        cover = cover[ids]
        total = max(p.total for p in parts)
    else:
        cover = np.bincount(every, weights=covers, minlength=size)[ids]
        total = sum(p.total for p in parts)
    return Scored(ids.astype(np.int32), score, cover, total)


def evaluate(node: uq.Node, leaf, excluded) -> Scored | None:
    """Soft evaluation: `leaf(Leaf) -> [Scored]` (one per word of the leaf); AND sums cover, OR
    keeps the best, and `excluded(node) -> entries | None` (the strict reading of a NOT part)
    drops what it names. An AND sums the words of its leaves in one union, where a union per
    leaf and one over those did the concatenating twice (the same sums, grouped differently:
    a float may differ in its last bit, tests/test_search_fast_paths.py)."""
    if isinstance(node, uq.Leaf):
        return _union(leaf(node), best=False)
    if isinstance(node, uq.Not):
        return None  # only meaningful inside an AND (below); a lone NOT has nothing to rank
    if isinstance(node, uq.Or):
        return _union([evaluate(i, leaf, excluded) for i in node.items], best=True)
    parts: list[Scored | None] = []
    for i in node.items:
        if isinstance(i, uq.Leaf):
            parts.extend(leaf(i))
        elif not isinstance(i, uq.Not):
            parts.append(evaluate(i, leaf, excluded))
    pos = _union(parts, best=False)
    if pos is None:
        return None
    for i in node.items:
        if isinstance(i, uq.Not):
            neg = excluded(i.item)
            if neg is not None and len(neg):
                keep = ~np.isin(pos.ids, neg, assume_unique=True)
                pos = Scored(pos.ids[keep], pos.score[keep], pos.cover[keep], pos.total)
    return pos


def final(s: Scored) -> tuple[np.ndarray, np.ndarray]:
    share = s.cover / s.total if s.total > 0 else np.ones(len(s.ids))
    return s.ids, s.score * np.power(np.minimum(share, 1.0), COVERAGE_POWER)
