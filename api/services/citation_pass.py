"""The citation pass with lexreg's own extraction (`ingest.citations`) plugged in.

The pass itself (which rows are written, deleted and re-resolved) is
`registry.citations.passes`; this module only joins it to the extractor, since
`registry` never imports `ingest`.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ingest.citations import extract_provisions
from registry.citations import passes
from registry.citations.passes import PassReport
from registry.norms import models as m

__all__ = ["PassReport", "extract_version", "rebuild", "run"]


def extract_version(session: Session, version: m.Version):
    return passes.extract_version(session, version, extract_provisions)


def run(engine: Engine, version_ids: list[str]) -> PassReport:
    """Extract and resolve the citations of new versions, then re-resolve what they may change."""
    return passes.run(engine, version_ids, extract_provisions)


def rebuild(engine: Engine) -> PassReport:
    """Drop every citation row and redo the pass over all stored versions."""
    return passes.rebuild(engine, extract_provisions)
