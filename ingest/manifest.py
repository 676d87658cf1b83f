"""Metadata sidecar: a CSV that states what a text does not (施行日期 of an amended
version, the level of a file whose header is missing) and carries bulk fixes.

Columns as in the shared corpus manifest: path, title, level, issuing_body,
promulgated, effective, status, and optionally doc_number (a version's 公布 instrument
when its text does not state it); others are ignored. Paths are relative to the
CSV's folder.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.dates import parse_date
from registry.core.errors import IngestError

REQUIRED = ("path",)
KNOWN = ("path", "title", "level", "issuing_body", "promulgated", "effective", "status", "doc_number")


@dataclass(frozen=True)
class SidecarRow:
    path: str
    title: str = ""
    level: str = ""
    organ: str = ""
    promulgated: date | None = None
    effective: date | None = None
    status: str = ""
    doc_number: str = ""  # this version's 公布 instrument (国务院令第743号), when its text does not state it
    line: int = 0


class Sidecar:
    """Rows keyed by resolved path; lookups also try the path's tail, so a
    manifest written for one checkout works from another."""

    def __init__(self, rows: list[SidecarRow]):
        self.by_path = {str(Path(r.path).resolve()): r for r in rows}
        self.by_tail: dict[str, SidecarRow] = {}
        for r in rows:
            parts = Path(r.path).parts
            self.by_tail["/".join(parts[-3:])] = r

    def __len__(self) -> int:
        return len(self.by_path)

    def get(self, path: str | Path) -> SidecarRow | None:
        p = Path(path)
        row = self.by_path.get(str(p.resolve()))
        if row:
            return row
        return self.by_tail.get("/".join(p.parts[-3:]))


def load_sidecar(csv_path: str | Path) -> Sidecar:
    path = Path(csv_path)
    if not path.is_file():
        raise IngestError(str(path), None, "manifest not found")
    base = path.parent
    rows: list[SidecarRow] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise IngestError(str(path), 1, f"manifest lacks column(s) {', '.join(missing)}")
            for lineno, rec in enumerate(reader, start=2):
                raw_path = (rec.get("path") or "").strip()
                if not raw_path:
                    raise IngestError(str(path), lineno, "empty path")
                rows.append(SidecarRow(
                    path=str((base / raw_path)),
                    title=(rec.get("title") or "").strip(),
                    level=(rec.get("level") or "").strip(),
                    organ=(rec.get("issuing_body") or "").strip(),
                    promulgated=_date(rec.get("promulgated"), path, lineno),
                    effective=_date(rec.get("effective"), path, lineno),
                    status=(rec.get("status") or "").strip(),
                    doc_number=(rec.get("doc_number") or "").strip(),
                    line=lineno,
                ))
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), None, f"manifest is not UTF-8: {exc.reason}") from None
    except csv.Error as exc:
        raise IngestError(str(path), None, f"malformed CSV: {exc}") from None
    return Sidecar(rows)


def _date(value: str | None, path: Path, lineno: int) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    d = parse_date(value)
    if d is None:
        raise IngestError(str(path), lineno, f"not a date: {value!r}")
    return d
