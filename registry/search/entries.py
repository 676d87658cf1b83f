"""Index entries read from the store: one per article-level provision per version.

An entry is the unit a hit names (第四十八条 of the 2019 text); 款 and 项 inside it
are found again from the store when a hit is shown (`narrow`), so the index
never holds structure the store could contradict. Raw SQL here because the
whole corpus's article rows (70k of its 230k provision rows) are read at every
rebuild and ORM objects would double the build time; the rule for units is `registry.norms.store.units_of`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from registry.norms.lookup import UNITS
from registry.norms.reading import reading

if TYPE_CHECKING:
    from sqlmodel import Session

NARROW_KINDS = ("paragraph", "item", "subitem", "point", "sub")
# The one rule for what an entry holds: a NARROW_KINDS row whose pid is the entry's pid, this
# mark and more (art_47__para_2, art_47__para_2__item_1). The page query reads it as a pid range
# (`_inside`), a served worker's preload as the pids a row lies inside (`_holders`).
PART_MARK = "__"


def _inside(pid: str) -> tuple[str, str]:
    """[lo, hi): the pids that start with pid + PART_MARK, in byte order ("`" follows "_")."""
    return pid + PART_MARK, pid + PART_MARK[:-1] + chr(ord(PART_MARK[-1]) + 1)


def _holders(pid: str) -> Iterator[str]:
    """Every pid that `pid` lies inside by the same rule: its prefixes before each PART_MARK."""
    i = pid.find(PART_MARK)
    while i >= 0:
        yield pid[:i]
        i = pid.find(PART_MARK, i + 1)


@dataclass(frozen=True, slots=True)
class Entry:
    version_id: str
    pid: str
    label: str
    text: str
    ord: int


@dataclass(frozen=True, slots=True)
class Part:
    """A 款/项/目 inside an entry, with the article text it occupies."""

    pid: str
    kind: str
    label: str
    text: str


# only rows `_units` can take: units, and top-level paragraphs for a version without units (the
# 款/项 inside articles hold as much text again, and reading it was half of loading the entries)
_CANDIDATES = ("(kind IN (" + ", ".join(f"'{k}'" for k in UNITS) + ") "
               "OR (kind = 'paragraph' AND (parent IS NULL OR parent = '')))")
_COLUMNS = "SELECT version_id, pid, kind, label, parent, text, ord FROM provision"
_ROWS = f"{_COLUMNS} WHERE version_id IN :vids AND {_CANDIDATES} ORDER BY version_id, ord"
_ALL_ROWS = f"{_COLUMNS} WHERE {_CANDIDATES} ORDER BY version_id, ord"


def _units(rows: list) -> Iterator[Entry]:
    units = [r for r in rows if r[2] in UNITS]
    if not units:
        units = [r for r in rows if r[2] == "paragraph" and not r[4]]
    for r in units:
        if r[5] and r[5].strip():
            yield Entry(r[0], r[1], r[3], r[5], r[6])


def load_entries(session: "Session", version_ids: Iterable[str] | None = None) -> list[Entry]:
    """Entries of the given versions (all versions when None), in version then document order."""
    from sqlalchemy import bindparam, text

    conn = session.connection()
    if version_ids is None:
        result = conn.execute(text(_ALL_ROWS))
    else:
        vids = sorted(set(version_ids))
        rows_all = []
        for i in range(0, len(vids), 500):
            rows_all.extend(conn.execute(text(_ROWS).bindparams(bindparam("vids", expanding=True)),
                                         {"vids": vids[i:i + 500]}).all())
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


def version_ids_in_store(session: "Session") -> set[str]:
    return {r[0] for r in reading(session).execute("SELECT id FROM version")}


@lru_cache(maxsize=64)
def _page_query(n: int, dialect: str) -> str:
    """The query for a page of `n` hits, built once per size (and parsed once: `reading.execute`).

    The hits are a VALUES table joined to provision twice: each hit's own row by (version_id,
    pid), and its 款/项, the pids from "art_47__" up to "art_47_`" (`_inside`), by a range
    on the same index (LIKE read every provision row of the version, and an OR of one clause
    per hit cost half again as much on a page of 100); byte order, so PostgreSQL compares
    COLLATE "C"."""
    c = ' COLLATE "C"' if dialect == "postgresql" else ""
    hits = ", ".join(f"(:v{i}, :p{i}, :lo{i}, :hi{i})" for i in range(n))
    cols = "hit.p, provision.version_id, provision.pid, provision.kind, provision.label, provision.text, provision.ord"
    return (f"WITH hit(v, p, lo, hi) AS (VALUES {hits}) "
            f"SELECT 0, {cols} FROM hit JOIN provision ON provision.version_id = hit.v AND provision.pid = hit.p "
            f"UNION ALL SELECT 1, {cols} FROM hit JOIN provision ON provision.version_id = hit.v "
            f"AND provision.pid{c} >= hit.lo{c} AND provision.pid{c} < hit.hi{c} ORDER BY 3, 8")


def fetch_entries(source: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[Entry, list[Part]]]:
    """The store's current rows for the hits of one page: the entry and its 款/项, in one query.

    A key the store no longer has is simply absent: the caller drops the hit
    (the index was stale) instead of showing text that does not exist.
    """
    keys = list(dict.fromkeys(keys))  # one row per hit of the VALUES table
    if not keys:
        return {}
    bind = getattr(source, "get_bind", None)  # an ORM session; plain rows are SQLite's
    dialect = bind().dialect.name if bind is not None else "sqlite"
    params = {}
    for n, (vid, pid) in enumerate(keys):
        lo, hi = _inside(pid)
        params.update({f"v{n}": vid, f"p{n}": pid, f"lo{n}": lo, f"hi{n}": hi})
    heads: dict[tuple[str, str], tuple] = {}
    parts: dict[tuple[str, str], list[Part]] = {}
    # (0, hit pid, row...) is the hit's own row; (1, hit pid, row...) one inside it, in document order
    for inside, hit, vid, rp, kind, label, text, _ in reading(source).execute(_page_query(len(keys), dialect), params):
        if not inside:
            heads[(vid, rp)] = (label, text)
        elif kind in NARROW_KINDS:
            parts.setdefault((vid, hit), []).append(Part(rp, kind, label, text))
    out: dict[tuple[str, str], tuple[Entry, list[Part]]] = {}
    for vid, pid in keys:
        head = heads.get((vid, pid))
        if head is not None:
            out[(vid, pid)] = (Entry(vid, pid, head[0], head[1], 0), parts.get((vid, pid), []))
    return out


VERSIONS_A_QUERY = 100  # versions `every_entry` reads at a time: a bounded list of rows in memory


@lru_cache(maxsize=8)
def _versions_query(n: int) -> str:
    marks = ", ".join(f":v{i}" for i in range(n))
    return f"SELECT version_id, pid, kind, label, text FROM provision WHERE version_id IN ({marks}) ORDER BY version_id, ord"


def _version_rows(source: Any, versions: list[str]) -> Iterator[tuple]:
    for i in range(0, len(versions), VERSIONS_A_QUERY):
        chunk = versions[i:i + VERSIONS_A_QUERY]
        yield from reading(source).execute(_versions_query(len(chunk)), {f"v{n}": v for n, v in enumerate(chunk)})


def every_entry(source: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[Entry, list[Part]]]:
    """`fetch_entries(source, keys)` for many keys at once, reading their versions' provision rows
    (a served worker's start reads every entry's rows): each key's own row, and the 款/项 inside
    it by PART_MARK's rule, in document order, as the page query takes them."""
    wanted: dict[str, set[str]] = {}
    for vid, pid in keys:
        wanted.setdefault(vid, set()).add(pid)
    heads: dict[tuple[str, str], tuple[str, str]] = {}
    parts: dict[tuple[str, str], list[Part]] = {}
    for vid, pid, kind, label, text in _version_rows(source, sorted(wanted)):
        pids = wanted[vid]
        if pid in pids:
            heads[(vid, pid)] = (label, text)
        if kind in NARROW_KINDS:
            for holder in _holders(pid):  # every entry it lies inside (an entry is an article: one, in practice)
                if holder in pids:
                    head = heads.get((vid, holder))
                    if head is not None and head[1] == text:  # an article's one 款: its text kept once
                        text = head[1]
                    parts.setdefault((vid, holder), []).append(Part(pid, kind, label, text))
    return {k: (Entry(k[0], k[1], heads[k][0], heads[k][1], 0), parts.get(k, []))
            for k in dict.fromkeys(keys) if k in heads}


