"""The citation pass: stored versions -> extracted citations (ingest) -> resolved rows (registry).

It lives in `api/` because it is the one place allowed to join the two:
`registry` never imports `ingest`. Extraction reads the stored provisions (not
the ingest drafts), so `lexreg citations --rebuild` and the after-ingest hook
give the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ingest.citations import extract_provisions
from registry import citations, store
from registry import models as m
from registry.citation_models import Citation
from registry.db import session_scope


@dataclass
class PassReport:
    versions: int = 0
    citations: int = 0
    reresolved: int = 0
    states: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        states = ", ".join(f"{k} {v}" for k, v in self.states.items())
        return (f"{self.versions} versions scanned, {self.citations} citations stored, "
                f"{self.reresolved} earlier citations re-resolved; {states}")


def extract_version(session: Session, version: m.Version):
    return extract_provisions(version.preamble, store.provisions_of(session, version.id))


def run(engine: Engine, version_ids: list[str]) -> PassReport:
    """Extract and resolve the citations of new versions, then re-resolve what they may change."""
    report = PassReport()
    with session_scope(engine) as session:
        resolver = citations.Resolver(session)
        changed_works = set()
        for vid in version_ids:
            version = session.get(m.Version, vid)
            if version is None:
                continue
            changed_works.add(version.work_id)
            report.citations += citations.record(session, resolver, version, extract_version(session, version))
            report.versions += 1
        session.flush()
        report.reresolved = citations.reresolve(session, resolver, changed_works, skip_versions=version_ids)
        report.states = citations.summary(session)
    return report


def rebuild(engine: Engine) -> PassReport:
    """Drop every citation row and redo the pass over all stored versions."""
    with session_scope(engine) as session:
        session.execute(delete(Citation))
        ids = list(session.exec(select(m.Version.id).order_by(m.Version.version_date)).all())
    return run(engine, ids)
