"""jieba's word table (with the legal dictionary added) as an SQLite file a query reads lazily.

Why: loading jieba's table into a dict costs a command-line search about a second
(half a million words and prefixes), yet a query of a few words looks up only the
substrings of itself. The index writes the table beside its dictionary
(`dictionary-N.jieba`); `lexreg search` segments its query with a `WordTable` as
jieba's FREQ, which answers each lookup from the file and remembers it. The cut is
the same as with the full table: the same words with the same frequencies. Builds
and the server load the full table (they look up everything).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Iterator

_MISSING = object()


def write_table(freq: dict[str, int], total: int, path: Path) -> None:
    """Written under a temporary name and renamed: a reader never sees half a table."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(str(tmp))
        db.execute("CREATE TABLE w (k TEXT PRIMARY KEY, f INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (total INTEGER NOT NULL)")
        db.executemany("INSERT INTO w VALUES (?, ?)", freq.items())
        db.execute("INSERT INTO meta VALUES (?)", (int(total),))
        db.commit()
        db.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error):  # a read-only index folder: queries load the full table instead
        tmp.unlink(missing_ok=True)


class WordTable(Mapping):
    """FREQ for jieba, read from the file on demand (safe across threads)."""

    def __init__(self, path: Path):
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._memo: dict[str, int | None] = {}
        self.total = int(self._db.execute("SELECT total FROM meta").fetchone()[0])

    def get(self, key, default=None):
        hit = self._memo.get(key, _MISSING)
        if hit is _MISSING:
            with self._lock:
                row = self._db.execute("SELECT f FROM w WHERE k = ?", (key,)).fetchone()
            hit = self._memo[key] = row[0] if row else None
        return default if hit is None else hit

    def __getitem__(self, key):
        hit = self.get(key, _MISSING)
        if hit is _MISSING:
            raise KeyError(key)
        return hit

    def __contains__(self, key) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            rows = self._db.execute("SELECT k FROM w").fetchall()
        return iter([r[0] for r in rows])

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM w").fetchone()[0])
