"""Reasons read from the norm itself and from other records: findings, 有效期, supersession,
past periods, reorganised organs, evaluations.

Reads a `CampaignContext`, conflict `Finding` rows, `registry.norms.organs` and, when that
module offers it, `registry.evaluation.records.conclusions`; writes `Reason`s (open_finding,
validity_expired, validity_expiring, superseded, period_passed, organ_renamed, evaluation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlmodel import col, select

from registry.citations.records import CONFIRMED, OPEN, Citation, Finding
from registry.cleanup.context import CampaignContext, Row, is_validity_expiry
from registry.cleanup.reasons import Reason, _event_json, _where, sentence
from registry.core.titles import title_key
from registry.norms import lifecycle
from registry.norms import models as m
from registry.norms.organs import find_stale_organs

_TRIAL = re.compile(r"[（(]?(?:暂行|试行)[)）]?")
_FINDING_LABELS = {"repealed_target": "引用已废止规范", "dangling_article": "引用条文不存在",
                   "stale_article": "引用条文已变动", "basis_changed": "制定依据已变化",
                   "number_mismatch": "同一事项数值不一致", "beyond_competence": "可能超越权限"}


def findings_by_work(ctx: CampaignContext) -> dict[str, list[Finding]]:
    ids = {w.id for w in ctx.norms}
    out: dict[str, list[Finding]] = {}
    for f in ctx.session.exec(select(Finding).where(Finding.active == True,  # noqa: E712
                                                    col(Finding.state).in_((OPEN, CONFIRMED)))).all():
        if f.work_id in ids:
            out.setdefault(f.work_id, []).append(f)
    return out


def finding_reasons(ctx: CampaignContext, version: m.Version, found: Iterable[Finding]) -> list[Reason]:
    out = []
    for f in found:
        label = _FINDING_LABELS.get(f.kind, f.kind)
        other = f"（涉及《{ctx.title(f.other_work_id)}》）" if f.other_work_id else ""
        where = _where(ctx, version, f.pid) if f.version_id == version.id else {
            "work_id": f.work_id, "version_id": f.version_id, "pid": f.pid, "label": f.pid or "序言", "text": ""}
        out.append(Reason("open_finding", f"冲突审查问题#{f.id}（{label}，{'已确认' if f.state == CONFIRMED else '待处理'}）"
                                          f"{other}：{f.explanation[:120]}",
                          {**where, "finding_id": f.id, "finding_kind": f.kind, "finding_state": f.state,
                           "other_work_id": f.other_work_id, "other_title": ctx.title(f.other_work_id) if f.other_work_id else "",
                           "other_pid": f.other_pid, "rule": f.rule}))
    return out


def validity_reasons(ctx: CampaignContext, version: m.Version) -> list[Reason]:
    out = []
    for e in ctx.events.get(version.work_id, []):
        if not is_validity_expiry(e) or e.date is None:
            continue
        last = e.date.toordinal() - 1
        from datetime import date

        last_day = date.fromordinal(last).isoformat()
        ev = {"work_id": version.work_id, "version_id": version.id, "event": _event_json(e), "last_day": last_day,
              "pid": _validity_pid(ctx, version), "label": ctx.label(version.id, _validity_pid(ctx, version))}
        if e.date <= ctx.as_of:
            out.append(Reason("validity_expired", f"有效期已于{last_day}届满（{e.text}）", ev))
        elif e.date <= ctx.horizon:
            out.append(Reason("validity_expiring", f"有效期将于{last_day}届满，在清理基准日后"
                                                   f"{(e.date - ctx.as_of).days}日内（{e.text}）；如需继续实施，应当重新印发", ev))
    return out


def _validity_pid(ctx: CampaignContext, version: m.Version) -> str:
    for p in reversed(ctx.provisions.get(version.id, [])):
        if not p.parent and ("有效期" in p.text or "试行" in p.text):
            return p.pid  # the article (or section) that states it
    return ""


def _stem(title: str) -> str:
    return title_key(_TRIAL.sub("", title))


def superseded_reasons(ctx: CampaignContext, version: m.Version, stems: dict[tuple[str, str], list[str]],
                       clauses: dict[str, list[Any]]) -> list[Reason]:
    """A newer norm of the same organ on the same matter, or a repeal clause naming this one."""
    work = ctx.works[version.work_id]
    out = []
    for other in stems.get((work.organ, _stem(work.title)), []):
        if other == work.id:
            continue
        ov = ctx.version_on(other, ctx.horizon)
        if ov is None or ctx.status(other, ctx.horizon).status not in (lifecycle.IN_FORCE, lifecycle.PARTIAL,
                                                                       lifecycle.PENDING):
            continue
        mine = version.promulgated or version.version_date
        theirs = ov.promulgated or ov.version_date
        trial_then_final = bool(_TRIAL.search(work.title)) and not _TRIAL.search(ctx.title(other))
        if theirs <= mine and not trial_then_final:
            continue
        why = "暂行/试行规定之后已有正式规定" if trial_then_final else "同一机关就同一事项制定了新规范"
        out.append(Reason("superseded", f"{why}：《{ctx.title(other)}》（{theirs.isoformat()}）",
                          {"work_id": work.id, "version_id": version.id, "pid": "", "label": "标题",
                           "text": work.title, "other_work_id": other, "other_title": ctx.title(other),
                           "other_version_id": ov.id, "how": "same_title_stem"}))
    for c, citing in clauses.get(work.id, []):
        out.append(Reason("superseded", f"《{ctx.title(citing.work_id)}》{ctx.label(citing.id, c.source_pid) if citing.id in ctx.provisions else c.source_pid}"
                                        f"规定废止本规范：“{c.raw}”",
                          {"work_id": work.id, "version_id": version.id, "pid": "", "label": "标题",
                           "text": work.title, "other_work_id": citing.work_id, "other_title": ctx.title(citing.work_id),
                           "other_version_id": citing.id, "other_pid": c.source_pid, "how": "repeal_clause"}))
    for e in ctx.events.get(work.id, []):
        if e.kind == "废止" and e.date and ctx.as_of < e.date <= ctx.horizon:
            out.append(Reason("superseded", f"已定于{e.date.isoformat()}废止（{e.by or e.text}）",
                              {"work_id": work.id, "version_id": version.id, "pid": "", "label": "标题",
                               "text": work.title, "event": _event_json(e), "how": "scheduled_repeal"}))
    return out


def stems_of(ctx: CampaignContext) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for w in ctx.works.values():
        out.setdefault((w.organ, _stem(w.title)), []).append(w.id)
    return {k: v for k, v in out.items() if len(v) > 1}


def repeal_clauses(ctx: CampaignContext) -> dict[str, list[Any]]:
    """Citations of in-scope norms made by another norm in force, inside a sentence that repeals them.

    Starts from the few provisions that hold such words (one indexed scan), not from every citation."""
    rows = ctx.session.exec(select(m.Provision.version_id, m.Provision.pid, m.Provision.text).where(
        col(m.Provision.text).contains("同时废止") | col(m.Provision.text).contains("予以废止")
        | col(m.Provision.text).contains("停止执行"))).all()
    texts = {(vid, pid): text for vid, pid, text in rows}
    in_scope = {w.id for w in ctx.norms}
    ids = sorted({vid for vid, _ in texts})
    out: dict[str, list[Any]] = {}
    for chunk in (ids[i:i + 400] for i in range(0, len(ids), 400)):
        for c in ctx.session.exec(select(Citation).where(col(Citation.version_id).in_(chunk),
                                                         col(Citation.resolved_work_id).in_(in_scope))).all():
            text = texts.get((c.version_id, c.source_pid))
            if not text or c.work_id == c.resolved_work_id or c.work_id not in ctx.works:
                continue
            citing = ctx.version_on(c.work_id, ctx.horizon)
            if citing is None or citing.id != c.version_id or ctx.status(c.work_id, ctx.horizon).status not in (
                    lifecycle.IN_FORCE, lifecycle.PARTIAL, lifecycle.PENDING):
                continue
            if re.search(r"同时废止|予以废止|停止执行", sentence(text, c.start, c.end)):
                out.setdefault(c.resolved_work_id, []).append((c, citing))
    return out


# 年度 / 2009年至2010年 / 2006—2010年 in a title; 今年年底前 / 2009年底前 / 于2010年6月底前 in the text
_TITLE_PERIOD = re.compile(r"(?P<a>(?:19|20)\d{2})\s*(?:年)?\s*(?:[—\-－~至到]\s*(?P<b>(?:19|20)\d{2}))?\s*年(?:度)?")
_TEXT_DEADLINE = re.compile(r"(?P<this>今年|本年|当年)(?:年底|底|内)前?|(?P<y>(?:19|20)\d{2})年(?:\d{1,2}月)?(?:底|年底)前"
                            r"|(?P<a>(?:19|20)\d{2})年至(?P<b>(?:19|20)\d{2})年")
_TASK_TITLE = re.compile(r"通知|方案|计划|规划|要点|意见|安排|纲要|工作")


def period_reasons(ctx: CampaignContext, version: m.Version) -> list[Reason]:
    """A task-bound document whose stated period or deadlines all lie before the as-of year."""
    work = ctx.works[version.work_id]
    if not _TASK_TITLE.search(work.title) or work.level in ("法律", "行政法规", "宪法"):
        return []
    made = (version.promulgated or version.version_date).year
    found: list[tuple[int, str, str]] = []  # (end year, pid, words)
    for mt in _TITLE_PERIOD.finditer(work.title):
        if "年度" in mt.group(0) or mt.group("b"):
            found.append((int(mt.group("b") or mt.group("a")), "", mt.group(0)))
    for p in ctx.provisions.get(version.id, []) + [Row(version.id, "", "preamble", "", "", version.preamble or "")]:
        if p.kind in ("chapter", "section", "book"):
            continue
        for mt in _TEXT_DEADLINE.finditer(p.text):
            year = made if mt.group("this") else int(mt.group("y") or mt.group("b"))
            found.append((year, p.pid, mt.group(0)))
    if not found or max(y for y, _, _ in found) >= ctx.as_of.year:
        return []
    last = max(found)
    where = _where(ctx, version, last[1])
    words = "、".join(dict.fromkeys(w for _, _, w in found))
    return [Reason("period_passed", f"任务性文件，所定期限（{words}）均已于{last[0]}年底前届满：适用期已过、任务已完成",
                   {**where, "deadlines": [{"year": y, "pid": pid, "words": w} for y, pid, w in found]})]


def organ_reasons(ctx: CampaignContext, version: m.Version) -> list[Reason]:
    mentions = find_stale_organs(ctx.provisions.get(version.id, []), version.preamble or "", ctx.as_of)
    by_name: dict[str, list[Any]] = {}
    for mention in mentions:
        by_name.setdefault(mention.change.old, []).append(mention)
    out = []
    for old, ms in by_name.items():
        ch = ms[0].change
        where = _where(ctx, version, ms[0].pid)
        places = f"等{len(ms)}处" if len(ms) > 1 else ""
        out.append(Reason("organ_renamed", f"{where['label']}{places}规定的“{ms[0].name}”已于{ch.on.isoformat()}"
                                           f"{ch.kind}，职责由{ms[0].current or ch.new}承担（{ch.source}）",
                          {**where, "organ": old, "written": ms[0].name, "successor": ms[0].current or ch.new,
                           "change": {"old": ch.old, "new": ch.new, "on": ch.on.isoformat(), "kind": ch.kind,
                                      "source": ch.source},
                           "mentions": [{"pid": x.pid, "label": ctx.label(version.id, x.pid), "name": x.name}
                                        for x in ms]}))
    return out


def evaluation_conclusions(ctx: CampaignContext) -> dict[str, list[dict[str, Any]]]:
    """Conclusions of 立法后评估 by work, when the evaluation module offers `conclusions(session)`."""
    from registry.evaluation import records as evaluation_records

    conclusions = getattr(evaluation_records, "conclusions", None)
    if conclusions is None:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for row in conclusions(ctx.session):
        get = row.get if isinstance(row, dict) else (lambda k, r=row: getattr(r, k, None))
        work_id, conclusion = get("work_id"), get("conclusion") or get("opinion")
        if work_id and conclusion in ("修改", "废止"):
            out.setdefault(work_id, []).append({"work_id": work_id, "conclusion": conclusion,
                                                "evaluation_id": get("evaluation_id") or get("id"),
                                                "version_id": get("version_id") or "", "note": get("note") or ""})
    return out


def evaluation_reasons(found: list[dict[str, Any]]) -> list[Reason]:
    return [Reason("evaluation", f"立法后评估（#{e['evaluation_id']}）结论为{e['conclusion']}" +
                   (f"：{e['note']}" if e["note"] else ""),
                   {**e, "pid": "", "label": "评估"}) for e in found]
