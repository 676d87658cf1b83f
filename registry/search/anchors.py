"""Anchor text for ranked search: how other norms describe an article when they cite it.

A 司法解释 or 实施条例 applies a law's article to a situation in its own words
("……的，依照刑法第二百六十四条的规定定罪处罚"), which is how staff ask about it too.
Each entry gets, as a second field of its ranked index, the sentences of other norms
that cite it (the citing sentence with the citation itself cut out), taken from the
`citation` table. A citation names the version in force when the citing norm was
made; the sentence counts for every version of the cited norm whose article has the
same number and the same text, as `registry.search.priors` counts it. A norm's
references to itself (本法第X条) are not anchors.

Reads the citation and provision tables when the index is built (`registry.search.index`);
writes nothing. Derived data: `lexreg reindex` brings it up to date with the citation pass
(an index update for new versions anchors them with the citations stored by then).
"""

from __future__ import annotations

import re

from sqlalchemy import text as sql
from sqlmodel import Session

from registry.citations.states import RESOLVED
from registry.search.entries import Entry
from registry.search.priors import article_of

MAX_SENTENCE = 160  # characters of a citing sentence kept on each side of the citation
MAX_ANCHORS = 40  # citing sentences kept per article (the first by citing norm and position)
_END = re.compile(r"[。；！？\n]")
_ROWS = sql(
    "SELECT c.resolved_work_id, c.resolved_version_id, c.resolved_pid, c.work_id, c.start, c.\"end\", p.text "
    "FROM citation c JOIN provision p ON p.version_id = c.version_id AND p.pid = c.source_pid "
    "WHERE c.state = :state AND c.kind IN ('cites', 'basis') AND c.resolved_pid != '' "
    "AND c.resolved_work_id != c.work_id ORDER BY c.work_id, c.version_id, c.source_pid, c.start")
_WORKS = sql("SELECT id, work_id FROM version")


def sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] without that span (the citation itself).

    >>> sentence("第一条 总则。盗窃公私财物，依照《刑法》第二百六十四条的规定处罚。其他。", 16, 27)
    '盗窃公私财物，依照的规定处罚。'
    """
    a = max((m.end() for m in _END.finditer(text, 0, start)), default=0)
    m = _END.search(text, end)
    b = m.end() if m else len(text)
    return text[max(a, start - MAX_SENTENCE):start] + text[end:min(b, end + MAX_SENTENCE)]


def anchor_texts(session: Session, entries: list[Entry]) -> list[str]:
    """One anchor text per entry ("" for an article no other norm cites)."""
    by_article: dict[tuple[str, str], dict[str, list[str]]] = {}
    for work, vid, pid, _citing, start, end, text in session.execute(_ROWS, {"state": RESOLVED}):
        pieces = by_article.setdefault((work, article_of(pid)), {}).setdefault(vid, [])
        piece = sentence(text or "", start, end).strip()
        if piece and piece not in pieces and len(pieces) < MAX_ANCHORS:
            pieces.append(piece)
    out = [""] * len(entries)
    if not by_article:
        return out
    work_of = dict(session.execute(_WORKS).all())
    groups: dict[tuple[str, str], list[int]] = {}
    for n, e in enumerate(entries):
        key = (work_of.get(e.version_id, ""), e.pid)
        if key in by_article:
            groups.setdefault(key, []).append(n)
    for key, members in groups.items():
        cited = by_article[key]
        by_text: dict[str, list[str]] = {}
        for n in members:
            for piece in cited.get(entries[n].version_id, ()):
                got = by_text.setdefault(entries[n].text, [])
                if piece not in got and len(got) < MAX_ANCHORS:
                    got.append(piece)
        for n in members:
            out[n] = "\n".join(by_text.get(entries[n].text, ()))
    return out
