"""Derived data refreshed after an ingest commits (search index, citations).

Each step is rebuildable from the store, so a failure here never loses data:
`lexreg reindex` / `lexreg check` repair it.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy.engine import Engine


def after_ingest(engine: Engine, version_ids: list[str], say: Callable[[str], None] | None = None) -> None:
    """Called once per ingest batch with the versions it added; `say` names each step
    (on the whole corpus they take most of a minute, which should not look like a hang)."""
    from api.services import citation_pass
    from registry.core.settings import Settings
    from registry.search import update as update_search_index

    if say:
        say(f"updating the search index for {len(version_ids)} versions")
    update_search_index(engine, Settings.from_env().index_dir, version_ids)
    if say:
        say("extracting and resolving citations")
    citation_pass.run(engine, version_ids)
