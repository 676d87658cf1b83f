"""Page models for the web pages: library results reshaped for templates, nothing decided here.

Why a module of its own: the templates need shapes the JSON views do not give
(a table of contents, article paragraphs, counts for the home page, the CSS
class of a 时效性 badge), and keeping that reshaping out of the route bodies
lets the routes stay one call to the library plus one call here. Every value
shown comes from `registry.norms.views` / `registry.norms.store`; nothing is recomputed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session

from registry.core.levels import LEVELS
from registry.norms import lifecycle, store
from registry.norms import models as m
from registry.norms.drafts import STRUCTURE_KINDS

# Badge colour per 时效性 (CSS classes in static/lexreg.css): green in force,
# grey superseded, red ended, blue not yet in force, amber partly ended.
STATUS_CLASS = {
    lifecycle.IN_FORCE: "st-ok", lifecycle.AMENDED: "st-old", lifecycle.REPEALED: "st-end",
    lifecycle.EXPIRED: "st-end", lifecycle.PENDING: "st-pending", lifecycle.PARTIAL: "st-partial",
    lifecycle.NOT_YET_PUBLISHED: "st-pending",
}
OUTLINE_KINDS = STRUCTURE_KINDS + ("part",)  # 编 分编 章 节, and the parts of a split norm (民法典)


def url(path: str, **params: Any) -> str:
    """A link with its query string; empty parameters are left out so links stay short."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(kept) if kept else "")


def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "st-old")


# --------------------------------------------------------------------------- home and list

def counts(rows: list[dict]) -> dict[str, Any]:
    """Works per 效力位阶 (in rank order) and per 时效性, for the home page."""
    by_level = Counter(r["level"] for r in rows)
    by_status = Counter(r["status"] for r in rows)
    level_order = [lv for lv in LEVELS if lv in by_level] + sorted(set(by_level) - set(LEVELS))
    status_order = [st for st in lifecycle.STATUSES if st in by_status] + sorted(set(by_status) - set(lifecycle.STATUSES))
    return {"total": len(rows), "levels": [(lv, by_level[lv]) for lv in level_order],
            "statuses": [(st, by_status[st]) for st in status_order]}


def organs(rows: list[dict]) -> list[str]:
    return sorted({r["organ"] for r in rows if r["organ"]})


def narrow(rows: list[dict], organ: str | None, q: str | None) -> list[dict]:
    """The list filters views.list_works does not take: 制定机关 and words of the title.

    A title filter is a convenience for finding a work by name; full-text
    search is `registry.search`'s job.
    """
    words = (q or "").split()
    return [r for r in rows
            if (not organ or r["organ"] == organ)
            and all(w in r["title"] or w in r["short_title"] or w in (r["doc_number"] or "") for w in words)]


PER_PAGE = 50


