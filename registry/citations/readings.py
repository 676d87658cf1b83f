"""Readings of a cited provision a person would try: where a pid is filed, the article named before.

`locate` finds the stored pid a cited one means (an item under whichever 款
lists it; a 修正案's sections 一、二、 as 第N条, their quoted 款 inside them);
`carried_target` reads a bare 第X条 or 第二款 against the article the citation
before it named. Pure functions of pids: `registry.citations.resolve` calls them.
"""

from __future__ import annotations

import re

from registry.citations.records import Citation


def locate(pid: str, pids: set[str]) -> str | None:
    """The stored pid a cited one means.

    第十条第（三）项 is filed under whichever 款 lists it; in a text numbered
    一、二、 instead of 条 (a 刑法修正案), 第三条 is its section 三、, and a 款 or 项
    of it the section does not store apart is one of the 款 of the article it
    quotes (十二、…增加一条：“…” “…”): the section is what is cited.

    >>> locate("art_12__para_2", {"sec_12", "sec_12__para_1", "sec_13"})
    'sec_12'
    >>> locate("art_12__para_2", {"art_12", "art_12__para_1"}) is None
    True
    """
    if pid in pids:
        return pid
    mm = re.fullmatch(r"(art_[\d-]+)__para_1__(item_\d+)", pid)
    if mm:
        hits = [p for p in pids if p.startswith(mm.group(1) + "__para_") and p.endswith("__" + mm.group(2))
                and p.count("__") == 2]
        if len(hits) == 1:
            return hits[0]
    mm = re.fullmatch(r"art_(\d+)((?:__para_\d+)?)((?:__item_\d+)?)", pid)
    if mm and not any(p.startswith("art_") for p in pids):
        sec = f"sec_{mm.group(1)}"
        for candidate in (sec + mm.group(2) + mm.group(3), sec + mm.group(2), sec):
            if candidate in pids:
                return candidate
    return None


def carried_target(c: Citation, prev: Citation | None) -> tuple[str, str] | None:
    """What `c` means read against the article `prev` named: (pid, end pid), or None.

    A bare 第X条 carries over only to another norm (within its own norm the
    plain reading already failed); a bare 第二款 / 第一项 (not 前款, not 本条)
    hangs under the article, or the 款, named before it.
    """
    if prev is None or not prev.resolved_version_id:
        return None
    anchor = prev.resolved_pid or prev.target_pid
    if not anchor.startswith("art_"):
        return None
    if c.kind == "self":
        if prev.resolved_work_id == c.work_id or not c.target_pid.startswith("art_"):
            return None
        return c.target_pid, c.target_end_pid
    if c.kind != "relative" or not c.raw.startswith("第") or "条" in c.raw:
        return None
    return _reanchor(c.target_pid, anchor, c.raw), _reanchor(c.target_end_pid, anchor, c.raw)


def _reanchor(pid: str, anchor: str, raw: str) -> str:
    """art_50__para_2 + anchor art_31 -> art_31__para_2; an item alone hangs under the anchor's 款."""
    if not pid:
        return ""
    tail = pid.split("__", 1)[1] if "__" in pid else pid
    parts = anchor.split("__")
    if "款" in raw or not tail.startswith("para_") or "__item_" not in tail:
        return f"{parts[0]}__{tail}"
    para = parts[1] if len(parts) > 1 and parts[1].startswith("para_") else "para_1"
    return f"{parts[0]}__{para}__{tail.rsplit('__', 1)[1]}"
