"""Full-text search over provisions, rebuildable from the store.

Public interface: `SearchService(engine, index_dir).search(SearchRequest)`
(and `all_keys` for every match), `rebuild`, `update` and `check` for the
index on disk, `Filters` for the user's filters. Modes: exact (character
n-gram postings with verification: recall 1.0), ranked (BM25 over jieba words
with the legal dictionary, title signal, proximity, 位阶 and currency),
同款/同句 and title-only. Each module's docstring says why it is built so;
`terms` says why the word postings are numpy arrays rather than Whoosh.
"""

from registry.search.catalog import ANY_STATUS, Filters
from registry.search.index import check, rebuild, update
from registry.search.results import Hit, SearchResult
from registry.search.service import SCOPES, SearchRequest, SearchService

__all__ = ["ANY_STATUS", "Filters", "Hit", "SCOPES", "SearchRequest", "SearchResult", "SearchService",
           "check", "rebuild", "update"]
