"""Derived data refreshed after an ingest commits (search index, citations).

Each step is rebuildable from the store, so a failure here never loses data:
`lexreg reindex` / `lexreg check` repair it.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine


def after_ingest(engine: Engine, version_ids: list[str], say: Callable[[str], None] | None = None) -> None:
    """Called once per ingest batch with the versions it added; `say` names each step
    (on the whole corpus they take most of a minute, which should not look like a hang)."""
    from api.services import citation_pass
    from registry.core.settings import Settings
    from registry.search import update as update_search_index

    index_dir = Settings.from_env().index_dir
    with _one_refresh_at_a_time(index_dir):
        if say:
            say(f"updating the search index for {len(version_ids)} versions")
        update_search_index(engine, index_dir, version_ids)
        if say:
            say("extracting and resolving citations")
        citation_pass.run(engine, version_ids)


@contextmanager
def _one_refresh_at_a_time(index_dir: Path) -> Iterator[None]:
    """Concurrent ingests (several API workers, CLI beside a server) refresh in turn: two citation
    passes re-resolving the same rows at once conflict on PostgreSQL (found by the concurrency test)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".refresh.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
