"""The one search interface: `SearchService.search(SearchRequest) -> SearchResult`.

It chooses the mode from the request, applies the filters through the store's
catalog, orders and pages the hits, and reads the page back from the store.
Indexes and catalog are loaded once into a snapshot, and a new snapshot is
swapped in when the index manifest or the store changes (the store is looked at
at most every `STORE_CHECK_SECONDS`), so a long-running API process sees every
ingest and every metadata correction. Why a snapshot: one service answers
concurrent requests from several threads; each request reads the snapshot it
started with and keeps its own state (the query plan) in locals.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ContextManager

import numpy as np

from registry.core.errors import BadQuery, LexregError
from registry.search import boolean, priors, question, ranked, thesaurus
from registry.search import query as uq
from registry.search.analysis import query_tokens, use_dictionary
from registry.search.catalog import CURRENCY_ORDER, Catalog, Filters, fingerprint, load_catalog
from registry.search.dictionary import read_dictionary
from registry.search.entries import PageRows
from registry.search.exact import ExactIndex, load_segment
from registry.search.index import SEGMENTS, read_manifest, tokenizer_cache
from registry.search.results import FACETS, Hit, SearchResult, narrowed_in, snippet
from registry.search.terms import ANCHOR_FIELD, HEADING_FIELD, TermIndex, has_terms, load_terms
from registry.search.titles import title_search

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

SCOPES = ("article", "paragraph", "sentence", "title")
MAX_LIMIT = 200
STORE_CHECK_SECONDS = 1.0
PARTIAL_NOTE = "没有条文包含问题的全部词语：结果只匹配问题的一部分"
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


@dataclass(frozen=True)
class SearchRequest:
    query: str
    filters: Filters = field(default_factory=lambda: Filters(date.today()))
    exact: bool = False
    scope: str = "article"
    limit: int = 10
    offset: int = 0


class SearchService:
    """The search interface shared by CLI, API and web; safe to call from several threads."""

    def __init__(self, engine: "Engine | None", index_dir: Path, thesaurus: bool = True, lazy_words: bool = False,
                 source: "Callable[[], ContextManager[Any]] | None" = None):
        self.engine, self.index_dir = engine, Path(index_dir)
        # what each search reads the store through: an ORM session of `engine`, or (one command
        # from the shell) `source()`, e.g. the plain rows of registry.norms.rows
        self._source = source or self._session
        self.lazy_words = lazy_words  # True: jieba's table and the texts read on demand (one query from the shell)
        self.use_thesaurus = thesaurus  # False: no staff-term expansion (the benchmark measures both)
        self._snapshot: _Snapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()  # one loader at a time; readers keep the snapshot they have
        self._served = False  # True once `warm` ran: each new snapshot is warmed too, in the background
        self._warming = False  # a thread is warming (under the lock)
        self.warming: threading.Thread | None = None  # the last such thread

    def _session(self) -> "Session":
        from sqlmodel import Session

        return Session(self.engine)

    def snapshot(self, session: Any) -> "_Snapshot":
        """The current snapshot, replaced first if the index or the store changed."""
        path = self.index_dir / "manifest.json"
        if not path.exists():
            raise LexregError(f"no search index in {self.index_dir}: run `lexreg reindex`")
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        snap, now = self._snapshot, time.monotonic()
        if snap is not None and snap.stamp == stamp and now - self._checked <= STORE_CHECK_SECONDS:
            return snap
        with self._lock:
            snap = self._snapshot
            if snap is None or snap.stamp != stamp:
                man = read_manifest(self.index_dir)
                use_dictionary(read_dictionary(self.index_dir / man.dictionary),
                               cache=self.index_dir / tokenizer_cache(man.dictionary), lazy=self.lazy_words)
                folders = [self.index_dir / SEGMENTS / s["name"] for s in man.segments]
                exact = ExactIndex([load_segment(f, lazy_texts=self.lazy_words) for f in folders])
                terms = TermIndex([load_terms(f) for f in folders], exact.bases)
                for attr, field in (("anchors", ANCHOR_FIELD), ("headings", HEADING_FIELD)):
                    if all(has_terms(f, field) for f in folders):  # an older index lacks the field
                        setattr(terms, attr, TermIndex([load_terms(f, field) for f in folders], exact.bases))
                snap = _Snapshot(stamp, exact, terms, load_catalog(session), session, self.use_thesaurus)
            elif now - self._checked > STORE_CHECK_SECONDS and snap.catalog.fingerprint != fingerprint(session):
                snap = _Snapshot(stamp, snap.exact, snap.terms, load_catalog(session), session, self.use_thesaurus)
            self._checked = now
            swapped = snap is not self._snapshot and self._snapshot is not None
            self._snapshot = snap
            if swapped and self._served and not self._warming:
                self._warming = True
                self.warming = threading.Thread(target=self._warm_later, daemon=True)
                self.warming.start()
        return snap

    def _warm_later(self) -> None:
        """A served worker's new snapshot (a write, a reindex) warmed as searches read it, by one thread
        until the newest is warm (the lock decides between ending and a swap); a failure leaves it cold."""
        warmed = None
        while True:
            with self._lock:
                if warmed is self._snapshot:
                    self._warming = False
                    return
                warmed = self._snapshot
            try:
                with self._source() as session:
                    warmed.warm(session)
            except Exception as e:  # noqa: BLE001 - searches still work on a cold snapshot
                print(f"检索索引预热失败（检索仍可用）：{e}", file=sys.stderr)

    def warm(self) -> None:
        """Load for a served worker what its searches would pay as they come (snapshot, jieba's table,
        title tables, every word's BM25F, every page row: about 3 s on the whole corpus), and warm
        each later snapshot in the background; without an index, `snapshot`'s LexregError says so."""
        with self._source() as session:
            self.snapshot(session).warm(session)
        self._served = True

    def search(self, req: SearchRequest) -> SearchResult:
        node = _check(req)
        with self._source() as session:
            return self.snapshot(session).search(session, req, node)

    def all_keys(self, req: SearchRequest) -> list[tuple[str, str]]:
        """Every matching (version id, provision id) in result order: exports and the benchmark."""
        node = _check(req)
        with self._source() as session:
            return self.snapshot(session).all_keys(req, node)


class _Snapshot:
    """A loaded index and catalog; never changed once built (its caches only fill)."""

    def __init__(self, stamp: tuple, exact: ExactIndex, terms: TermIndex, cat: Catalog, session: Any,
                 use_thesaurus: bool = True):
        self.stamp, self.exact, self.terms, self.catalog = stamp, exact, terms, cat
        self.use_thesaurus = use_thesaurus
        # how much more an entry weighs for being cited by other norms (registry.search.priors)
        self.cited = ranked.cited_factor(
            priors.cited_counts(session, exact, {v: i.work_id for v, i in cat.versions.items()}))
        self._per_filters: dict[Filters, np.ndarray] = {}
        self.page_rows = PageRows()  # the store's rows of hits shown, kept while this snapshot lives
        self._per_day: dict[date, tuple[np.ndarray, np.ndarray]] = {}
        infos = [cat.versions.get(v) for v in exact.versions]
        self._version_rank = np.array([i.rank if i else 99 for i in infos], dtype=np.int32)
        works = {i.work_id for i in infos if i}
        work_numbers = {w: n for n, w in enumerate(sorted(works))}
        version_work = np.array([work_numbers[i.work_id] if i else -1 for i in infos], dtype=np.int32)
        self.titles = ranked.TitleIndex(cat, version_work[exact.entry_version], work_numbers)
        self._facet_values: dict[str, list[str]] = {}
        self._facet_codes: dict[str, np.ndarray] = {}
        for name in ("level", "organ"):
            values = [getattr(i, name) or "—" if i else "—" for i in infos]
            labels = sorted(set(values))
            index = {v: n for n, v in enumerate(labels)}
            self._facet_values[name] = labels
            self._facet_codes[name] = np.array([index[v] for v in values], dtype=np.int32)

    def warm(self, session: Any) -> None:
        """What a served worker's searches would otherwise pay as they come (`SearchService.warm`)."""
        query_tokens("土地")  # jieba loads its word table at its first cut
        self.titles.warm()
        ranked.load_field_table(self.terms)  # kept with the index, across catalog changes
        self.page_rows.preload(session, [self.exact.key(g) for g in range(self.exact.size)])

    def _vmask(self, f: Filters) -> np.ndarray:
        """Allowed versions (by index version number): the filters, applied through the catalog."""
        hit = self._per_filters.get(f)
        if hit is None:
            if len(self._per_filters) > 64:
                self._per_filters.clear()
            hit = self._per_filters[f] = self.exact.version_mask(self.catalog.allowed(f))
        return hit

    def _status(self, day: date) -> tuple[np.ndarray, np.ndarray]:
        """(currency order, status code) per index version on `day`."""
        hit = self._per_day.get(day)
        if hit is None:
            st = self.catalog.statuses(day)
            names = [st.get(v, "") for v in self.exact.versions]
            currency = np.array([CURRENCY_ORDER.get(s, 5) for s in names], dtype=np.int32)
            labels = sorted(set(names))
            self._facet_values[f"status@{day}"] = [s or "—" for s in labels]
            codes = np.array([labels.index(s) for s in names], dtype=np.int32)
            if len(self._per_day) > 16:
                self._per_day.clear()
            hit = self._per_day[day] = (currency, codes)
        return hit

    # ------------------------------------------------------------------ searching
    def search(self, session: Any, req: SearchRequest, node: uq.Node) -> SearchResult:
        if req.scope == "title":
            return title_search(self.catalog, req.query, node, req.filters, req.offset, req.limit)
        ids, scores, mode, notes, words, plan = self._match(req, node)
        order, ranked_pool, found = self._order(ids, scores, req, plan)
        vers = self.exact.entry_version[order] if len(order) else np.zeros(0, dtype=np.int32)
        page = order[req.offset:req.offset + req.limit].tolist()
        partial = _partial(self.exact.text(page[0]), plan) if plan is not None and page else []
        notes = notes + partial
        outside = [g for g in page if g not in ranked_pool]  # only these need their first score looked up
        first = dict(zip(outside, self._scores_of(ids, scores, outside)))
        page_scores = [ranked_pool[g] if g in ranked_pool else first[g] for g in page]
        keys = [self.exact.key(g) for g in page]
        # the words the rerank found in each page text, when the words to mark are the plan's own
        seen = {k: found[g] for k, g in zip(keys, page) if g in found} if plan is not None and tuple(words) == plan.words else {}
        hits = self._hits(session, list(zip(keys, page_scores)), words, req.filters.day, notes, seen)
        return SearchResult(req.query, mode, req.scope, len(order), req.offset, req.limit, hits,
                            self._facets(vers, req.filters.day), req.filters.day.isoformat(), notes,
                            partial=bool(partial))

    def all_keys(self, req: SearchRequest, node: uq.Node) -> list[tuple[str, str]]:
        if req.scope == "title":
            raise BadQuery("title search lists norms, not provisions: use search()")
        ids, scores, _, _, _, _ = self._match(req, node)
        order, _, _ = self._order(ids, scores, req, None, full=True)
        return [self.exact.key(g) for g in order.tolist()]

    def _match(self, req: SearchRequest, node: uq.Node):
        """(entries, scores, mode, notes, words to highlight, ranking plan or None)."""
        literal = [leaf.text for leaf in uq.positive_leaves(node)]
        if req.scope in ("paragraph", "sentence"):
            ids, scores = self._scoped(node, req.scope)
            return ids, scores, req.scope, [], literal, None
        if req.exact or uq.has_quotes(node):
            ids, scores = boolean.evaluate(node, self._exact_leaf, self.exact.size)
            return ids, scores, "exact", [], literal, None
        node, notes = thesaurus.expand(node) if self.use_thesaurus else (node, [])
        p = ranked.plan(node)
        found = ranked.match_question(node, self.terms, self.titles)
        if found is None:
            ids, scores = boolean.evaluate(node, self._exact_leaf, self.exact.size)
            return (ids, scores, "exact", ["no words to rank (only stopwords or punctuation): exact search used"],
                    literal, None)
        ids, scores = found
        return ids, scores * self.cited[ids], "ranked", notes, list(p.words) or literal, p

    def _exact_leaf(self, leaf: uq.Leaf) -> boolean.Scored:
        docs, tf = self.exact.find(leaf.text)
        return docs, self.exact.score(docs, tf)

    def _scoped(self, node: uq.Node, scope: str) -> boolean.Scored:
        """同款 / 同句: candidates from the exact index (NOT ignored), then the query on each 款 or sentence."""
        cand = boolean.evaluate(uq.without_not(node), self._exact_leaf, self.exact.size)
        if cand is None:
            raise BadQuery("a paragraph or sentence search needs at least one term that is not negated")
        ids, scores = [], []
        for gid, sc in zip(cand[0].tolist(), cand[1].tolist()):
            text = self.exact.text(gid)
            units = text.split("\n") if scope == "paragraph" else _SENTENCE.findall(text)
            if any(uq.matches_text(node, u) for u in units):
                ids.append(gid)
                scores.append(sc)
        return np.asarray(ids, dtype=np.int32), np.asarray(scores, dtype=float)

    def _order(self, ids, scores, req: SearchRequest, plan, full: bool = False):
        """Filter by the allowed versions, then relevance, rank of the norm, currency, document order.

        Only the entries that can reach the requested page are sorted (a 2-character
        query matches tens of thousands); ranked mode (a `plan`) reorders its best RERANK_POOL,
        the same pool whatever the page, so that pages follow each other without a hit twice
        or missing (a pool grown with offset + limit reordered page 2 against page 1).
        Returns (order, reranked scores, {entry: (its text, where each plan word stands)} of the pool).
        """
        rerank = plan is not None
        vmask = self._vmask(req.filters)
        if len(ids):
            keep = vmask[self.exact.entry_version[ids]]
            ids, scores = ids[keep], scores[keep]
        currency, _ = self._status(req.filters.day)
        want = len(ids) if full else min(len(ids), max(req.offset + req.limit, ranked.RERANK_POOL if rerank else 0))
        if want < len(ids):
            cut = np.partition(-scores, want - 1)[want - 1]
            top = np.nonzero(-scores <= cut)[0]
            outside = np.ones(len(ids), dtype=bool)
            outside[top] = False
            rest = np.flatnonzero(outside)  # what setdiff1d(arange, top) gives, without its sort
        else:
            top, rest = np.arange(len(ids)), np.zeros(0, dtype=np.int64)
        t_ids, t_sc = ids[top], scores[top]
        vers = self.exact.entry_version[t_ids]
        order = np.lexsort((t_ids, currency[vers], self._version_rank[vers], -np.round(t_sc, 6)))
        head = t_ids[order]
        pool: dict[int, float] = {}
        found: dict[int, tuple[str, list[int]]] = {}
        if rerank and len(head):
            st = self.catalog.statuses(req.filters.day)
            n = min(len(head), ranked.RERANK_POOL)
            gids = head[:n].tolist()
            vids = [self.exact.key(g)[0] for g in gids]
            infos = [self.catalog.versions.get(v) for v in vids]
            ranks = [ranked.search_rank(i.level, i.rank) if i else ranked.LOWEST_RANK for i in infos]
            texts = [self.exact.text(g) for g in gids]
            where = ranked.finds(texts, plan.words, self.exact.may_hold(head[:n], plan.words))
            new = ranked.rerank_scores(t_sc[order][:n].tolist(), texts, plan, ranks, [st.get(v, "") for v in vids],
                                       where)
            found = dict(zip(gids, zip(texts, where.tolist())))
            re_scored = list(zip(new.tolist(), gids))
            re_scored.sort(key=lambda sg: (-sg[0], sg[1]))
            pool = {g: s for s, g in re_scored}
            head = np.concatenate([np.asarray([g for _, g in re_scored], dtype=np.int32), head[n:]])
        return np.concatenate([head, ids[rest]]).astype(np.int32), pool, found

    @staticmethod
    def _scores_of(ids: np.ndarray, scores: np.ndarray, page: list[int]) -> list[float]:
        if not page:
            return []
        pos = {g: i for i, g in enumerate(ids.tolist())} if len(ids) < 5000 else None
        if pos is not None:
            return [float(scores[pos[g]]) for g in page]
        idx = np.searchsorted(ids, page)
        return scores[idx].tolist()

    def _facets(self, vers: np.ndarray, day: date) -> dict[str, dict[str, int]]:
        """Counts by 效力位阶, 制定机关 and 时效性 over all hits (not just the page)."""
        if not len(vers):
            return {k: {} for k in FACETS}
        per_version = np.bincount(vers, minlength=len(self.exact.versions))
        _, status_codes = self._status(day)
        out = {}
        for name, codes, labels in (("level", self._facet_codes["level"], self._facet_values["level"]),
                                    ("organ", self._facet_codes["organ"], self._facet_values["organ"]),
                                    ("status", status_codes, self._facet_values[f"status@{day}"])):
            counts = np.bincount(codes, weights=per_version, minlength=len(labels))
            nz = np.nonzero(counts)[0]
            out[name] = {labels[i]: int(counts[i]) for i in nz[np.argsort(-counts[nz], kind="stable")]}
        return out

    def _hits(self, session, keyed: list[tuple[tuple[str, str], float]], words: list[str], day: date,
              notes: list[str], seen: dict | None = None) -> list[Hit]:
        """`seen`: (index text, where each of `words` stands in it) per key, from the rerank."""
        rows = self.page_rows.read(session, [k for k, _ in keyed])
        st = self.catalog.statuses(day)
        hits = []
        for (vid, pid), score in keyed:
            row = rows.get((vid, pid))
            info = self.catalog.versions.get(vid)
            if row is None or info is None:
                notes.append(f"index entry {vid} {pid} is no longer in the store: run `lexreg reindex`")
                continue
            entry, parts = row
            here = _standing(words, seen.get((vid, pid)) if seen else None, entry.text)
            text, marks = snippet(entry.text, words if here is None else here)
            hits.append(Hit(
                work_id=info.work_id, title=info.title, version_id=vid, version_date=info.version_date.isoformat(),
                provision_id=pid, label=entry.label, snippet=text, marks=marks, score=round(score, 4),
                level=info.level, organ=info.organ, doc_number=info.doc_number, status=st.get(vid, ""),
                valid_from=info.valid_from.isoformat(),
                valid_to=info.valid_to.isoformat() if info.valid_to else None,
                parts=narrowed_in(parts, words, entry.text, here)))
        return hits


def _check(req: SearchRequest) -> uq.Node:
    if req.scope not in SCOPES:
        raise BadQuery(f"unknown scope {req.scope!r}: use one of {', '.join(SCOPES)}")
    if not 1 <= req.limit <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
    if req.offset < 0:
        raise BadQuery("offset cannot be negative")
    return uq.parse(req.query)


def _partial(text: str, plan: ranked.Plan) -> list[str]:
    """A note naming the question's words the best hit lacks (ranked results never need them all)."""
    missing = [w for w in plan.words if question.weight(w) == 1.0 and w not in text]
    return [f"{PARTIAL_NOTE}（首条结果不含：{'、'.join(missing[:12])}）"] if missing else []


def _standing(words: list[str], seen: tuple[str, list[int]] | None, text: str) -> list[str] | None:
    """The words that stand in `text`, read from the rerank's finds when it read this very text
    (the store's text is the index's), else None: the snippet and the 款/项 then test only these,
    the same spans and parts, without a find per word per hit. A word with a space may still
    stand in the snippet's flattened text (a newline becomes a space), so it is always kept."""
    if seen is None or seen[0] != text:
        return None
    return [w for w, i in zip(words, seen[1]) if i >= 0 or " " in w]

