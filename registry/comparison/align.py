"""Align the articles of two versions for a 新旧对照 (pure: no database).

A republished text renumbers (条文顺序作相应调整): after 增加一条 every later
article has a new number, so pairing by number would report the rest of the
law as changed. Articles are therefore paired by text, in order: identical
texts anchor the alignment (difflib over the article sequence), the stretches
between anchors are aligned by a small dynamic programme on bigram
similarity, and what is left is paired out of order when similar enough (an
article moved to another chapter). Pairs are new pid -> old pid, the shape
`registry.comparison.compare.diff_versions` takes as `sources`.
"""

from __future__ import annotations

import difflib
from typing import Protocol, Sequence

from registry.core.text import normalise

THRESHOLD = 0.5  # an article that changed keeps at least half its bigrams (Dice)
REWRITE_THRESHOLD = 0.2  # a rewritten article between two paired ones (see `_pair_rewrites`)
REWRITE_WEIGHT = 0.5  # how much keeping the old article's words inside a longer new one counts
_DP_CELLS = 250_000  # a gap larger than this (a whole new text) is aligned greedily


class ArticleLike(Protocol):
    pid: str
    text: str


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset((text,))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two bigram sets.

    >>> round(similarity(bigrams("甲乙丙丁"), bigrams("甲乙丙戊")), 2)
    0.67
    """
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def align_articles(old: Sequence[ArticleLike], new: Sequence[ArticleLike],
                   threshold: float = THRESHOLD) -> dict[str, str]:
    """New pid -> old pid for every new article that continues an old one.

    >>> from types import SimpleNamespace as A
    >>> old = [A(pid="art_1", text="总则条文甲"), A(pid="art_2", text="管理部门负责监督检查"),
    ...        A(pid="art_3", text="违反本法的依法处罚")]
    >>> new = [A(pid="art_1", text="总则条文甲"), A(pid="art_2", text="新增加的条文内容"),
    ...        A(pid="art_3", text="管理部门负责监督检查工作"), A(pid="art_4", text="违反本法的依法处罚")]
    >>> align_articles(old, new)
    {'art_1': 'art_1', 'art_3': 'art_2', 'art_4': 'art_3'}
    """
    a = [normalise(p.text) for p in old]
    b = [normalise(p.text) for p in new]
    grams_a = [bigrams(t) for t in a]
    grams_b = [bigrams(t) for t in b]
    pairs: dict[int, int] = {}  # new index -> old index
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    prev_i = prev_j = 0
    for i, j, size in matcher.get_matching_blocks():
        _align_gap(range(prev_i, i), range(prev_j, j), grams_a, grams_b, threshold, pairs)
        for k in range(size):
            pairs[j + k] = i + k
        prev_i, prev_j = i + size, j + size
    _pair_rewrites(len(a), len(b), grams_a, grams_b, pairs)
    used = set(pairs.values())
    left_old = [i for i in range(len(a)) if i not in used]
    for j in (j for j in range(len(b)) if j not in pairs):  # moved out of order
        best, score = None, threshold
        for i in left_old:
            s = similarity(grams_a[i], grams_b[j])
            if s >= score and i not in used:
                best, score = i, s
        if best is not None:
            pairs[j] = best
            used.add(best)
    return {new[j].pid: old[i].pid for j, i in sorted(pairs.items())}


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter article's bigrams found in the other (a rewrite that keeps the old core).

    >>> round(overlap(bigrams("甲乙丙"), bigrams("甲乙丙丁戊己庚")), 2)
    1.0
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _pair_rewrites(n_old: int, n_new: int, grams_a: list[frozenset[str]], grams_b: list[frozenset[str]],
                   pairs: dict[int, int]) -> None:
    """Pair rewritten articles: in a stretch between two paired articles, unpaired old and
    new articles that still share their subject are set opposite each other, in order.

    The 土地管理法 2019 revision rewrote old 第四十六条/第四十七条 (征地公告, 补偿 by 年产值倍数)
    as new 第四十七条/第四十八条 (征地程序, 区片综合地价): too changed for `THRESHOLD`, but each
    new article is the old one's successor and a 对照表 shows them side by side.
    """
    anchors = [(-1, -1)] + sorted((i, j) for j, i in pairs.items()) + [(n_old, n_new)]
    for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
        rows, cols = range(i0 + 1, i1), range(j0 + 1, j1)
        if rows and cols and len(rows) * len(cols) <= _DP_CELLS:
            _align_gap(rows, cols, grams_a, grams_b, REWRITE_THRESHOLD, pairs, measure=_rewrite_score)


def _rewrite_score(a: frozenset[str], b: frozenset[str]) -> float:
    return max(similarity(a, b), overlap(a, b) * REWRITE_WEIGHT)


def _align_gap(rows: range, cols: range, grams_a: list[frozenset[str]], grams_b: list[frozenset[str]],
               threshold: float, pairs: dict[int, int], measure=similarity) -> None:
    """Monotone best pairing of old[rows] with new[cols] maximising summed similarity."""
    if not rows or not cols:
        return
    if len(rows) * len(cols) > _DP_CELLS:
        _greedy(rows, cols, grams_a, grams_b, threshold, pairs)
        return
    n, m = len(rows), len(cols)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        ga = grams_a[rows[x]]
        for y in range(m - 1, -1, -1):
            s = measure(ga, grams_b[cols[y]])
            best = max(score[x + 1][y], score[x][y + 1])
            if s >= threshold:
                best = max(best, s + score[x + 1][y + 1])
            score[x][y] = best
    x = y = 0
    while x < n and y < m:
        s = measure(grams_a[rows[x]], grams_b[cols[y]])
        if s >= threshold and abs(score[x][y] - (s + score[x + 1][y + 1])) < 1e-9:
            pairs[cols[y]] = rows[x]
            x, y = x + 1, y + 1
        elif score[x][y] == score[x + 1][y]:
            x += 1
        else:
            y += 1


def _greedy(rows: range, cols: range, grams_a: list[frozenset[str]], grams_b: list[frozenset[str]],
            threshold: float, pairs: dict[int, int]) -> None:
    """Each new article takes the best old one after the last paired (a whole new text)."""
    start = rows.start
    for j in cols:
        best, score = None, threshold
        for i in range(start, min(rows.stop, start + 40)):
            s = similarity(grams_a[i], grams_b[j])
            if s >= score:
                best, score = i, s
        if best is not None:
            pairs[j] = best
            start = best + 1
