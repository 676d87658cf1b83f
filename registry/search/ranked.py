"""Ranked (模糊) search: BM25 over jieba words, a title signal, then a rerank on legal signals.

No word is required (`registry.search.question` scores coverage instead; NOT still
excludes). A word that is a
norm's name (土地管理法, 矿产资源法) also matches the articles of that norm, with
a fixed boost, so `土地管理法 征收 补偿` finds 第四十八条 though the article never
names its own law; a word that is only part of some titles (征收, 矿产资源)
boosts the articles of those norms that contain it. This is the title field
of BM25F, kept per work rather than copied into each article. The best candidates are then reordered on what BM25
cannot see: the query standing together in the text (phrase proximity), the
rank of the norm (位阶) and whether it is in force on the query date.

Each word also scores in the article's anchor field (how citing
norms word it, `registry.search.anchors`) at ANCHOR_WEIGHT, and the service weighs
each entry by how many other norms cite it (`cited_factor`, `registry.search.priors`), and
in its heading field (the 编/章/节 titles above it, `registry.search.headings`) at HEADING_WEIGHT.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from registry.search import bm25f, boolean, question
from registry.search import query as uq
from registry.search.analysis import query_tokens
from registry.search.catalog import CURRENCY_ORDER, Catalog, level_rank
from registry.search.terms import TermIndex

TITLE_BOOST = 6.0  # the word is a norm's name: the user is asking inside that norm
PART_TITLE_BOOST = 1.5  # the word is only part of some titles: a hint, about one BM25 term's worth
MAX_TITLE_WORKS = 40
TABLE_AFTER = 48  # title words scanned before the substring tables are built (TitleIndex._tabled)
TITLE_SUB = 8  # title substrings up to this length are tabled; a longer word scans the titles  # a word in more titles than this (条例, 规定) says nothing about the norm
# The rerank's constants (and CITED_WEIGHT, question.COVERAGE_POWER) were fit together by coordinate
# ascent on R@10 + MRR@10 + R@100/2 over logged pool features of one half of the generated dev split
# (a seeded hash of the question id), checked on the other half: both halves chose this coverage,
# citation and 位阶 weight and the deepest pool tried, PHRASE/LEAD between their two fits
# (half B, R@10/R@100/MRR@10, from 0.618/0.831/0.437 to 0.676/0.854/0.500 with these; bench.rank_fit).
# The set's answers are 97% articles of 法律, so the 位阶 weight was also checked on the golden
# sets, whose answers include local rules: a steeper form, (1 + rank)^-2, lost them (held-out
# R@10 0.886 -> 0.773) and was not taken.
RERANK_POOL = 200  # the best first-stage candidates reordered, whatever the page: the governing article
# often stands below 100 local restatements. Fit as 200 past a top-100 page (300 in all); 200 in all
# gave the same R@10 and MRR@10 on both dev halves (R@100 0.847/0.856 -> 0.838/0.848) for a third
# less rerank work a search
RANK_WEIGHT = 50.0  # 位阶 against 法律: 司法解释 x0.68, 行政法规 x0.52, 地方性法规 x0.42, 规范性文件 x0.25
PHRASE_WEIGHT = 0.8  # the query stands in the text as typed, or its words close together
LEAD_WEIGHT = 0.3  # the query is the subject of the article's first sentence
LEAD_OPENING = 2  # characters before the subject still count as "opens with it" (（一）, 对)
ANCHOR_WEIGHT = 0.5  # anchor text (registry.search.anchors) against the article's own text
HEADING_WEIGHT = 0.5  # heading text (registry.search.headings) against the article's own text: of 0,
# 0.25, 0.5 and 1 on both generated dev halves (`bench.first_fit --keep DIR --only HW=0`, and so on),
# 0.5 gained on each (R@10/R@100/MRR@10 half A .681/.834/.509 -> .683/.841/.520, half B .676/.846/.500 ->
# .681/.856/.507), and MRR@10 on every hand-written set
CITED_WEIGHT = 0.1  # with the 位阶 weight above, most of what citing norms said is said already
INSTRUCTION_LEVELS = frozenset({"修改、废止的决定"})
LOCAL_LEVELS = {"自治条例和单行条例": "地方性法规"}  # weighed as the kind they are made as (below)
LOWEST_RANK = 99  # an article cited by n other norms weighs 1 + CITED_WEIGHT * log(1 + n)


@dataclass(frozen=True)
class Plan:
    words: tuple[str, ...]  # every positive word, for proximity and highlighting
    phrases: tuple[str, ...]  # the leaves as typed, for proximity


class TitleIndex:
    """Which entries belong to the works a word names or appears in; cached per catalog and index."""

    def __init__(self, cat: Catalog, entry_work: np.ndarray, work_numbers: dict[str, int]):
        self.titles: dict[str, str] = {}
        self.named: dict[str, set[str]] = {}  # a norm's name (full, short, without 中华人民共和国) -> works
        for v in cat.versions.values():
            self.titles.setdefault(v.work_id, f"{v.title}\u0000{v.short_title}")
            for name in (v.title, v.short_title, v.title.removeprefix("中华人民共和国")):
                self.named.setdefault(name, set()).add(v.work_id)
        self.entry_work, self.work_numbers = entry_work, work_numbers
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._tables: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        self._scans = 0  # words looked up by scanning the titles, before the tables pay for themselves
        self._scored: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # word -> BM25F (`bm25f`)
        self._grouped: tuple[np.ndarray, np.ndarray] | None = None  # entries by work (`_entries`)
        self._parts: dict[str, object] = {}  # word -> its part of a question (`_question_part`)
        self._held = self._parts_held = 0  # postings kept in each (bounded by KEPT_POSTINGS)

    def _entries(self, works) -> np.ndarray:
        """The entries of `works`, ascending: each work's entries are a slice of the entries grouped
        by work (sorted once), where an isin over every entry per new word took a millisecond."""
        nums = {self.work_numbers[w] for w in works if w in self.work_numbers}
        if not nums:
            return _NONE
        if self._grouped is None:
            order = np.argsort(self.entry_work, kind="stable")
            self._grouped = (order, np.searchsorted(self.entry_work[order], np.arange(len(self.work_numbers) + 1)))
        order, bounds = self._grouped
        return np.sort(np.concatenate([order[bounds[n]:bounds[n + 1]] for n in nums])).astype(np.int32)

    def _substrings(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """(title opening -> works, substring of a title or short title -> works), words of
        2..TITLE_SUB characters, built once: a long question brings dozens of new words, and
        scanning every title for each took most of its time."""
        if self._tables is None:
            opening: dict[str, set[str]] = {}
            inside: dict[str, set[str]] = {}
            for w, t in self.titles.items():
                for part in t.split("\u0000"):
                    for i in range(len(part)):
                        for j in range(i + 2, min(i + TITLE_SUB, len(part)) + 1):
                            inside.setdefault(part[i:j], set()).add(w)
                title = t.split("\u0000", 1)[0]
                for j in range(2, min(TITLE_SUB, len(title)) + 1):
                    opening.setdefault(title[:j], set()).add(w)
            self._tables = (opening, inside)
        return self._tables

    def warm(self) -> None:
        """Build the substring tables now (a served worker at start, `SearchService.warm`), not
        at some user's TABLE_AFTER-th title word; the tables give the same works as the scans."""
        self._substrings()

    def _tabled(self, word: str) -> bool:
        """Whether to answer from the substring tables: building them costs about as much as
        scanning every title for TABLE_AFTER words, so a one-shot search (the command line)
        scans and a long-running server builds them once. Both give the same works."""
        if len(word) > TITLE_SUB:
            return False
        if self._tables is None and self._scans < TABLE_AFTER:
            self._scans += 1
            return False
        return True

    def _opening(self, word: str) -> set[str]:
        if not self._tabled(word):
            return {w for w, t in self.titles.items() if t.split("\u0000", 1)[0].startswith(word)}
        return set(self._substrings()[0].get(word, ()))

    def _containing(self, word: str) -> list[str]:
        if not self._tabled(word):
            return sorted(w for w, t in self.titles.items() if word in t)
        return sorted(self._substrings()[1].get(word, ()))

    def entries(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """(entries of the norms `word` names, entries of the other norms whose title contains it)."""
        hit = self._cache.get(word)
        if hit is None:
            named = self.named.get(word, set())
            if not named and len(word) >= 2:
                # a word every title of a region or organ opens with (上海, 浙江省, 最高人民法院)
                # names those norms: their articles say 本市/本省, never the place itself
                named = self._opening(word)
            containing = [w for w in self._containing(word) if w not in named] if len(word) >= 2 else []
            if len(containing) > MAX_TITLE_WORKS:
                containing = []
            hit = (self._entries(named), self._entries(containing))
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[word] = hit
        return hit


    def bm25f(self, word: str, terms: TermIndex) -> tuple[np.ndarray, np.ndarray]:
        """(entries, score): the word's BM25 in the text plus its title field (the boosts above),
        computed once per loaded index and title table, as every question repeats common words."""
        hit = self._scored.get(word)
        if hit is None:
            # BM25F's other fields, at the text's idf: the words citing norms use for the article,
            # and the titles of the 编/章/节 it stands in; a served worker has them all (bm25f.FieldTable)
            table = terms.table
            if table is not None and table.weights == (ANCHOR_WEIGHT, HEADING_WEIGHT):
                docs, sc = table.get(word)
            else:
                docs, sc = bm25f.field_scores(terms, word, ANCHOR_WEIGHT, HEADING_WEIGHT)
            named, containing = self.entries(word)
            if len(containing):
                sc = sc + PART_TITLE_BOOST * np.isin(docs, containing, assume_unique=True)
            if len(named):
                docs, sc = boolean.union([(docs, sc), (named, np.full(len(named), TITLE_BOOST))])
            docs.setflags(write=False)
            sc.setflags(write=False)
            hit = (docs, sc)
            self._scored, self._held = _kept(self._scored, self._held, len(docs))
            self._scored[word] = hit
        return hit


def load_field_table(terms: TermIndex) -> None:
    """Every word's BM25F at this module's field weights, kept with the index (`TitleIndex.bm25f`
    reads it while the weights are these): a served worker's start, `SearchService.warm`."""
    if terms.table is None:
        terms.table = bm25f.FieldTable(terms, ANCHOR_WEIGHT, HEADING_WEIGHT)


_NONE = np.zeros(0, dtype=np.int32)
KEPT_POSTINGS = 2_000_000  # per word cache of a loaded index (12 to 20 bytes a posting)


def _kept(cache: dict, held: int, adding: int) -> tuple[dict, int]:
    """The cache (and the postings it holds) to add `adding` postings to: a new one when full
    (a race between two requests only computes a word twice)."""
    if held + adding > KEPT_POSTINGS:
        return {}, adding
    return cache, held + adding


def plan(node: uq.Node) -> Plan:
    words = [w for leaf in uq.positive_leaves(node) for w in query_tokens(leaf.text)]
    return Plan(tuple(dict.fromkeys(words)), tuple(leaf.text for leaf in uq.positive_leaves(node)))


def question_scores(node: uq.Node, terms: TermIndex, titles: TitleIndex) -> question.Scored | None:
    """Entries with any of the query's words: their weighted BM25F and the share of the question
    each covers (`registry.search.question`), before coverage weighs the score."""

    def leaf(n: uq.Leaf) -> list[question.Scored]:
        return [_question_part(t, terms, titles) for t in dict.fromkeys(query_tokens(n.text))]

    def excluded(n: uq.Node):
        found = boolean.evaluate(n, lambda lf: _strict_leaf(lf, terms, titles), terms.size)
        return None if found is None else found[0]

    return question.evaluate(node, leaf, excluded)


def match_question(node: uq.Node, terms: TermIndex, titles: TitleIndex) -> boolean.Scored | None:
    """Entries with any of the query's words, scored by weighted BM25F times coverage."""
    found = question_scores(node, terms, titles)
    return None if found is None else question.final(found)


def _question_part(t: str, terms: TermIndex, titles: TitleIndex) -> question.Scored:
    """One word of a question: its weighted BM25F and the coverage it brings, kept per loaded
    index beside the word's BM25F (`TitleIndex.bm25f`); read-only arrays, shared."""
    hit = titles._parts.get(t)
    if hit is None:
        docs, sc = titles.bm25f(t, terms)
        wt = question.weight(t)
        # coverage counts a word by how much it says (idf): missing 土地 costs less than missing 宅基地
        cw = wt * (terms.idf(t, len(docs)) if question.COVER_BY_IDF else 1.0)
        # read-only and shared, so a full weight keeps the word's own scores, and the cover (the
        # same for every entry) is one float seen as an array
        hit = question.Scored(docs, sc if wt == 1.0 else sc * wt, np.broadcast_to(np.float64(cw), len(docs)), cw)
        hit.score.setflags(write=False)
        titles._parts, titles._parts_held = _kept(titles._parts, titles._parts_held, len(docs))
        titles._parts[t] = hit
    return hit


def _strict_leaf(n: uq.Leaf, terms: TermIndex, titles: TitleIndex) -> boolean.Scored | None:
    toks = list(dict.fromkeys(query_tokens(n.text)))
    if not toks:
        return None
    return boolean.intersection([terms.bm25(t) for t in toks])


def proximity(text: str, p: Plan, where: list[int] | None = None) -> float:
    """1 when a typed phrase stands in the text as typed, else how tightly its words cluster.
    `where`: `text.find(w)` of each of the plan's words, when the caller has them already."""
    if any(len(ph) > 1 and ph in text for ph in p.phrases):
        return 1.0
    if len(p.words) < 2:
        return 0.0
    if where is None:
        where = [text.find(w) for w in p.words]
    present = [(i, w) for i, w in zip(where, p.words) if i >= 0]
    if len(present) < 2:
        return 0.0
    lo = min(i for i, _ in present)
    hi = max(i + len(w) for i, w in present)
    need = sum(len(w) for _, w in present)
    return 0.5 * need / max(hi - lo, need) * len(present) / len(p.words)


def cited_factor(counts: np.ndarray) -> np.ndarray:
    """The weight of being cited (`registry.search.priors`): the governing article first."""
    return (1.0 + CITED_WEIGHT * np.log1p(counts)).astype(np.float64)


def search_rank(level: str, rank: int) -> int:
    """The rank the rerank weighs: a 修改、废止的决定 outranks nothing here (no kind is listed
    above it, so its 位阶 sort key is the constitution's), yet its articles are instructions
    (将第X条修改为……) whose rule the amended norm's own text states; it weighs as the lowest.
    An 自治条例 or 单行条例 has no kind listed above it either (it may 变通, 立法法 art. 101), yet
    it is a local people's congress's rule: it weighs as a 地方性法规, not as the constitution."""
    if level in INSTRUCTION_LEVELS:
        return LOWEST_RANK
    if level in LOCAL_LEVELS:
        return level_rank(LOCAL_LEVELS[level])
    return rank


@lru_cache(maxsize=16)
def _rank_factor(rank: int) -> float:
    """The higher norm first: local rules restate the law's articles almost word for word,
    and staff asking without naming a region want the rule they restate."""
    return 1.0 + RANK_WEIGHT / (1 + rank)


def lead(text: str, p: Plan, where: list[int] | None = None) -> float:
    """How much the article is *about* the query: an article states its subject in its
    first sentence, usually first of all (征收土地应当给予公平、合理的补偿……), while
    an article that only mentions the words names them in passing."""
    if not p.words:
        return 0.0
    if where is None:
        first = text.split("。", 1)[0]
        inside = [first.find(w) for w in p.words]
    else:
        # a word stands in the first sentence iff its first place in the text ends inside it
        # (the first sentence has no 。, so a word with one is never there)
        end = text.find("。")
        end = len(text) if end < 0 else end
        inside = [i if 0 <= i and i + len(w) <= end else -1 for i, w in zip(where, p.words)]
    share = sum(1 for i in inside if i >= 0) / len(p.words)
    opens = 1.0 if min((i for i in inside if i >= 0), default=99) <= LEAD_OPENING else 0.0
    return share * (0.5 + 0.5 * opens)


def rerank_score(bm25: float, text: str, p: Plan, rank: int, status: str) -> float:
    """The rerank of one text: the definition `rerank_scores` computes over arrays (the service
    calls that one; tests/test_search_fast_paths.py holds them equal, so change both together)."""
    currency = 1.0 - 0.1 * CURRENCY_ORDER.get(status, 4)
    where = [text.find(w) for w in p.words]  # once for both signals
    return (bm25 * (1.0 + PHRASE_WEIGHT * proximity(text, p, where)) * (1.0 + LEAD_WEIGHT * lead(text, p, where))
            * _rank_factor(rank) * currency)


def finds(texts: list[str], words: tuple[str, ...], may: np.ndarray | None = None) -> np.ndarray:
    """`text.find(word)` of every word in every text (texts x words): the rerank's signals read
    it, and so do the snippets of the page (`service._hits`), which then test only the words found.
    `may`: (texts x words) bool, False where the word is known not to stand in the text
    (`ExactIndex.may_hold`): only the other pairs are found."""
    if may is None:
        return np.array([list(map(t.find, words)) for t in texts], dtype=np.int64).reshape(len(texts), len(words))
    out = np.full((len(texts), len(words)), -1, dtype=np.int64)
    for j, w in enumerate(words):
        rows = np.flatnonzero(may[:, j]).tolist()
        if rows:
            out[rows, j] = [texts[r].find(w) for r in rows]
    return out


def rerank_scores(bm25: list[float], texts: list[str], p: Plan, ranks: list[int], statuses: list[str],
                  where: np.ndarray | None = None) -> np.ndarray:
    """`rerank_score` of many candidates at once, the same floats: each word is found once per
    text, and proximity, lead and the products run over arrays (the rerank pool is 70 texts of
    a question's 20 to 70 words; one Python call per text and word took most of a search).
    `where`: `finds(texts, p.words)`, when the caller has it."""
    n, k = len(texts), len(p.words)
    if not n:
        return np.zeros(0)
    wl = np.array([len(w) for w in p.words], dtype=np.int64)
    if where is None:
        where = finds(texts, p.words)
    found = where >= 0
    count = found.sum(axis=1)
    # proximity: 1 for a typed phrase in the text, else the span of the words found
    prox = np.zeros(n)
    if k >= 2:
        lo = np.where(found, where, np.iinfo(np.int64).max).min(axis=1, initial=np.iinfo(np.int64).max)
        hi = np.where(found, where + wl, -1).max(axis=1, initial=-1)
        need = (found * wl).sum(axis=1)
        some = count >= 2
        prox[some] = 0.5 * need[some] / np.maximum(hi - lo, need)[some] * count[some] / k
    phrase = np.array([any(len(ph) > 1 and ph in t for ph in p.phrases) for t in texts], dtype=bool)
    prox[phrase] = 1.0
    # lead: the words standing in the first sentence (before the first 。), and whether it opens with one
    lead_ = np.zeros(n)
    if k:
        ends = np.array([t.find("。") for t in texts], dtype=np.int64)
        ends = np.where(ends < 0, np.array([len(t) for t in texts], dtype=np.int64), ends)
        inside = found & (where + wl <= ends[:, None])
        share = inside.sum(axis=1) / k
        first = np.where(inside, where, 99).min(axis=1, initial=99)
        lead_ = share * (0.5 + 0.5 * (first <= LEAD_OPENING).astype(float))
    currency = np.array([1.0 - 0.1 * CURRENCY_ORDER.get(s, 4) for s in statuses])
    factor = np.array([_rank_factor(r) for r in ranks])
    return (np.asarray(bm25, dtype=float) * (1.0 + PHRASE_WEIGHT * prox) * (1.0 + LEAD_WEIGHT * lead_)
            * factor * currency)