class PageRows:
    """`fetch_entries` for the pages of one search snapshot, each row read once: a provision is
    never changed in place (an amendment makes a new version), and a write to the record replaces
    the snapshot (its catalog fingerprint), so a kept row is the store's. A key the store lacks is
    never kept: it is asked for again, and dropped again, until a reindex."""

    KEPT = 20_000  # rows kept (about 1 KB each); the cache starts again when full

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], tuple[Entry, list[Part]]] = {}
        self._preloaded = 0  # rows `preload` read, kept beside KEPT more

    def preload(self, source: Any, keys: list[tuple[str, str]]) -> None:
        """Every row of `keys` read now (`every_entry`): a served worker reads them all at start
        (`SearchService.warm`), where a page of 100 hits whose rows were new cost about 2 ms of its
        search (bench.search_costs, a cold service's rows); they stay kept beside KEPT more."""
        self._preloaded = len(keys)  # first: a search meanwhile must not find the kept rows too many
        missing = [k for k in keys if k not in self._rows]  # a second warm of the snapshot reads none again
        if missing:
            self._rows.update(every_entry(source, missing))

    def __len__(self) -> int:
        return len(self._rows)

    def read(self, source: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[Entry, list[Part]]]:
        rows = self._rows
        page = {k: rows[k] for k in keys if k in rows}
        missing = [k for k in keys if k not in page]
        if missing:
            got = fetch_entries(source, missing)
            page.update(got)
            if len(rows) + len(got) > self._preloaded + self.KEPT:
                rows = self._rows = {}  # a race with another request only reads a row twice
            rows.update(got)
        return page
