"""Full-text search over provisions: the only package that imports whoosh.

Public interface: `SearchService(engine, index_dir).search(SearchRequest)`,
`rebuild`, `update` and `check` for the index on disk, `Filters` for the
user's filters. Modes: exact (n-gram index with verification, recall 1.0),
ranked (Whoosh BM25F over jieba words with the legal dictionary), 同款/同句
and title-only; see each module's docstring for why it is built so.
"""

from registry.search.catalog import ANY_STATUS, Filters
from registry.search.index import check, rebuild, update
from registry.search.results import Hit, SearchResult
from registry.search.service import SCOPES, SearchRequest, SearchService

__all__ = ["ANY_STATUS", "Filters", "Hit", "SCOPES", "SearchRequest", "SearchResult", "SearchService",
           "check", "rebuild", "update"]
