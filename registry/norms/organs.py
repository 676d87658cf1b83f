"""Organ reorganisations (机构改革): which organs no longer existed on a date, and where a text names them.

Reads registry/norms/data/organ_changes.csv (one row per dissolved or renamed organ, each
with the act that did it) and provision texts; writes `OrganMention`s. National
organs match by exact name (国土资源部); local ones by suffix after a place name
(浙江省国土资源厅, 各省、自治区、直辖市国土资源厅): local reforms finished on
different days, so those rows carry the deadline by which all had (2019-03-31).

What is flagged: a mention of an organ gone on or before `on`, in the norm's own
words. What is not, by default: 原国土资源部 (the drafter already calls it the
former organ: history, not a duty), names inside a cited title or a 文号
(《国土资源部关于…》, 国土资源部令第39号: a reference to a document, which the
citation checks cover), and names the successor still uses outwardly
(国家海洋局, 对外保留牌子). Each can be asked for with a flag.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from importlib.resources import files
from typing import Protocol

from registry.norms.lifecycle_facts import OrganChange, OrganMention

_PLACE_END = "省市区县州盟旗"
_LEADING = "由经向对在和与及、会同报送按照据依各"  # words before a place name that are not part of it
# A longer name that holds an old one without being it (城乡建设环境保护部 holds 环境保护部)
_CONTAINERS = ("住房和城乡建设部", "城乡建设环境保护部", "城乡建设部")
# 农业部门, 文化部分, 交通部署: 部 that is not the end of an organ's name
_NOT_AFTER = "门署分位件队落属"
# 1987年12月1日国家旅游局发布的《…》: the organ as the issuer of a cited document, not given a duty
_ISSUED_BY = re.compile(r"(?:、[^，。；《]{1,40}?)?(?:于?\d{4}年\d{1,2}月\d{1,2}日)?(?:发布|公布|颁布|制定|印发|批准|颁发)(?:的|施行的)?《")


@lru_cache(maxsize=1)
def organ_changes() -> tuple[OrganChange, ...]:
    """Every row of the data file, oldest first."""
    text = files("registry.norms").joinpath("data/organ_changes.csv").read_text(encoding="utf-8")
    rows = [OrganChange(old=r["old"], new=r["new"], on=date.fromisoformat(r["on"]), kind=r["kind"],
                        match=r["match"], source=r["source"], kept_name=r["kept_name"] == "yes",
                        note=r.get("note", "") or "")
            for r in csv.DictReader(text.splitlines())]
    return tuple(sorted(rows, key=lambda r: (r.on, r.old)))


def successor(name: str, on: date) -> str:
    """The organ that carried `name`'s duties on `on`, following renames in turn.

    >>> successor("国家土地管理局", date(2010, 1, 1)), successor("国家土地管理局", date(2020, 1, 1))
    ('国土资源部', '自然资源部')
    """
    by_old = {c.old: c for c in organ_changes() if c.match == "exact"}
    seen = set()
    while name in by_old and by_old[name].on <= on and name not in seen:
        seen.add(name)
        name = by_old[name].new
    return name


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # longest names first, so 国家食品药品监督管理总局 wins over 食品药品监督管理局
    names = sorted({c.old for c in organ_changes()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


@lru_cache(maxsize=1)
def _by_old() -> dict[str, list[OrganChange]]:
    by_old: dict[str, list[OrganChange]] = {}
    for c in organ_changes():
        by_old.setdefault(c.old, []).append(c)
    return by_old


def _in_reference(text: str, start: int, end: int) -> bool:
    open_titles = text.count("《", 0, start) - text.count("》", 0, start)
    return (open_titles > 0 or text.startswith("令", end) or bool(re.match(r"[〔\[［(（]\d{4}", text[end:end + 6]))
            or bool(_ISSUED_BY.match(text, end)))


def find_in_text(text: str, on: date, pid: str = "", *, include_historical: bool = False,
                 include_references: bool = False, include_kept: bool = False) -> list[OrganMention]:
    """Mentions in one text of organs that no longer existed on `on`.

    >>> [(m.name, m.change.new) for m in find_in_text("由国土资源部会同有关部门制定。", date(2020, 1, 1))]
    [('国土资源部', '自然资源部')]
    >>> find_in_text("由国土资源部会同有关部门制定。", date(2017, 1, 1)), find_in_text("县级以上农业部门", date(2020, 1, 1))
    ([], [])
    """
    by_old = _by_old()
    out: list[OrganMention] = []
    for m in _pattern().finditer(text):
        s, e = m.start(), m.end()
        if text[e:e + 1] and text[e] in _NOT_AFTER and m.group(0).endswith("部"):
            continue
        if any(c in text[max(0, s - 8):e + 8] and _covers(text, s, e, c) for c in _CONTAINERS):
            continue
        for change in by_old[m.group(0)]:
            name_start = s
            if change.match == "local":
                place = re.search(rf"[\u4e00-\u9fff]{{0,12}}[{_PLACE_END}]$", text[max(0, s - 13):s])
                if not place:
                    continue
                name_start = s - len(place.group(0).lstrip(_LEADING))
            if change.on > on or (change.kept_name and not include_kept):
                continue
            historical = text[max(0, name_start - 1):name_start] in ("原", "前")
            ref = _in_reference(text, s, e)
            if (historical and not include_historical) or (ref and not include_references):
                continue
            out.append(OrganMention(pid=pid, name=text[name_start:e], start=name_start, change=change,
                                    historical=historical, in_reference=ref,
                                    current=successor(change.new, on) if change.match == "exact" else change.new))
            break
    return out


def _covers(text: str, s: int, e: int, container: str) -> bool:
    lo = max(0, s - len(container))
    at = text.find(container, lo, e + len(container))
    return at != -1 and at <= s and at + len(container) >= e


class ProvisionLike(Protocol):
    pid: str
    kind: str
    parent: str
    text: str


def find_stale_organs(provisions: Sequence[ProvisionLike], preamble: str, on: date,
                      **flags: bool) -> list[OrganMention]:
    """Mentions, in a document's preamble and leaf provisions, of organs gone by `on` (see `find_in_text`).

    Leaves only: a parent's text repeats its children's, and a mention is reported once.
    """
    parents = {p.parent for p in provisions if p.parent}
    texts: Iterable[tuple[str, str]] = [("", preamble)] + [
        (p.pid, p.text) for p in provisions
        if p.pid not in parents and p.kind not in ("book", "subbook", "chapter", "section")]
    out: list[OrganMention] = []
    for pid, text in texts:
        if text:
            out.extend(find_in_text(text, on, pid, **flags))
    return out
