"""Title-only search (scope `title`): one hit per version whose title or short title matches.

It lists norms, not provisions, so it reads only the catalog: no index, no store rows.
Reads a `Catalog`; writes nothing.
"""

from __future__ import annotations

from registry.search import query as uq
from registry.search.catalog import CURRENCY_ORDER, Catalog, Filters
from registry.search.results import FACETS, Hit, SearchResult, snippet


def title_search(catalog: Catalog, query: str, node: uq.Node, filters: Filters, offset: int, limit: int
                 ) -> SearchResult:
    """The versions `filters` allow whose title matches `node` (the parsed `query`): the higher
    位阶, the current and the shorter title first; the page from `offset`, `limit` long."""
    allowed = catalog.allowed(filters)
    st = catalog.statuses(filters.day)
    rows = []
    for vid in allowed:
        info = catalog.versions[vid]
        if uq.matches_text(node, f"{info.title}\u0000{info.short_title}"):
            rows.append((info.rank, CURRENCY_ORDER.get(st.get(vid, ""), 5), len(info.title), info.title, vid))
    rows.sort()
    words = [leaf.text for leaf in uq.positive_leaves(node)]
    hits = []
    facets: dict[str, dict[str, int]] = {k: {} for k in FACETS}
    for n, (_, _, _, title, vid) in enumerate(rows):
        info = catalog.versions[vid]
        for key, value in (("level", info.level), ("organ", info.organ), ("status", st.get(vid, ""))):
            facets[key][value or "—"] = facets[key].get(value or "—", 0) + 1
        if offset <= n < offset + limit:
            text, marks = snippet(title, words)
            hits.append(Hit(work_id=info.work_id, title=title, version_id=vid,
                            version_date=info.version_date.isoformat(), provision_id="", label="",
                            snippet=text, marks=marks, score=0.0, level=info.level, organ=info.organ,
                            doc_number=info.doc_number, status=st.get(vid, ""),
                            valid_from=info.valid_from.isoformat(),
                            valid_to=info.valid_to.isoformat() if info.valid_to else None))
    return SearchResult(query, "title", "title", len(rows), offset, limit, hits, facets, filters.day.isoformat(), [])
