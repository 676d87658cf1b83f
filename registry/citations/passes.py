"""The citation pass: stored versions -> citation drafts -> resolved citation rows.

Reads stored versions and their provisions; writes `Citation` rows (and
re-resolves earlier rows a new version may change). Extraction is passed in
(`extract(preamble, provisions) -> drafts`): it is `ingest.citations`' job, and
`registry` never imports `ingest`; `api.services.citation_pass` joins the two.
Extraction reads the stored provisions (not ingest drafts), so a rebuild and
the after-ingest pass give the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from registry.citations import resolve as citations
from registry.citations.drafts import CitationDraft
from registry.citations.records import Citation
from registry.core.db import session_scope
from registry.norms import models as m
from registry.norms import store

Extract = Callable[[str, Sequence[m.Provision]], list[CitationDraft]]


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


def extract_version(session: Session, version: m.Version, extract: Extract) -> list[CitationDraft]:
    return extract(version.preamble, store.provisions_of(session, version.id))


def run(engine: Engine, version_ids: list[str], extract: Extract) -> PassReport:
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
            report.citations += citations.record(session, resolver, version,
                                                 extract_version(session, version, extract))
            report.versions += 1
        session.flush()
        report.reresolved = citations.reresolve(session, resolver, changed_works, skip_versions=version_ids)
        report.states = citations.summary(session)
    return report


def rebuild(engine: Engine, extract: Extract) -> PassReport:
    """Drop every citation row and redo the pass over all stored versions."""
    with session_scope(engine) as session:
        session.execute(delete(Citation))
        ids = list(session.exec(select(m.Version.id).order_by(m.Version.version_date)).all())
    return run(engine, ids, extract)
