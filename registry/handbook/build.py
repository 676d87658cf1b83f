"""The handbook of one matter on one date, read from the store.

Reads every work's version in force on the date (`registry.norms.lifecycle`), its articles that
name the matter, and the resolved citations of those articles (`registry.citations`); writes
nothing. A citation resolved against an older text of the cited norm is carried to the article's
number in the text in force on the date (`registry.comparison.versions`: 2004 第七十六条 is 2019
第七十七条). Search is a scan of the in-force articles: the matter's phrases are exact strings.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from registry.citations.records import Citation
from registry.comparison.versions import ChangeCache
from registry.core.errors import NotFound
from registry.core.ids import pid_label
from registry.core.levels import LEVELS
from registry.norms import lifecycle, store
from registry.norms import models as m
from registry.review.numbers import quantities

TOPICS: dict[str, tuple[str, ...]] = {
    "非法占用土地": ("非法占用土地",),
    "违法采矿": ("擅自采矿", "非法采矿", "越界采矿", "无证采矿", "违法采矿"),
    "临时用地": ("临时用地", "临时使用土地", "临时使用的土地"),
}
_PENALTY = re.compile(r"罚款|没收|责令|吊销|处分|刑事责任|处罚")
_PROHIBIT = re.compile(r"禁止|不得|严禁")
_PROCEDURE = re.compile(r"申请|批准|审批|报送|程序|期限|期满|公告|听证|立案|调查")


def _roles(text: str) -> list[str]:
    roles = [name for name, rx in (("罚则", _PENALTY), ("禁止性规定", _PROHIBIT), ("程序", _PROCEDURE)) if rx.search(text)]
    return roles or ["相关规定"]


def build(session: Session, topic: str, day: date, level: str | None = None, organ: str | None = None) -> dict[str, Any]:
    terms = TOPICS.get(topic, (topic,))
    if not topic.strip():
        raise NotFound("请给出执法事项（如 非法占用土地、违法采矿、临时用地）")
    versions, events = store.all_versions_by_work(session), store.all_events_by_work(session)
    changes = ChangeCache(session)
    norms = []
    for work in store.all_works(session, level):
        if organ and organ not in (work.organ or ""):
            continue
        st = lifecycle.status_on(versions.get(work.id, []), events.get(work.id, []), day)
        if st.status not in (lifecycle.IN_FORCE, lifecycle.PARTIAL) or st.span is None:
            continue
        v = st.span.version
        articles = [p for p in store.provisions_of(session, v.id, ("article",)) if any(t in p.text for t in terms)]
        if not articles:
            continue
        cites = session.exec(select(Citation).where(Citation.version_id == v.id,
                                                    col(Citation.kind).in_(("cites", "basis")))).all()
        entries = []
        for p in articles:
            implements = []
            for c in cites:
                if not (c.source_pid == p.pid or c.source_pid.startswith(p.pid + "__")) or not c.resolved_pid:
                    continue
                implements.append(_implemented(session, changes, c, versions, events, day))
            amounts = [{"kind": k, "value": v_} for k, v_ in quantities(p.text) if k == "罚款数额"]
            entries.append({"pid": p.pid, "label": p.label, "text": p.text, "roles": _roles(p.text),
                            "citation": f"《{work.title}》（{v.version_date.isoformat()}）{p.label}",
                            "amounts": amounts, "implements": [i for i in implements if i]})
        norms.append({"work_id": work.id, "title": work.title, "level": work.level, "version_id": v.id,
                      "version_date": v.version_date.isoformat(), "effective": (v.effective or v.version_date).isoformat(),
                      "provisions": entries})
    rank = {name: i for i, name in enumerate(LEVELS)}
    norms.sort(key=lambda n: (rank.get(n["level"], len(LEVELS)), n["title"]))
    return {"topic": topic, "at": day.isoformat(), "terms": list(terms), "norms": norms}


def _implemented(session: Session, changes: ChangeCache, c: Citation, versions, events, day: date) -> dict[str, Any] | None:
    """The higher provision a citation names, as numbered in the text in force on `day`."""
    work = session.get(m.Work, c.resolved_work_id)
    if work is None:
        return None
    st = lifecycle.status_on(versions.get(work.id, []), events.get(work.id, []), day)
    now = st.span.version if st.span else None
    article = c.resolved_pid.split("__")[0]
    pid = article
    if now is not None and now.id != c.resolved_version_id and c.resolved_version_id:
        moved = changes.changes(c.resolved_version_id, now.id).get(article)
        pid = moved.new_pid if moved and moved.new_pid else article
    return {"work_id": work.id, "title": work.title, "pid": pid, "label": pid_label(pid),
            "version_date": now.version_date.isoformat() if now else "", "raw": c.raw}
