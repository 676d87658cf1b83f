"""Hits and result pages: the one JSON shape CLI, API and `--queries` print.

Field names are an interface (`query`, `count`, `hits[{work_id, title,
version_date, provision_id, label, snippet, score}]`); add fields, rename none.
A snippet is plain text with the spans of the matched words beside it
(`marks`, [start, end) offsets into the snippet): the registry says where the
match is, the web page and the terminal decide how to show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from registry.search.entries import Part

SNIPPET_CHARS = 90
FACETS = ("level", "organ", "status")  # counted over all hits: 效力位阶, 制定机关, 时效性


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
    marks: list[tuple[int, int]] = field(default_factory=list)  # matched words in `snippet`, [start, end)


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
    partial: bool = False  # ranked: the best hit lacks some of the question's words (the notes name them)

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "mode": self.mode, "scope": self.scope, "count": self.count,
                "offset": self.offset, "limit": self.limit, "at": self.at,
                "hits": [_hit_json(h) for h in self.hits], "facets": self.facets, "notes": self.notes, "partial": self.partial}


def _hit_json(h: Hit) -> dict[str, Any]:
    """`dataclasses.asdict(h)`, the same dict, without its generic deep copy (a tenth of a search)."""
    out = {name: getattr(h, name) for name in _HIT_FIELDS}
    out["parts"] = [dict(p) for p in h.parts]
    out["marks"] = [tuple(m) for m in h.marks]
    return out


_HIT_FIELDS = tuple(f.name for f in fields(Hit))


def _spans(text: str, words: list[str], upto: int | None = None,
           firsts: dict[str, int] | None = None) -> list[tuple[int, int]]:
    """Where the words stand in `text`, overlapping ones merged; with `upto`, only the spans
    that start before it (each word's occurrences are found left to right, so those are the
    same whatever stands after). `firsts`: each word's first place in `text` (-1: absent), when
    the caller found them already; its words are the ones looked for."""
    upto = len(text) if upto is None else upto
    firsts = {w: text.find(w) for w in words if w} if firsts is None else firsts
    spans = []
    for w, i in firsts.items():
        n = len(w)
        i = i if i < upto else -1  # the first occurrence counts if it starts before `upto`
        while i >= 0:
            spans.append((i, i + n))
            i = text.find(w, i + n, upto + n - 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """A window around the first match, and the matched words' spans inside it.

    Only the window is scanned past each word's first place: every match stands at or after
    the first one, which the window starts before, and the spans after its end are not shown
    (scanning a long article's later matches was about half of a page of 100 hits' snippets).

    >>> snippet("征收土地应当给予公平、合理的补偿。", ["补偿", "征收"])
    ('征收土地应当给予公平、合理的补偿。', [(0, 2), (14, 16)])
    >>> snippet("甲" * 100 + "补偿", ["补偿"], width=10)
    ('…甲甲甲甲甲甲甲甲补偿', [(9, 11)])
    """
    flat = text.replace("\n", " ")
    firsts = {w: flat.find(w) for w in words if w}
    found = [i for i in firsts.values() if i >= 0]
    start = max(0, min(min(found) - width // 3, len(flat) - width)) if found else 0
    end = min(len(flat), start + width)
    lead = "…" if start > 0 else ""
    marks = [(max(a, start) - start + len(lead), min(b, end) - start + len(lead))
             for a, b in (_spans(flat, words, end, firsts) if found else ()) if b > start and a < end]
    return lead + flat[start:end] + ("…" if end < len(flat) else ""), marks


def narrowed(parts: list[Part], words: list[str]) -> list[dict]:
    """The deepest 款/项 whose own text shows a matched word (a 款's text includes its 项)."""
    hits = [p for p in parts if any(w and w in p.text for w in words)]
    return _deepest(hits)


def narrowed_in(parts: list[Part], words: list[str], text: str, here: list[str] | None = None) -> list[dict]:
    """`narrowed(parts, words)` for the parts of the article `text`, the same list: a word not in
    the article is in none of its parts that stand in it, so only the others test every word.
    `here`: the words that stand in `text`, when the caller knows them."""
    here = [w for w in (words if here is None else here) if w and w in text]
    every: list[str] | None = None
    hits = []
    for p in parts:
        if p.text == text:  # the article's one 款 holds what the article holds
            if here:
                hits.append(p)
        elif p.text in text:  # map over str.__contains__: the same tests, without a generator frame
            if any(map(p.text.__contains__, here)):
                hits.append(p)
        else:
            every = [w for w in words if w] if every is None else every
            if any(map(p.text.__contains__, every)):
                hits.append(p)
    return _deepest(hits)


def _deepest(hits: list[Part]) -> list[dict]:
    """The hits no other hit lies inside (q inside p: q.pid starts with p.pid + "__")."""
    if len(hits) < 2:  # nothing else to lie inside
        return [{"id": p.pid, "label": p.label} for p in hits]
    outer = set()  # every q.pid[:i] where "__" stands at i, so `p.pid in outer` is that test
    for q in hits:
        i = q.pid.find("__")
        while i >= 0:
            outer.add(q.pid[:i])
            i = q.pid.find("__", i + 1)
    deepest = [p for p in hits if p.pid not in outer]
    return [{"id": p.pid, "label": p.label} for p in deepest]
