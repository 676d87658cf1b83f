"""Hits and result pages: the one JSON shape CLI, API and `--queries` print.

Field names are an interface (`query`, `count`, `hits[{work_id, title,
version_date, provision_id, label, snippet, score}]`); add fields, rename none.
Snippets are HTML-escaped with the matched words in <mark>, so a web page
can show them as they are and a terminal can turn the marks into colour.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from registry.search.entries import Part

SNIPPET_CHARS = 90


@dataclass
class Hit:
    work_id: str
    title: str
    version_id: str
    version_date: str
    provision_id: str
    label: str
    snippet: str
    score: float
    level: str = ""
    organ: str = ""
    doc_number: str = ""
    status: str = ""
    valid_from: str | None = None
    valid_to: str | None = None
    parts: list[dict] = field(default_factory=list)  # the 款/项 that contain the match


@dataclass
class SearchResult:
    query: str
    mode: str  # exact | ranked | title | paragraph | sentence
    scope: str
    count: int
    offset: int
    limit: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    at: str
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "mode": self.mode, "scope": self.scope, "count": self.count,
                "offset": self.offset, "limit": self.limit, "at": self.at,
                "hits": [asdict(h) for h in self.hits], "facets": self.facets, "notes": self.notes}


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    spans = []
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        start = 0
        while True:
            i = text.find(w, start)
            if i < 0:
                break
            spans.append((i, i + len(w)))
            start = i + len(w)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window around the first match, matches in <mark>.

    >>> snippet("征收土地应当给予公平、合理的补偿。", ["补偿", "征收"])
    '<mark>征收</mark>土地应当给予公平、合理的<mark>补偿</mark>。'
    """
    flat = text.replace("\n", " ")
    spans = _spans(flat, words)
    if spans:
        first = spans[0][0]
        start = max(0, min(first - width // 3, len(flat) - width))
    else:
        start = 0
    end = min(len(flat), start + width)
    out, pos = [], start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(html.escape(flat[pos:a], quote=False))
        out.append(f"<mark>{html.escape(flat[a:b], quote=False)}</mark>")
        pos = b
    out.append(html.escape(flat[pos:end], quote=False))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(flat) else "")


def narrowed(parts: list[Part], words: list[str]) -> list[dict]:
    """The deepest 款/项 whose own text shows a matched word (a 款's text includes its 项)."""
    hits = [p for p in parts if any(w and w in p.text for w in words)]
    deepest = [p for p in hits if not any(q.pid.startswith(p.pid + "__") for q in hits)]
    return [{"id": p.pid, "label": p.label} for p in deepest]


_MARK = re.compile(r"</?mark>")


def plain(snip: str) -> str:
    return html.unescape(_MARK.sub("", snip))
