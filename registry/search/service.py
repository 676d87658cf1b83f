"""The one search interface: `SearchService.search(SearchRequest) -> SearchResult`.

It chooses the mode from the request, applies the filters through the store's
catalog, orders and pages the hits, and reads the page back from the store.
Indexes and catalog are loaded once and reloaded when the manifest or the
store changes, so a long-running API process sees every ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy.engine import Engine
from sqlmodel import Session

from registry.errors import BadQuery, LexregError
from registry.search import query as uq
from registry.search.analysis import use_dictionary
from registry.search.catalog import CURRENCY_ORDER, Catalog, Filters, fingerprint, load_catalog
from registry.search.dictionary import read_dictionary
from registry.search.entries import fetch_entries
from registry.search.exact import ExactIndex, load_segment
from registry.search.index import Manifest, open_whoosh, read_manifest
from registry.search.ranked import RERANK_POOL, WEIGHTING, TitleIndex, plan, rerank_score
from registry.search.results import Hit, SearchResult, narrowed, snippet

SCOPES = ("article", "paragraph", "sentence", "title")
MAX_LIMIT = 200
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
    def __init__(self, engine: Engine, index_dir: Path):
        self.engine, self.index_dir = engine, Path(index_dir)
        self._manifest_stamp: tuple | None = None
        self.manifest: Manifest | None = None
        self.exact: ExactIndex | None = None
        self.whoosh = None
        self.searcher = None
        self.catalog: Catalog | None = None
        self.titles: TitleIndex | None = None
        self._docver: np.ndarray | None = None  # Whoosh docnum -> exact version number
        self._masks: dict[Filters, tuple[np.ndarray, set[int]]] = {}

    # ------------------------------------------------------------------ loading
    def refresh(self, session: Session) -> None:
        path = self.index_dir / "manifest.json"
        if not path.exists():
            raise LexregError(f"no search index in {self.index_dir}: run `lexreg reindex`")
        stamp = (path.stat().st_mtime_ns, path.stat().st_size)
        if stamp != self._manifest_stamp:
            man = read_manifest(self.index_dir)
            use_dictionary(read_dictionary(self.index_dir / man.dictionary))
            self.exact = ExactIndex([load_segment(self.index_dir / "exact" / s["name"]) for s in man.segments])
            if self.searcher is not None:
                self.searcher.close()
            self.whoosh = open_whoosh(self.index_dir, man)
            self.searcher = self.whoosh.searcher(weighting=WEIGHTING)
            col = self.searcher.reader().column_reader("version_id")
            vindex = self.exact.version_index
            self._docver = np.fromiter((vindex.get(v, -1) for v in col), dtype=np.int32,
                                       count=self.searcher.reader().doc_count_all())
            self.manifest, self._manifest_stamp = man, stamp
            self._masks.clear()
            self.catalog = None
        fp = fingerprint(session)
        if self.catalog is None or self.catalog.fingerprint != fp:
            self.catalog = load_catalog(session)
            self.titles = TitleIndex(self.catalog)
            self._masks.clear()
            self._version_rank = np.array([self.catalog.versions[v].rank if v in self.catalog.versions else 99
                                           for v in self.exact.versions], dtype=np.int32)

    def _mask(self, f: Filters) -> tuple[np.ndarray, set[int]]:
        """Allowed versions (by exact version number) and allowed Whoosh docnums for the filters."""
        hit = self._masks.get(f)
        if hit is None:
            vmask = self.exact.version_mask(self.catalog.allowed(f))
            padded = np.append(vmask, False)  # docver -1 (unknown version) indexes the False
            docs = set(np.nonzero(padded[self._docver])[0].tolist())
            if len(self._masks) > 64:
                self._masks.clear()
            hit = self._masks[f] = (vmask, docs)
        return hit

    def _currency(self, day: date) -> np.ndarray:
        st = self.catalog.statuses(day)
        return np.array([CURRENCY_ORDER.get(st.get(v, ""), 5) for v in self.exact.versions], dtype=np.int32)

    # ------------------------------------------------------------------ searching
    def search(self, req: SearchRequest) -> SearchResult:
        if req.scope not in SCOPES:
            raise BadQuery(f"unknown scope {req.scope!r}: use one of {', '.join(SCOPES)}")
        if not 1 <= req.limit <= MAX_LIMIT:
            raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
        if req.offset < 0:
            raise BadQuery("offset cannot be negative")
        node = uq.parse(req.query)
        with Session(self.engine) as session:
            self.refresh(session)
            if req.scope == "title":
                return self._titles(session, req, node)
            if req.scope in ("paragraph", "sentence"):
                ids, scores = self._scoped(node, req.scope)
                return self._page(session, req, node, ids, scores, req.scope, [])
            if req.exact or uq.has_quotes(node):
                ids, scores = self._exact(node)
                return self._page(session, req, node, ids, scores, "exact", [])
            return self._ranked(session, req, node)

    def all_keys(self, req: SearchRequest) -> list[tuple[str, str]]:
        """Every matching (version id, provision id) in result order: exports and the benchmark."""
        node = uq.parse(req.query)
        with Session(self.engine) as session:
            self.refresh(session)
            if req.scope in ("paragraph", "sentence"):
                ids, scores = self._scoped(node, req.scope)
            elif req.exact or uq.has_quotes(node) or req.scope == "title":
                ids, scores = self._exact(node)
            else:
                p = plan(node, self.titles)
                if p.query is None:
                    ids, scores = self._exact(node)
                else:
                    _, allowed = self._mask(req.filters)
                    reader = self.searcher.reader()
                    return [(reader.stored_fields(d)["version_id"], reader.stored_fields(d)["pid"])
                            for d in self.searcher.docs_for_query(p.query) if d in allowed]
            ids, _, _ = self._order(ids, scores, req.filters)
            return [self.exact.key(g) for g in ids.tolist()]

    def _exact(self, node: uq.Node) -> tuple[np.ndarray, np.ndarray]:
        ix = self.exact

        def ev(n: uq.Node) -> tuple[np.ndarray, np.ndarray]:
            if isinstance(n, uq.Leaf):
                docs, tf = ix.find(n.text)
                return docs, ix.score(docs, tf)
            if isinstance(n, uq.Not):
                docs, _ = ev(n.item)
                rest = np.setdiff1d(np.arange(ix.size, dtype=np.int32), docs, assume_unique=True)
                return rest, np.zeros(len(rest))
            if isinstance(n, uq.Or):
                parts = [ev(i) for i in n.items]
                ids, inv = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
                return ids.astype(np.int32), np.bincount(inv, weights=np.concatenate([p[1] for p in parts]))
            pos = [ev(i) for i in n.items if not isinstance(i, uq.Not)]
            neg = [ev(i.item)[0] for i in n.items if isinstance(i, uq.Not)]
            if pos:
                ids, sc = pos[0]
                for d, s in pos[1:]:
                    ids, ia, ib = np.intersect1d(ids, d, assume_unique=True, return_indices=True)
                    sc = sc[ia] + s[ib]
            else:
                ids, sc = np.arange(ix.size, dtype=np.int32), np.zeros(ix.size)
            for d in neg:
                keep = ~np.isin(ids, d, assume_unique=True)
                ids, sc = ids[keep], sc[keep]
            return ids, sc

        return ev(node)

    def _scoped(self, node: uq.Node, scope: str) -> tuple[np.ndarray, np.ndarray]:
        """同款 / 同句: candidates from the exact index, then the query evaluated on each 款 or sentence."""
        cand = self._candidates(node)
        if cand is None:
            raise BadQuery("a paragraph or sentence search needs at least one term that is not negated")
        ids, scores = [], []
        for gid, sc in zip(*cand):
            text = self.exact.text(int(gid))
            units = text.split("\n") if scope == "paragraph" else _SENTENCE.findall(text)
            if any(uq.matches_text(node, u) for u in units):
                ids.append(int(gid))
                scores.append(float(sc))
        return np.asarray(ids, dtype=np.int32), np.asarray(scores)

    def _candidates(self, node: uq.Node):
        """Article-level superset: NOT is ignored (it applies inside the unit)."""
        if isinstance(node, uq.Leaf):
            docs, tf = self.exact.find(node.text)
            return docs, self.exact.score(docs, tf)
        if isinstance(node, uq.Not):
            return None
        parts = [p for p in (self._candidates(i) for i in node.items)]
        if isinstance(node, uq.Or):
            if any(p is None for p in parts):
                return None
            ids, inv = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
            return ids.astype(np.int32), np.bincount(inv, weights=np.concatenate([p[1] for p in parts]))
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        ids, sc = parts[0]
        for d, s in parts[1:]:
            ids, ia, ib = np.intersect1d(ids, d, assume_unique=True, return_indices=True)
            sc = sc[ia] + s[ib]
        return ids, sc

    def _order(self, ids: np.ndarray, scores: np.ndarray, f: Filters):
        """Filter by the allowed versions, then relevance, rank of the norm, currency, document order."""
        vmask, _ = self._mask(f)
        vers = self.exact.entry_version[ids] if len(ids) else ids
        keep = vmask[vers] if len(ids) else np.zeros(0, dtype=bool)
        ids, scores, vers = ids[keep], scores[keep], vers[keep]
        order = np.lexsort((ids, self._currency(f.day)[vers], self._version_rank[vers], -np.round(scores, 6)))
        return ids[order], scores[order], vers

    def _facets(self, vers: np.ndarray, day: date) -> dict[str, dict[str, int]]:
        counts = np.bincount(vers, minlength=len(self.exact.versions)) if len(vers) else []
        st = self.catalog.statuses(day)
        out: dict[str, dict[str, int]] = {"level": {}, "organ": {}, "status": {}}
        for vi in np.nonzero(counts)[0].tolist():
            vid = self.exact.versions[vi]
            info = self.catalog.versions.get(vid)
            if info is None:
                continue
            n = int(counts[vi])
            for key, value in (("level", info.level), ("organ", info.organ), ("status", st.get(vid, ""))):
                out[key][value or "—"] = out[key].get(value or "—", 0) + n
        return {k: dict(sorted(v.items(), key=lambda kv: -kv[1])) for k, v in out.items()}

    def _page(self, session, req, node, ids, scores, mode, notes) -> SearchResult:
        ids, scores, vers = self._order(ids, scores, req.filters)
        words = [leaf.text for leaf in uq.positive_leaves(node)]
        page = list(zip(ids[req.offset:req.offset + req.limit].tolist(),
                        scores[req.offset:req.offset + req.limit].tolist()))
        hits = self._hits(session, [(self.exact.key(g), s) for g, s in page], words, req.filters.day, notes)
        return SearchResult(req.query, mode, req.scope, len(ids), req.offset, req.limit, hits,
                            self._facets(vers, req.filters.day), req.filters.day.isoformat(), notes)

    def _hits(self, session, keyed: list[tuple[tuple[str, str], float]], words: list[str], day: date,
              notes: list[str]) -> list[Hit]:
        rows = fetch_entries(session, [k for k, _ in keyed])
        hits = []
        for (vid, pid), score in keyed:
            row = rows.get((vid, pid))
            info = self.catalog.versions.get(vid)
            if row is None or info is None:
                notes.append(f"index entry {vid} {pid} is no longer in the store: run `lexreg reindex`")
                continue
            entry, parts = row
            hits.append(Hit(
                work_id=info.work_id, title=info.title, version_id=vid, version_date=info.version_date.isoformat(),
                provision_id=pid, label=entry.label, snippet=snippet(entry.text, words), score=round(score, 4),
                level=info.level, organ=info.organ, doc_number=info.doc_number,
                status=self.catalog.status(vid, day), valid_from=info.valid_from.isoformat(),
                valid_to=info.valid_to.isoformat() if info.valid_to else None, parts=narrowed(parts, words)))
        return hits

    def _ranked(self, session, req: SearchRequest, node: uq.Node) -> SearchResult:
        notes: list[str] = []
        p = plan(node, self.titles)
        if p.query is None:
            notes.append("no searchable words for ranked search (only stopwords or punctuation): exact search used")
            ids, scores = self._exact(node)
            return self._page(session, req, node, ids, scores, "exact", notes)
        _, allowed = self._mask(req.filters)
        matched = [d for d in self.searcher.docs_for_query(p.query) if d in allowed]
        if not matched and len(p.words) > 1 and not uq.has_quotes(node):
            relaxed = plan(node, self.titles, relaxed=True)
            matched = [d for d in self.searcher.docs_for_query(relaxed.query) if d in allowed]
            if matched:
                notes.append("no article has all the words: articles with some of them are shown")
                p = relaxed
        want = req.offset + req.limit
        top = self.searcher.search(p.query, limit=max(want, RERANK_POOL), filter=allowed, terms=False) \
            if matched else []
        day = req.filters.day
        scored = []
        for h in top:
            gid_key = (h["version_id"], h["pid"])
            info = self.catalog.versions.get(gid_key[0])
            text = self.exact.text(self._gid(gid_key)) if info else ""
            rank = info.rank if info else 99
            scored.append((rerank_score(h.score, text, p, rank, self.catalog.status(gid_key[0], day)), gid_key))
        scored.sort(key=lambda sk: -sk[0])
        if len(matched) > len(scored):
            pass  # beyond the rerank pool the BM25 order stands (pages past the first few)
        page = [(k, s) for s, k in scored[req.offset:want]]
        hits = self._hits(session, page, list(p.words), day, notes)
        vers = self._docver[np.asarray(matched, dtype=np.int64)] if matched else np.zeros(0, dtype=np.int32)
        return SearchResult(req.query, "ranked", req.scope, len(matched), req.offset, req.limit, hits,
                            self._facets(vers[vers >= 0], day), day.isoformat(), notes)

    def _gid(self, key: tuple[str, str]) -> int:
        if not hasattr(self, "_gids") or self._gids_for is not self.exact:
            self._gids = {}
            for seg, base in zip(self.exact.segments, self.exact.bases):
                for i, (v, pid) in enumerate(zip(seg.entry_version.tolist(), seg.pids)):
                    self._gids[(seg.versions[v], pid)] = base + i
            self._gids_for = self.exact
        return self._gids.get(key, -1)

    def _titles(self, session, req: SearchRequest, node: uq.Node) -> SearchResult:
        """Title-only search: one hit per version whose title or short title matches."""
        allowed = self.catalog.allowed(req.filters)
        st = self.catalog.statuses(req.filters.day)
        rows = []
        for vid in allowed:
            info = self.catalog.versions[vid]
            t = f"{info.title}\u0000{info.short_title}"
            if uq.matches_text(node, t):
                rows.append((info.rank, CURRENCY_ORDER.get(st.get(vid, ""), 5), len(info.title), info.title, vid))
        rows.sort()
        words = [leaf.text for leaf in uq.positive_leaves(node)]
        hits = []
        for rank, _, _, title, vid in rows[req.offset:req.offset + req.limit]:
            info = self.catalog.versions[vid]
            hits.append(Hit(work_id=info.work_id, title=title, version_id=vid,
                            version_date=info.version_date.isoformat(), provision_id="", label="",
                            snippet=snippet(title, words), score=0.0, level=info.level, organ=info.organ,
                            doc_number=info.doc_number, status=st.get(vid, ""),
                            valid_from=info.valid_from.isoformat(),
                            valid_to=info.valid_to.isoformat() if info.valid_to else None))
        facets: dict[str, dict[str, int]] = {"level": {}, "organ": {}, "status": {}}
        for _, _, _, _, vid in rows:
            info = self.catalog.versions[vid]
            for key, value in (("level", info.level), ("organ", info.organ), ("status", st.get(vid, ""))):
                facets[key][value or "—"] = facets[key].get(value or "—", 0) + 1
        return SearchResult(req.query, "title", "title", len(rows), req.offset, req.limit, hits, facets,
                            req.filters.day.isoformat(), [])
