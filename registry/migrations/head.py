"""The head revision read from the scripts' own lines, without importing Alembic.

Why: a read-only command (`lexreg show`) must know the store is current before
it reads, and importing Alembic costs more than the whole command may take. The
scripts in `versions/` each state `revision = "..."` and `down_revision = ...`;
the head is the one revision no other script names as its down revision.
`tests/test_migrations.py` proves this agrees with Alembic's own head.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent / "versions"
_LINE = re.compile(r"""^(down_revision|revision)\s*(?::\s*[^=]+)?=\s*(?:["']([^"']+)["']|None)""", re.M)


@lru_cache(maxsize=1)
def script_head() -> str | None:
    """The head revision, or None when the scripts do not form one line (Alembic decides then)."""
    revisions, downs = set(), set()
    for path in VERSIONS.glob("*.py"):
        found = dict((m.group(1), m.group(2)) for m in _LINE.finditer(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            downs.add(found["down_revision"])
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None
