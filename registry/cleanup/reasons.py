"""Reasons a norm should be cleaned up, read from its citations and 制定依据.

Reads a `CampaignContext` (citations of the version in force on the as-of date, the other
norms' versions and events, the curated basis links); writes `Reason`s, each typed and with
evidence naming the provision and the other norm: basis_repealed, basis_amended,
cites_repealed, cites_amended, cites_missing_article, cites_moved_article. The article
changes come from `registry.comparison` (the one alignment the 新旧对照 shows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from registry.citations.records import PARTIAL, RESOLVED
from registry.cleanup.context import CampaignContext
from registry.comparison.versions import CHANGED, DELETED, MOVED, UNCHANGED
from registry.core.ids import pid_label
from registry.norms import models as m

KINDS = ("basis_repealed", "basis_amended", "cites_repealed", "cites_amended", "cites_missing_article",
         "cites_moved_article", "open_finding", "validity_expired", "validity_expiring", "superseded",
         "period_passed", "organ_renamed", "evaluation")
KIND_LABELS = {
    "basis_repealed": "制定依据已废止", "basis_amended": "制定依据已修改", "cites_repealed": "引用已废止规范",
    "cites_amended": "引用规范已修改", "cites_missing_article": "引用条文不存在", "cites_moved_article": "引用条文已移动",
    "open_finding": "存在冲突审查问题", "validity_expired": "有效期已届满", "validity_expiring": "有效期即将届满",
    "superseded": "已被新规范替代", "period_passed": "适用期已过", "organ_renamed": "机构已撤销或更名",
    "evaluation": "立法后评估建议",
}
_REPEAL_WORDS = re.compile(r"同时废止|予以废止|废止|停止执行|不再执行|失效")
_BREAK = re.compile(r"[。；\n]")


@dataclass
class Reason:
    kind: str
    text: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": KIND_LABELS.get(self.kind, self.kind), "text": self.text,
                "evidence": self.evidence}


def sentence(text: str, start: int, end: int) -> str:
    left = max((mt.end() for mt in _BREAK.finditer(text, 0, start)), default=0)
    mt = _BREAK.search(text, end)
    return text[left:mt.start() if mt else len(text)]


def _end_words(e: m.Event) -> str:
    verb = "废止" if e.kind == "废止" else "失效"
    by = f"（{e.by}）" if e.by else (f"（{e.text}）" if e.text else "")
    return f"{e.date.isoformat() if e.date else '日期不详'}{verb}{by}"


def _event_json(e: m.Event) -> dict[str, Any]:
    return {"kind": e.kind, "date": e.date.isoformat() if e.date else None, "by": e.by, "text": e.text}


def _where(ctx: CampaignContext, version: m.Version, pid: str) -> dict[str, Any]:
    return {"work_id": version.work_id, "version_id": version.id, "pid": pid,
            "label": ctx.label(version.id, pid), "text": ctx.text(version.id, pid)[:300]}


def _changed_labels(ctx: CampaignContext, old: m.Version, new: m.Version) -> list[tuple[str, str]]:
    """(label in the old version, what became of it) for every article that did not stay the same."""
    out = []
    for pid, ch in sorted(ctx.changes.changes(old.id, new.id).items(), key=lambda kv: _num(kv[0])):
        if ch.status == UNCHANGED:
            continue
        what = {CHANGED: "修改", DELETED: "删去", MOVED: f"移至{pid_label(ch.new_pid)}"}.get(ch.status, ch.status)
        out.append((pid_label(pid), what))
    return out


def _num(pid: str) -> tuple[int, int]:
    mt = re.match(r"art_(\d+)(?:-(\d+))?", pid)
    return (int(mt.group(1)), int(mt.group(2) or 0)) if mt else (10**6, 0)


def _summary(changes: list[tuple[str, str]], limit: int = 8) -> str:
    shown = "、".join(f"{label}{what}" for label, what in changes[:limit])
    return shown + (f"等{len(changes)}条" if len(changes) > limit else "")


def basis_reasons(ctx: CampaignContext, version: m.Version) -> list[Reason]:
    out: list[Reason] = []
    for link in ctx.bases.get(version.id, []):
        other = link.basis_work_id or ctx.work_titled(link.written.strip("《》"))
        if not other or other == version.work_id or other not in ctx.works:
            continue
        where = _where(ctx, version, link.pid)
        end = ctx.ended(other, ctx.horizon)
        if end is not None:
            soon = "" if end.date is None or end.date <= ctx.as_of else "将于"
            out.append(Reason("basis_repealed",
                              f"{where['label']}所列制定依据《{ctx.title(other)}》{soon}{_end_words(end)}",
                              {**where, "other_work_id": other, "other_title": ctx.title(other),
                               "basis_state": link.state, "end_event": _event_json(end)}))
            continue
        then = ctx.version_on(other, version.version_date)
        later = ctx.newer_versions(other, then.version_date if then else version.version_date, ctx.as_of)
        if then is None or not later:
            continue
        now = later[-1]
        changes = _changed_labels(ctx, then, now)
        dates = "、".join(f"{v.version_date.isoformat()}（{v.edition or '修改'}，{(v.effective or v.version_date).isoformat()}施行）"
                         for v in later)
        out.append(Reason("basis_amended",
                          f"{where['label']}所列制定依据《{ctx.title(other)}》在本规范制定后修改：{dates}；"
                          f"与{then.version_date.isoformat()}文本相比，{_summary(changes) or '条文未见实质变动'}",
                          {**where, "other_work_id": other, "other_title": ctx.title(other),
                           "basis_state": link.state, "basis_version_then": then.id,
                           "basis_versions_since": [v.id for v in later],
                           "changed_articles": [{"article": a, "change": w} for a, w in changes]}))
    return out


def citation_reasons(ctx: CampaignContext, version: m.Version) -> list[Reason]:
    """cites_repealed / cites_amended (one per cited norm), cites_missing_article / cites_moved_article."""
    repealed: dict[str, Reason] = {}
    amended: dict[str, Reason] = {}
    out: list[Reason] = []
    basis_ids = {x.basis_work_id for x in ctx.bases.get(version.id, [])}
    missing: dict[tuple[str, str], Reason] = {}
    for c in ctx.citations.get(version.id, []):
        other = ctx.cited_work(c)
        if not other or other == version.work_id or other not in ctx.works:
            continue
        citing = ctx.text(version.id, c.source_pid)
        end = ctx.ended(other, ctx.horizon)
        if end is not None:
            if _REPEAL_WORDS.search(sentence(citing, c.start, c.end)):
                continue  # the clause that repeals it, or says it no longer applies
            where = {**_where(ctx, version, c.source_pid), "raw": c.raw}
            if other in repealed:
                repealed[other].evidence["provisions"].append(where)
                continue
            soon = "" if end.date is None or end.date <= ctx.as_of else "将于"
            repealed[other] = Reason(
                "cites_repealed", f"{where['label']}引用的《{ctx.title(other)}》{soon}{_end_words(end)}",
                {**where, "other_work_id": other, "other_title": ctx.title(other), "end_event": _event_json(end),
                 "repealed_by": end.by or end.text, "provisions": [where]})
            continue
        if c.state == PARTIAL and c.reason == "no_such_article":
            where = {**_where(ctx, version, c.source_pid), "raw": c.raw}
            if (other, c.target_pid) in missing:
                missing[(other, c.target_pid)].evidence["provisions"].append(where)
                continue
            missing[(other, c.target_pid)] = Reason("cites_missing_article",
                              f"{where['label']}引用的“{c.raw}”在《{ctx.title(other)}》中不存在",
                              {**where, "other_work_id": other, "other_title": ctx.title(other),
                               "other_version_id": c.resolved_version_id, "other_pid": c.target_pid,
                               "provisions": [where]})
            continue
        if c.state != RESOLVED or not c.resolved_version_id or c.reason == "later_version_only":
            continue
        then = _version(ctx, other, c.resolved_version_id)
        later = ctx.newer_versions(other, then.version_date, ctx.as_of) if then else []
        if not later:
            continue
        now = later[-1]
        where = {**_where(ctx, version, c.source_pid), "raw": c.raw}
        if c.resolved_pid:
            article = c.resolved_pid.split("__")[0]
            ch = ctx.changes.changes(then.id, now.id).get(article)
            if ch is not None and ch.status in (MOVED, DELETED):
                kind = "cites_moved_article" if ch.status == MOVED else "cites_missing_article"
                what = f"已移至{pid_label(ch.new_pid)}" if ch.status == MOVED else "已被删去"
                out.append(Reason(kind, f"{where['label']}引用的《{ctx.title(other)}》{pid_label(article)}"
                                        f"（{then.version_date.isoformat()}文本）在{now.version_date.isoformat()}文本中{what}",
                                  {**where, "other_work_id": other, "other_title": ctx.title(other),
                                   "other_version_then": then.id, "other_version_now": now.id,
                                   "change": ch.to_json()}))
                continue
        if other in basis_ids or other in amended:
            if other in amended:
                amended[other].evidence["provisions"].append(where)
            continue
        changes = _changed_labels(ctx, then, now)
        if not changes:
            continue
        dates = "、".join(f"{v.version_date.isoformat()}（{(v.effective or v.version_date).isoformat()}施行）" for v in later)
        amended[other] = Reason(
            "cites_amended", f"{where['label']}引用的《{ctx.title(other)}》在本规范制定后修改：{dates}；"
                             f"与{then.version_date.isoformat()}文本相比，{_summary(changes)}",
            {**where, "other_work_id": other, "other_title": ctx.title(other), "other_version_then": then.id,
             "other_versions_since": [v.id for v in later],
             "changed_articles": [{"article": a, "change": w} for a, w in changes], "provisions": [where]})
    return list(repealed.values()) + list(missing.values()) + out + list(amended.values())


def _version(ctx: CampaignContext, work_id: str, version_id: str) -> m.Version | None:
    return next((v for v in ctx.versions.get(work_id, []) if v.id == version_id), None)
