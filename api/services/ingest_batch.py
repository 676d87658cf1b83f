"""Jobs that wire `ingest` (files -> drafts) to `registry` (drafts -> store).

One transaction per document: a bad file is rolled back whole and reported as
`path:line: reason`, and the batch goes on. Derived data (the search index,
resolved citations) is refreshed after the store commits, so an interrupted
ingest never leaves derived data pointing at rows that do not exist; each
document's transaction also queues its versions as owed (`registry.refresh`),
and the refresh takes every owed version, so a batch killed before its refresh
is caught up by the next one even though its documents are then unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from ingest.manifest import Sidecar
from ingest.pipeline import parse_bytes, parse_path
from ingest.readers import iter_paths
from registry import refresh
from registry.amendments.supersede import store_document
from registry.core.db import session_scope
from registry.core.errors import IngestError, LexregError
from registry.norms import effective_dates, store
from registry.norms import models as m
from registry.norms.drafts import DocumentDraft


@dataclass
class IngestReport:
    ingested: list[store.AddResult] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path:line: reason"
    discrepancies: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # metadata one document fixed in another
    warnings: list[str] = field(default_factory=list)
    bytes_read: int = 0

    def summary(self) -> str:
        line = f"{len(self.ingested)} ingested, {len(self.unchanged)} unchanged, {len(self.failed)} failed"
        if self.updated:
            line += f" ({len(self.updated)} metadata updated)"
        return line

    def to_json(self) -> dict:
        return {"ingested": [{"work_id": r.work_id, "version_id": r.version_id, "new_work": r.new_work}
                             for r in self.ingested],
                "unchanged": self.unchanged, "updated": [{"path": p, "changes": c} for p, c in self.updated],
                "failed": self.failed, "discrepancies": self.discrepancies, "notes": self.notes,
                "warnings": self.warnings}


@dataclass(frozen=True)
class Upload:
    """A document sent over HTTP: its file name (only its suffix and name are used; the
    server never opens a path a request names) and its bytes, already bounded in size."""

    name: str
    data: bytes

    def __str__(self) -> str:
        return self.name


def _parse_one(path: Path | Upload, sidecar: Sidecar | None) -> DocumentDraft | IngestError:
    try:
        if isinstance(path, Upload):
            return parse_bytes(path.data, path.name)
        return parse_path(path, sidecar.get(path) if sidecar else None)
    except IngestError as exc:
        return exc


def ingest_paths(engine: Engine, paths: Iterable[str | Path], sidecar: Sidecar | None = None,
                 progress: Callable[[Path], None] | None = None,
                 after_commit: Callable[[Engine, list[str]], None] | None = None) -> IngestReport:
    files = iter_paths(list(paths))
    return ingest_files(engine, files, sidecar, progress, after_commit)


def ingest_files(engine: Engine, files: list[Path] | list[Upload], sidecar: Sidecar | None = None,
                 progress: Callable[[Path], None] | None = None,
                 after_commit: Callable[[Engine, list[str]], None] | None = None) -> IngestReport:
    report = IngestReport()
    # Versions are added in date order so that, within a batch, a work's older
    # text never arrives after a newer one regardless of folder order.
    drafts = []
    # Parsing stays on one core: measured (bench.ingest), a process pool spent
    # more pickling drafts back than it saved, and parsing is a fifth of the time.
    for path in files:
        outcome = _parse_one(path, sidecar)
        if isinstance(outcome, IngestError):
            report.failed.append(str(outcome))
            if progress:
                progress(path)
            continue
        drafts.append((path, outcome))
        report.bytes_read += outcome.source.size
        report.warnings.extend(outcome.warnings)
    drafts.sort(key=lambda pd: (pd[1].version_date, str(pd[0])))
    new_versions: list[str] = []
    for path, draft in drafts:
        try:
            with session_scope(engine) as session:
                result = store_document(session, draft)
                fixed: list[str] = []
                if result.status == "ingested":
                    notes, fixed = effective_dates.reconcile(session, session.get(m.Version, result.version_id))
                    report.notes.extend(f"{path}: {n}" for n in notes)
                    refresh.queue(session, [result.version_id, *fixed])
        except IngestError as exc:
            report.failed.append(str(exc))
        except LexregError as exc:
            report.failed.append(f"{path}: {exc}")
        except SQLAlchemyError as exc:
            report.failed.append(f"{path}: database error: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        else:
            if result.status == "ingested":
                report.ingested.append(result)
                new_versions.append(result.version_id)
                new_versions.extend(v for v in fixed if v not in new_versions)  # their index rows change too
                report.discrepancies.extend(f"{path}: {d}" for d in result.discrepancies)
            elif result.status == "updated":
                report.updated.append((str(path), result.notes))
                report.unchanged.append(str(path))
            else:
                report.unchanged.append(str(path))
        if progress:
            progress(path)
    if after_commit:
        owed = refresh.owed(engine, new_versions)  # this batch's, then any an interrupted run left
        if owed:
            after_commit(engine, owed)
            refresh.clear(engine, owed)
    return report
