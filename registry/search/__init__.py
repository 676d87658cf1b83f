"""Full-text search over provisions, rebuildable from the store.

Public interface: `SearchService(engine, index_dir).search(SearchRequest)`
(and `all_keys` for every match), `rebuild`, `update` and `check` for the
index on disk, `Filters` for the user's filters. Modes: exact (character
n-gram postings with verification: recall 1.0), ranked (BM25 over jieba words
with the legal dictionary, title signal, proximity, 位阶 and currency),
同款/同句 and title-only. Each module's docstring says why it is built so;
`terms` says why the word postings are numpy arrays rather than Whoosh.

Names are loaded on first use (PEP 562): a search from the command line imports
no index writer and no ORM.
"""

from registry.core.lazy import exports

_HOMES = {"ANY_STATUS": "catalog", "Filters": "catalog", "check": "index", "rebuild": "index", "update": "index",
          "Hit": "results", "SearchResult": "results", "SCOPES": "service", "SearchRequest": "service",
          "SearchService": "service"}

__all__ = sorted(_HOMES)

__getattr__ = exports(__name__, _HOMES)
