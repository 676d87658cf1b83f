"""规范性 evidence: structural defects of one version, read from its provisions and citations.

Reads the version's `Provision` rows (ids and numbers the parser gave) and its `Citation` rows;
writes nothing. Three checks, each giving defects or one "nothing found" item:
- numbering gaps: 条 across the whole norm (第十条之一 may follow 第十条), and 章/节/款/项/目
  within their parent, each must run on by one from 1;
- internal references to provisions that do not exist (本法第X条, 前款, 本条第X项 that the
  resolver could not find in the norm itself);
- abbreviations used without definition: a norm cited by a name other than its full title
  (《土地管理法》) with no “以下简称《土地管理法》” anywhere in the text.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlmodel import Session

from registry.citations.records import RESOLVED, Citation
from registry.core.ids import sort_key
from registry.core.numerals import int_to_cn
from registry.evaluation.items import EvidenceItem
from registry.norms import models as m
from registry.norms import store

NESTED = ("chapter", "section", "paragraph", "item", "subitem")
NAMES = {"chapter": "章", "section": "节", "paragraph": "款", "item": "项", "subitem": "目"}
ARTICLE = re.compile(r"^art_(\d+)(?:-(\d+))?$")
DEFINED = re.compile(r"以下简称[“\"《〈]?([^”\"》〉）)，。]+)")
INTERNAL = ("self", "relative")


def label(pid: str) -> str:
    """A provision id in words: art_47__para_2__item_3 -> 第四十七条第二款第（三）项.

    >>> label("art_47__para_2__item_3"), label("art_10-1"), label("")
    ('第四十七条第二款第（三）项', '第十条之一', '序言')
    """
    if not pid:
        return "序言"
    out = []
    for part in pid.split("__"):
        kind, _, num = part.partition("_")
        main, _, sub = num.partition("-")
        if not main.isdigit():
            out.append(part)
            continue
        cn = int_to_cn(int(main))
        out.append({"art": f"第{cn}条" + (f"之{int_to_cn(int(sub))}" if sub else ""), "para": f"第{cn}款",
                    "item": f"第（{cn}）项", "chp": f"第{cn}章", "sec": f"第{cn}节", "point": f"第{main}目"}
                   .get(kind, part))
    return "".join(out)


def _num(p: m.Provision) -> int | None:
    return int(p.num) if p.num.isdigit() else None


def numbering_gaps(provisions: list[m.Provision]) -> list[EvidenceItem]:
    items = []
    prev = 0
    for p in provisions:
        mm = ARTICLE.match(p.pid) if p.kind == "article" else None
        if not mm:
            continue
        n, sub = int(mm.group(1)), mm.group(2)
        expected = prev if sub else prev + 1
        if n != expected:
            what = f"缺第{int_to_cn(prev + 1)}条" if n > prev + 1 else "编号重复或倒序"
            items.append(EvidenceItem("规范性", "numbering_gap",
                                      f"条文编号不连续：第{int_to_cn(prev)}条之后为{p.label}（{what}）。", False,
                                      p.pid, "", {"level": "条", "after": prev, "found": n}))
        prev = max(prev, n)
    children: dict[tuple[str, str], list[m.Provision]] = defaultdict(list)
    for p in provisions:
        if p.kind in NESTED:
            children[(p.parent, p.kind)].append(p)
    for (parent, kind), rows in children.items():
        for i, p in enumerate(rows, start=1):
            n = _num(p)
            if n is not None and n != i:
                where = label(parent) if parent else "全文"
                items.append(EvidenceItem("规范性", "numbering_gap",
                                          f"{where}的{NAMES[kind]}编号不连续：第{i}个{NAMES[kind]}编为{p.label}。", False,
                                          p.pid, "", {"level": NAMES[kind], "expected": i, "found": n}))
                break  # one defect per list: the rest follows from it
    if not items:
        count = sum(1 for p in provisions if p.kind == "article")
        items.append(EvidenceItem("规范性", "numbering_ok", f"条、款、项编号连续（共{count}条）。", True))
    return items


def internal_refs(citations: list[Citation], work_id: str) -> list[EvidenceItem]:
    items = []
    for c in citations:
        internal = c.kind in INTERNAL or (c.resolved_work_id == work_id and c.kind in ("cites", "self"))
        if internal and c.state != RESOLVED:
            items.append(EvidenceItem("规范性", "internal_ref_missing",
                                      f"{label(c.source_pid)}引用“{c.raw}”，但本规范中没有该条文。", False,
                                      c.source_pid, "", {"raw": c.raw, "target_pid": c.target_pid, "reason": c.reason}))
    if not items:
        n = sum(1 for c in citations if c.kind in INTERNAL)
        items.append(EvidenceItem("规范性", "internal_refs_ok", f"内部引用（{n}处）均指向本规范中存在的条文。", True))
    return items


def abbreviations(session: Session, version: m.Version, provisions: list[m.Provision],
                  citations: list[Citation]) -> list[EvidenceItem]:
    texts = [version.preamble] + [p.text for p in provisions if p.kind in ("article", "paragraph")]
    defined = {d.strip() for t in texts for d in DEFINED.findall(t or "")}
    items, seen = [], set()
    for c in sorted(citations, key=lambda c: (sort_key(c.source_pid) if c.source_pid else (), c.start)):
        if c.kind not in ("cites", "basis") or not c.target_title or not c.resolved_work_id:
            continue
        work = session.get(m.Work, c.resolved_work_id)
        full = work.title if work else ""
        if c.target_title in (full, "") or c.target_title in defined or c.target_title in seen:
            continue
        seen.add(c.target_title)
        items.append(EvidenceItem("规范性", "undefined_abbreviation",
                                  f"{label(c.source_pid)}使用简称《{c.target_title}》，全文未以“以下简称”作出定义（全称《{full}》）。",
                                  False, c.source_pid, c.resolved_work_id, {"short": c.target_title, "full": full}))
    if not items:
        items.append(EvidenceItem("规范性", "abbreviations_ok",
                                  "所用简称均已定义" + (f"（{'、'.join(sorted(defined))}）。" if defined else "。"), True))
    return items


def defects(session: Session, version: m.Version, citations: list[Citation]) -> list[EvidenceItem]:
    provisions = store.provisions_of(session, version.id)
    return (numbering_gaps(provisions) + internal_refs(citations, version.work_id)
            + abbreviations(session, version, provisions, citations))
