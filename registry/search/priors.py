"""Priors for ranked search, per index entry, read from the store when a snapshot loads.

Cited: how many other norms cite an article (the `citation` table: resolved
citations of one norm by another; a norm citing itself, 本法第X条, is not
counted). An article many norms implement or apply (刑法 第二百六十四条, 民法典
第五百八十五条) is usually the governing rule for a situation, while the local
rule restating it is cited by no one. A citation names the version in force when
the citing norm was made; it counts for every version of the cited norm whose
article has the same number and the same text (an amended article starts again).
The count is taken as distinct citing works, so one norm citing an article ten
times counts once.

Reads the citation table and the loaded exact index (keys and texts); writes nothing.
The cost is one grouped query and one pass over the entries of cited norms, at snapshot
load, never per query.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from registry.citations.states import RESOLVED
from registry.norms.reading import reading
from registry.search.exact import ExactIndex

# kinds of citation that name another norm's provision (not 本法/本条: self, relative)
_CITED = ("SELECT DISTINCT resolved_work_id, resolved_version_id, resolved_pid, work_id FROM citation "
          "WHERE state = :state AND kind IN ('cites', 'basis') AND resolved_pid != '' AND resolved_work_id != work_id")


def article_of(pid: str) -> str:
    """The article a provision belongs to (art_47__para_2 -> art_47).

    >>> article_of("art_47__para_2__item_3"), article_of("art_10-1")
    ('art_47', 'art_10-1')
    """
    return pid.split("__", 1)[0]


def cited_counts(session: Any, exact: ExactIndex, work_of_version: dict[str, str]) -> np.ndarray:
    """Distinct citing norms per entry (float32, one per global entry number); `session`: an ORM
    session or any `registry.norms.reading.Reading`."""
    out = np.zeros(exact.size, dtype=np.float32)
    rows = reading(session).execute(_CITED, {"state": RESOLVED})
    if not rows or not exact.size:
        return out
    # (work, article) -> cited version -> citing works; the text decides which versions share them
    by_article: dict[tuple[str, str], dict[str, set[str]]] = {}
    for work, vid, pid, citing in rows:
        by_article.setdefault((work, article_of(pid)), {}).setdefault(vid, set()).add(citing)
    cited_works = {work for work, _ in by_article}
    texts: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for seg, base in zip(exact.segments, exact.bases):
        # only the entries of cited norms' versions are looked at (a quarter of the corpus)
        works = [work_of_version.get(vid, "") for vid in seg.versions]
        wanted = np.fromiter((w in cited_works for w in works), dtype=bool, count=len(works))
        local_ids = np.flatnonzero(wanted[seg.entry_version])
        for local, v in zip(local_ids.tolist(), seg.entry_version[local_ids].tolist()):
            key = (works[v], seg.pids[local])
            if key in by_article:
                texts.setdefault(key, []).append((seg.versions[v], base + local))
    for key, entries in texts.items():
        cited_versions = by_article[key]
        citing_by_text: dict[str, set[str]] = {}
        for vid, gid in entries:
            if vid in cited_versions:
                citing_by_text.setdefault(exact.text(gid), set()).update(cited_versions[vid])
        for _, gid in entries:
            out[gid] = len(citing_by_text.get(exact.text(gid), ()))
    return out
