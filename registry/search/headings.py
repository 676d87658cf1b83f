"""Heading text for ranked search: the titles of the 编/章/节 an article stands in.

An article rarely repeats what its chapter is about: 第七章 法律责任 holds the
penalties, 第五章 土地征收 the rules of taking land, while the articles themselves
say 违反本法规定的 or 应当给予补偿. A question about a duty's consequence
(……要承担什么责任) or a field of law names that topic. Each entry gets, as a
third field of its ranked index (`terms.HEADING_FIELD`), the texts of its
structural ancestors, outermost first.

Reads the provision table when the index is built (`registry.search.index`); writes nothing.
"""

from __future__ import annotations

from typing import Any

from registry.norms.lookup import UNITS
from registry.norms.reading import reading
from registry.search.entries import Entry

STRUCTURE = ("book", "subbook", "chapter", "section")  # the kinds whose text is a heading
_KINDS = ", ".join(f"'{k}'" for k in STRUCTURE)
_HEADINGS = f"SELECT version_id, pid, parent, text FROM provision WHERE kind IN ({_KINDS})"
_PLACED = (f"SELECT version_id, pid, parent FROM provision WHERE kind IN ({', '.join(repr(k) for k in UNITS)}) "
           "AND parent != ''")
FEW = 200  # versions an index update reads by name; a rebuild reads every row at once


def heading_texts(session: Any, entries: list[Entry]) -> list[str]:
    """One heading text per entry ("" for an article outside any 编/章/节)."""
    read = reading(session)
    parent: dict[tuple[str, str], str] = {}
    heading: dict[tuple[str, str], str] = {}
    versions = sorted({e.version_id for e in entries})
    if not versions:
        return []
    where, params = "", {}
    if len(versions) <= FEW:  # an ingest's update: only its own versions' rows
        where = f" AND version_id IN ({', '.join(f':v{i}' for i in range(len(versions)))})"
        params = {f"v{i}": v for i, v in enumerate(versions)}
    for vid, pid, up, text in read.execute(_HEADINGS + where, params):
        heading[(vid, pid)] = (text or "").strip()
        if up:
            parent[(vid, pid)] = up
    for vid, pid, up in read.execute(_PLACED + where, params):
        parent[(vid, pid)] = up
    out = []
    for e in entries:
        chain, key = [], (e.version_id, e.pid)
        for _ in range(8):  # 编 > 分编 > 章 > 节 at most; a cycle stops
            up = parent.get(key)
            if up is None:
                break
            key = (key[0], up)
            if heading.get(key):
                chain.append(heading[key])
        out.append("\n".join(reversed(chain)))
    return out