def paginate(rows: list[dict], page: int, per: int | None = None) -> tuple[list[dict], dict[str, int]]:
    """One page of a list and where it is: (rows, {page, pages, first, last, total}).

    >>> rows, pager = paginate([{"n": i} for i in range(120)], 3)
    >>> len(rows), pager["page"], pager["pages"], pager["first"], pager["last"]
    (20, 3, 3, 101, 120)
    """
    per = per or PER_PAGE
    pages = max(1, -(-len(rows) // per))
    page = min(max(1, page), pages)
    start = (page - 1) * per
    shown = rows[start:start + per]
    return shown, {"page": page, "pages": pages, "total": len(rows), "first": start + 1 if shown else 0,
                   "last": start + len(shown)}


def organ_cell(organ: str) -> tuple[str, str]:
    """(what the 制定机关 cell shows, the full list for its tooltip): a joint document's
    several organs read as the first one 等N个机关.

    >>> organ_cell("国土资源部、财政部、农业部")
    ('国土资源部等3个机关', '国土资源部、财政部、农业部')
    >>> organ_cell("国务院")
    ('国务院', '')
    """
    names = [n for n in re.split(r"[、，,；;\s]+", organ or "") if n]
    if len(names) <= 1:
        return organ or "—", ""
    return f"{names[0]}等{len(names)}个机关", "、".join(names)


def sort_rows(rows: list[dict]) -> list[dict]:
    """By rank (法律 before 规章), then newest version first, as the 国家法律法规数据库 lists them."""
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    by_date = sorted(rows, key=lambda r: r["version_date"] or "", reverse=True)
    return sorted(by_date, key=lambda r: rank.get(r["level"], len(rank)))


# --------------------------------------------------------------------------- one work

@dataclass
class TocEntry:
    pid: str
    label: str
    heading: str
    depth: int
    first: str = ""  # label of the first article under it
    last: str = ""


@dataclass
class Block:
    """One row of the text: a heading (章/节) or an article with its paragraphs."""

    kind: str  # heading | article
    pid: str
    label: str
    heading: str = ""
    depth: int = 0
    paragraphs: list[str] = field(default_factory=list)


def _depth(kind: str) -> int:
    return {"part": 0, "book": 0, "subbook": 1, "chapter": 2, "section": 3}.get(kind, 2)


def outline(structure: list[m.Provision], articles: list[dict],
            parents: dict[str, str]) -> tuple[list[Block], list[TocEntry]]:
    """Interleave 编/章/节 headings with the articles under them, and the table of contents.

    `parents` maps a pid to its parent pid (the provision tree). A heading is
    placed before the first article whose parent chain reaches it, so the order
    is the text's own; a heading with no article under it (rare: a part with
    only a 序言) is still listed at the end rather than dropped.
    """
    nodes = {p.pid: p for p in structure}
    blocks: list[Block] = []
    toc: dict[str, TocEntry] = {}
    for a in articles:
        chain = []
        node = nodes.get(parents.get(a["id"], ""))
        while node is not None and node.pid not in {c.pid for c in chain}:
            chain.append(node)
            node = nodes.get(node.parent)
        for node in reversed(chain):
            entry = toc.get(node.pid)
            if entry is None:
                entry = toc[node.pid] = TocEntry(node.pid, node.label, node.heading, _depth(node.kind), a["label"])
                blocks.append(Block("heading", node.pid, node.label, node.heading, entry.depth))
            entry.last = a["label"]
        blocks.append(article_block(a))
    for p in structure:
        if p.pid not in toc:
            toc[p.pid] = TocEntry(p.pid, p.label, p.heading, _depth(p.kind))
            blocks.append(Block("heading", p.pid, p.label, p.heading, _depth(p.kind)))
    return blocks, list(toc.values())


def article_block(a: dict) -> Block:
    """An article's paragraphs; a unit whose text repeats its own label and heading
    (a notice's "一、……" section) keeps them once, as its heading line."""
    paragraphs = body_paragraphs(a["text"])
    heading = a.get("heading", "")
    if paragraphs and paragraphs[0].replace(" ", "") == (a["label"] + heading).replace(" ", ""):
        paragraphs = paragraphs[1:]
    elif paragraphs and paragraphs[0].startswith(a["label"]):
        paragraphs[0] = paragraphs[0][len(a["label"]):].lstrip()
    return Block("article", a["id"], a["label"], heading, paragraphs=paragraphs)


def body_paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def work_page(session: Session, shown: dict[str, Any], hist: dict[str, Any]) -> dict[str, Any]:
    """What the text page shows beyond `views.show`: outline, preamble, version links."""
    rows = store.provisions_of(session, shown["version_id"])
    structure = [p for p in rows if p.kind in OUTLINE_KINDS]
    blocks, toc = outline(structure, shown["articles"], {p.pid: p.parent for p in rows})
    version = session.get(m.Version, shown["version_id"])
    pending = next((v for v in hist["versions"] if v["version_date"] == shown["pending_version"]), None)
    return {"blocks": blocks, "toc": toc, "preamble": body_paragraphs(version.preamble if version else ""),
            "versions": hist["versions"], "events": hist["events"], "pending": pending,
            "n_articles": sum(1 for b in blocks if b.kind == "article")}


def timeline(hist: dict[str, Any]) -> list[dict[str, Any]]:
    """Versions and events on one time axis, oldest first; an event of unknown date goes last."""
    items: list[dict[str, Any]] = []
    for v in hist["versions"]:
        items.append({"date": v["version_date"], "type": "version", **v})
    for e in hist["events"]:
        items.append({"date": e["date"], "type": "event", **e})
    known = sorted((i for i in items if i["date"]), key=lambda i: (i["date"], i["type"] == "event"))
    return known + [i for i in items if not i["date"]]


def iso(d: date | None) -> str:
    return d.isoformat() if d else ""


# --------------------------------------------------------------------------- labels shared by the extra pages
