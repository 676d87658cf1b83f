"""可操作性 evidence: the delegations a version makes and whether the delegated norm is in the store.

Reads the version's paragraphs and items, the stored work titles and 制定依据 citations; writes
nothing. A delegation is a clause that leaves the rules to another organ:
- “X由Y(另行)制定/规定/拟定” (具体办法由省、自治区、直辖市制定; 合同示范文本由国务院自然资源主管部门制定);
- “Y(会同…)制定X” where X is a kind of norm (办法, 细则, 标准, 规程, 规范, 目录, 示范文本).
The delegated norm is looked up by title (a stored work whose title contains X), and for a
generic X (具体办法, 实施细则 …) by basis: a stored norm whose 制定依据 is this one. A miss means
the store holds no such norm, not that none was made: the text says so.
"""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from registry.citations.records import Citation
from registry.evaluation.items import EvidenceItem
from registry.evaluation.structure import label
from registry.norms import models as m
from registry.norms import store

NORM = r"(?:办法|细则|标准|规程|规范|目录|示范文本|步骤|规定)"
BY = re.compile(r"(?P<thing>[^，。；：]{1,40}?)由(?P<organ>[^，。；：]{2,40}?)(?:另行|统一)?(?P<verb>制定|规定|拟定)(?=[，。；]|$)")
MAKES = re.compile(r"(?P<organ>[^，。；：]{0,40}?)(?:应当|负责)?(?:会同有关部门)?制定(?:并公布)?"
                   rf"(?P<thing>[^，。；：制]{{1,30}}?{NORM})(?=[，。；]|$)")
HAS_NORM = re.compile(NORM)
LEAD = re.compile(r"^(?:其|该|相关|有关|前款规定的|本条规定的)")
SUBJECT = re.compile(r"^(?P<organ>[^，。；：]{2,30}?)(?:应当|负责|可以)")
GENERIC = {"办法", "具体办法", "实施办法", "管理办法", "细则", "实施细则", "标准", "具体标准", "规定", "具体规定", "步骤"}


def clauses(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", text) if s.strip()]


def find(text: str) -> list[tuple[str, str]]:
    """(delegated thing, organ, verb) triples in one provision's text.

    >>> find("具体办法由省、自治区、直辖市制定。")
    [('具体办法', '省、自治区、直辖市', '制定')]
    >>> find("国务院自然资源主管部门会同有关部门制定土地等级评定标准。")
    [('土地等级评定标准', '国务院自然资源主管部门', '制定')]
    >>> find("具体办法和耕地保护补偿实施步骤由国务院自然资源主管部门会同有关部门规定。")[1]
    ('耕地保护补偿实施步骤', '国务院自然资源主管部门会同有关部门', '规定')
    >>> find("省、自治区、直辖市应当制定公布区片综合地价，并制定土地补偿费、安置补助费分配办法。")
    [('土地补偿费、安置补助费分配办法', '省、自治区、直辖市', '制定')]
    >>> find("县级人民政府应当制定土地整理方案，促进耕地保护。")
    []
    """
    out = []
    for sentence in re.split(r"(?<=。)", text):
        subject = SUBJECT.match(sentence.strip())
        for clause in clauses(sentence):
            for mm in BY.finditer(clause):
                thing = mm.group("thing").strip()
                if HAS_NORM.search(thing) and not thing.startswith(("依照", "按照", "依据", "根据")):
                    out += [(t, mm.group("organ").strip(), mm.group("verb")) for t in _parts(thing)]
            for mm in MAKES.finditer(clause):
                organ = re.sub(r"(应当|负责|会同有关部门|并)$", "", mm.group("organ").strip()).strip("，")
                if not organ and subject:
                    organ = subject.group("organ")
                thing = mm.group("thing").strip()
                if not thing.startswith("本"):
                    out += [(t, organ or "（未写明）", "制定") for t in _parts(thing)]
    return out


def _parts(thing: str) -> list[str]:
    """具体办法和耕地保护补偿实施步骤 -> both; 土地补偿费、安置补助费分配办法 stays whole (一个规范)."""
    thing = LEAD.sub("", thing)
    parts = [LEAD.sub("", p) for p in re.split(r"和|以及|及", thing) if p]
    return parts if len(parts) > 1 and all(HAS_NORM.search(p) for p in parts) else [thing]


def _subject(title: str) -> str:
    """中华人民共和国土地管理法实施条例 -> 土地管理 (the matter a generic 办法 would be titled after)."""
    t = re.sub(r"^中华人民共和国", "", title)
    return re.sub(r"(法实施条例|实施条例|实施细则|条例|法|规定|办法)$", "", t)


def _by_title(session: Session, thing: str, own: str) -> list[m.Work]:
    key = re.sub(r"(示范文本)$", "", thing)
    rows = session.exec(select(m.Work).where(col(m.Work.title).contains(key))).all()
    return [w for w in rows if w.id != own]


def _by_basis(session: Session, version: m.Version) -> list[m.Work]:
    ids = {c.work_id for c in session.exec(select(Citation).where(
        Citation.kind == "basis", Citation.resolved_work_id == version.work_id)).all() if c.work_id != version.work_id}
    return [w for w in (session.get(m.Work, i) for i in sorted(ids)) if w]


def found(session: Session, version: m.Version) -> list[EvidenceItem]:
    items, seen = [], set()
    work = session.get(m.Work, version.work_id)
    for p in store.provisions_of(session, version.id, ("paragraph", "item")):
        for thing, organ, verb in find(p.text):
            article = p.pid.split("__")[0]
            if (article, thing) in seen:
                continue
            seen.add((article, thing))
            generic = thing in GENERIC
            hits = _by_basis(session, version) if generic else _by_title(session, thing, version.work_id)
            how = "以本规范为制定依据" if generic else "标题含该名称"
            where = label(p.pid)
            if hits:
                names = "、".join(f"《{w.title}》" for w in hits[:5])
                items.append(EvidenceItem("可操作性", "delegation_found",
                                          f"{where}规定{thing}由{organ}{verb}；库中有{how}的规范：{names}。", True,
                                          p.pid, hits[0].id, {"thing": thing, "organ": organ, "found": [w.id for w in hits],
                                                              "match": "basis" if generic else "title"}))
            else:
                looked = (f"以《{work.title if work else version.title}》为制定依据的规范" if generic
                          else f"标题含“{thing}”的规范")
                items.append(EvidenceItem("可操作性", "delegation_missing",
                                          f"{where}规定{thing}由{organ}{verb}；库中未找到{looked}。", False, p.pid, "",
                                          {"thing": thing, "organ": organ, "subject": _subject(work.title if work else "")}))
    return items
