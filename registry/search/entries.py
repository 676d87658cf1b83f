"""Index entries read from the store: one per article-level provision per version.

An entry is the unit a hit names (第四十八条 of the 2019 text); 款 and 项 inside it
are found again from the store when a hit is shown (`narrow`), so the index
never holds structure the store could contradict. Raw SQL here because the
whole corpus (260k provision rows) is read at every rebuild and ORM objects
would double the build time; the rule for units is `registry.norms.store.units_of`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from sqlalchemy import bindparam, text
from sqlmodel import Session

from registry.norms.store import UNITS

NARROW_KINDS = ("paragraph", "item", "subitem", "point", "sub")


@dataclass(frozen=True)
class Entry:
    version_id: str
    pid: str
    label: str
    text: str
    ord: int


@dataclass(frozen=True)
class Part:
    """A 款/项/目 inside an entry, with the article text it occupies."""

    pid: str
    kind: str
    label: str
    text: str


_ROWS = text("SELECT version_id, pid, kind, label, parent, text, ord FROM provision "
             "WHERE version_id IN :vids ORDER BY version_id, ord").bindparams(bindparam("vids", expanding=True))
_ALL_ROWS = text("SELECT version_id, pid, kind, label, parent, text, ord FROM provision ORDER BY version_id, ord")


def _units(rows: list) -> Iterator[Entry]:
    units = [r for r in rows if r[2] in UNITS]
    if not units:
        units = [r for r in rows if r[2] == "paragraph" and not r[4]]
    for r in units:
        if r[5] and r[5].strip():
            yield Entry(r[0], r[1], r[3], r[5], r[6])


def load_entries(session: Session, version_ids: Iterable[str] | None = None) -> list[Entry]:
    """Entries of the given versions (all versions when None), in version then document order."""
    conn = session.connection()
    if version_ids is None:
        result = conn.execute(_ALL_ROWS)
    else:
        vids = sorted(set(version_ids))
        rows_all = []
        for i in range(0, len(vids), 500):
            rows_all.extend(conn.execute(_ROWS, {"vids": vids[i:i + 500]}).all())
        result = iter(rows_all)
    out: list[Entry] = []
    current: list = []
    for row in result:
        if current and row[0] != current[0][0]:
            out.extend(_units(current))
            current = []
        current.append(row)
    if current:
        out.extend(_units(current))
    return out


def version_ids_in_store(session: Session) -> set[str]:
    return set(session.connection().execute(text("SELECT id FROM version")).scalars())


def fetch_entries(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[Entry, list[Part]]]:
    """The store's current rows for the hits of one page: the entry and its 款/项, in one query.

    A key the store no longer has is simply absent: the caller drops the hit
    (the index was stale) instead of showing text that does not exist.
    """
    if not keys:
        return {}
    clauses, params = [], {}
    # SQLite compares bytes: pid and the pids under it (art_47__para_2 .. before art_47_`) are index
    # seeks on (version_id, pid), where a LIKE on the prefix read every provision of the version;
    # PostgreSQL's collation may not order by bytes, so it keeps the LIKE
    by_range = session.get_bind().dialect.name == "sqlite"
    for n, (vid, pid) in enumerate(keys):
        if by_range:
            clauses.append(f"(version_id = :v{n} AND (pid = :p{n} OR (pid >= :a{n} AND pid < :b{n})))")
            params.update({f"v{n}": vid, f"p{n}": pid, f"a{n}": pid + "__", f"b{n}": pid + "_`"})
            continue
        prefix = pid.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "\\_\\_%"
        clauses.append(f"(version_id = :v{n} AND (pid = :p{n} OR pid LIKE :x{n} ESCAPE '\\'))")
        params.update({f"v{n}": vid, f"p{n}": pid, f"x{n}": prefix})
    rows = session.connection().execute(
        text("SELECT version_id, pid, kind, label, text FROM provision WHERE " + " OR ".join(clauses)
             + " ORDER BY version_id, ord"), params).all()
    out: dict[tuple[str, str], tuple[Entry, list[Part]]] = {}
    by_version: dict[str, list] = {}
    for r in rows:
        by_version.setdefault(r[0], []).append(r)
    for vid, pid in keys:
        vrows = by_version.get(vid, [])
        head = next((r for r in vrows if r[1] == pid), None)
        if head is None:
            continue
        parts = [Part(r[1], r[2], r[3], r[4]) for r in vrows
                 if r[1].startswith(pid + "__") and r[2] in NARROW_KINDS]
        out[(vid, pid)] = (Entry(vid, pid, head[3], head[4], 0), parts)
    return out
