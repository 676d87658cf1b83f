"""Derived data refreshed after an ingest commits (search index, citations).

Each step is rebuildable from the store, so a failure here never loses data:
`lexreg reindex` / `lexreg check` repair it.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine


def after_ingest(engine: Engine, version_ids: list[str]) -> None:
    """Called once per ingest batch with the versions it added."""
    # search indexing and citation resolution are wired here as they land
    from api import citation_pass
    from registry.search import update as update_search_index
    from registry.settings import Settings

    update_search_index(engine, Settings.from_env().index_dir, version_ids)
    citation_pass.run(engine, version_ids)
