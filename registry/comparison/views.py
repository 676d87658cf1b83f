"""新旧对照 between two versions of a work, and one article's history across all versions.

Articles are paired by where they came from, not by their printed number: a
version derived from a decision knows it exactly (`ArticleSource`); between
any other two versions `registry.comparison.align` pairs them by text, so an inserted
第十条之一 or a renumbering does not shift the rest. Inside a paired article
the changes are given word by word (`registry.comparison.compare`). The shapes returned
here are what the CLI, the API and the Word 对照表 all show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from registry.amendments import records as am
from registry.comparison.align import align_articles
from registry.comparison.compare import ProvisionChange, diff_versions, normalise, render_text, word_changes
from registry.core.errors import NotFound
from registry.core.ids import article_pid, parse_article_ref, pid_label
from registry.core.wording import nested_marks
from registry.norms import flags, lifecycle, store
from registry.norms import models as m

CHANGE_EVENTS = ("修正", "修订")


@dataclass
class WorkDiff:
    work: m.Work
    old: m.Version
    new: m.Version
    rows: list[ProvisionChange]
    decisions: list[str]  # the acts between the two versions (修正/修订 events' 'by' or text)
    to_check: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # new pid -> 待核对 notes (推算文本)

    @property
    def changed(self) -> list[ProvisionChange]:
        return [r for r in self.rows if r.status != "unchanged"]

    @property
    def renumbered_only(self) -> int:
        return sum(1 for r in self.rows if r.status == "unchanged" and r.renumbered)

    def summary(self) -> dict[str, int]:
        out = {k: 0 for k in ("modified", "added", "removed", "unchanged")}
        for r in self.rows:
            out[r.status] += 1
        out["renumbered"] = sum(1 for r in self.rows if r.renumbered)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"work_id": self.work.id, "title": self.work.title,
                "from": {"version_id": self.old.id, "version_date": self.old.version_date.isoformat()},
                "to": {"version_id": self.new.id, "version_date": self.new.version_date.isoformat()},
                "decisions": self.decisions, "summary": self.summary(),
                "derived": bool(self.new.derived_from),
                "rows": [{**r.to_json(), "to_check": self.to_check.get(r.new_pid, [])} for r in self.rows]}

    def render_text(self) -> str:
        s = self.summary()
        head = (f"{self.work.title} 新旧对照  {self.old.version_date} 版本 -> {self.new.version_date} 版本\n"
                + "".join(f"依据 {nested_marks(d)}\n" for d in self.decisions)
                + f"修改 {s['modified']} 条，增加 {s['added']} 条，删去 {s['removed']} 条，未改 {s['unchanged']} 条，"
                  f"条文序号调整 {s['renumbered']} 条")
        if self.new.derived_from:
            head += f"\n推算文本（{self.new.version_date} 版本由修改决定推算）" + (
                f"；待核对 {'、'.join(pid_label(p) for p in sorted(self.to_check))}" if self.to_check else "")
        body = render_text(self.rows)
        return head + ("\n\n" + body if body else "\n\n（两个版本条文相同）")


def article_mapping(session: Session, old: m.Version, new: m.Version, old_arts: list[m.Provision],
                    new_arts: list[m.Provision]) -> dict[str, str]:
    """New pid -> old pid: exact for a version derived from `old`, by text otherwise."""
    if new.derived_from == old.id:
        rows = session.exec(select(am.ArticleSource).where(am.ArticleSource.version_id == new.id)).all()
        if rows:
            return {r.pid: r.source_pid for r in rows if r.source_pid and "__" not in r.source_pid}
    return align_articles(old_arts, new_arts)


def diff_work(session: Session, ref: str, from_day: date, to_day: date, words: bool = True) -> WorkDiff:
    """新旧对照 of the versions `from_day` and `to_day` name (see `lifecycle.version_named`)."""
    work = store.get_work(session, ref)
    versions = store.versions_of(session, work.id)
    old, new = lifecycle.version_named(versions, from_day), lifecycle.version_named(versions, to_day)
    if old.version_date > new.version_date:
        old, new = new, old
    old_arts = store.provisions_of(session, old.id, ("article",))
    new_arts = store.provisions_of(session, new.id, ("article",))
    mapping = article_mapping(session, old, new, old_arts, new_arts)
    rows = diff_versions(old_arts, new_arts, sources=mapping, match=False, words=words)  # type: ignore[arg-type]
    decisions = [e.by or e.text for e in store.events_of(session, work.id)
                 if e.kind in CHANGE_EVENTS and e.date and old.version_date < e.date <= new.version_date]
    return WorkDiff(work, old, new, rows, list(dict.fromkeys(decisions)), flags.flags_of(session, new.id))


def article_history(session: Session, work_ref: str, article: str, day: date | None = None) -> dict[str, Any]:
    """One article through every version: its number and text in each, and what changed.

    `article` is numbered as in the version in force on `day` (default: the
    latest version that has it); earlier and later versions are followed
    through renumbering. Each version row says present (oldest version) /
    added / unchanged / modified / moved (renumbered) / moved+modified /
    removed / absent. Where a version's article of the same number is another
    article (土地管理法 2004 第四十七条, whose successor is the 2019 第四十八条), the row
    also carries it as `same_number`, so the article asked for is never "not there".
    """
    work = store.get_work(session, work_ref)
    versions = store.versions_of(session, work.id)
    if not versions:
        raise NotFound(f"{work.title} has no version stored")
    try:
        pid = article_pid(*parse_article_ref(article))
    except ValueError as exc:
        raise NotFound(str(exc)) from None
    arts = [{p.pid: p for p in store.provisions_of(session, v.id, ("article",))} for v in versions]
    anchor = None
    if day is not None:
        at = lifecycle.version_named(versions, day)
        anchor = next((i for i, v in enumerate(versions) if v.id == at.id and pid in arts[i]), None)
    if anchor is None:
        anchor = next((i for i in range(len(versions) - 1, -1, -1) if pid in arts[i]), None)
    if anchor is None:
        raise NotFound(f"{work.title}: no version has {article}")
    maps = [article_mapping(session, versions[i], versions[i + 1], list(arts[i].values()), list(arts[i + 1].values()))
            for i in range(len(versions) - 1)]
    pids: list[str | None] = [None] * len(versions)
    pids[anchor] = pid
    for i in range(anchor - 1, -1, -1):  # back: what the next version's article came from
        nxt = pids[i + 1]
        pids[i] = maps[i].get(nxt) if nxt else None
    for i in range(anchor + 1, len(versions)):  # forward: what this article became
        prev = pids[i - 1]
        pids[i] = next((n for n, o in maps[i - 1].items() if o == prev), None) if prev else None
    rows = []
    for i, v in enumerate(versions):
        p = arts[i].get(pids[i]) if pids[i] else None
        before = arts[i - 1].get(pids[i - 1]) if i and pids[i - 1] else None
        row = _history_row(v, p, before, seen_version=i > 0)
        namesake = arts[i].get(pid)
        if namesake is not None and pids[i] != pid:  # the number holds another article in this version
            row["same_number"] = {"pid": namesake.pid, "label": namesake.label, "text": namesake.text}
        rows.append(row)
    return {"work_id": work.id, "title": work.title, "article": article, "pid": pid,
            "anchor_version": versions[anchor].id, "versions": rows}


def _history_row(v: m.Version, p: m.Provision | None, before: m.Provision | None,
                 seen_version: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"version_id": v.id, "version_date": v.version_date.isoformat(),
                           "derived": bool(v.derived_from), "pid": p.pid if p else None,
                           "label": p.label if p else None, "text": p.text if p else None, "changes": []}
    if p is None:
        row["change"] = "removed" if before is not None else "absent"
    elif before is None:
        row["change"] = "added" if seen_version else "present"  # the oldest stored version: nothing to compare
    else:
        same = normalise(before.text) == normalise(p.text)
        moved = before.pid != p.pid
        row["change"] = ("moved" if moved else "unchanged") if same else ("moved+modified" if moved else "modified")
        if moved:
            row["moved_from"] = before.label
        if not same:
            row["changes"] = [c.to_json() for c in word_changes(before.text, p.text)]
    return row
