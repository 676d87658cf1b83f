"""Checks on citations: repealed targets, dangling or stale articles (a changed basis: `basis`).

All read the resolved `Citation` rows of norms in force today, so what they
say follows from the same resolution legal staff see in `lexreg cites`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from registry.citations.records import PARTIAL, RESOLVED
from registry.comparison.versions import CHANGED, DELETED, MOVED
from registry.core.ids import pid_label
from registry.review.context import CheckContext
from registry.review.drafts import FindingDraft

_REPEAL_CLAUSE = re.compile(r"同时废止|予以废止|废止|停止执行|不再执行|失效")
# a transitional provision names the old law on purpose: 外商投资法施行前依照《中外合资经营企业法》设立的企业
_TRANSITIONAL = re.compile(r"施行(?:以|之)?前|生效(?:以|之)?前|实施(?:以|之)?前")
_SENTENCE = re.compile(r"[。；\n]")


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE.finditer(text, 0, start)), default=0)
    m = _SENTENCE.search(text, end)
    return text[left:m.start() if m else len(text)]


def _day(d) -> str:
    return d.isoformat() if d else "日期不详"


def repealed_targets(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A norm in force cites a norm repealed or expired today (引用已废止/失效规范)."""
    for c in ctx.live_citations:
        st = ctx.status[c.resolved_work_id]
        if st.status not in ("已废止", "已失效"):
            continue
        text = ctx.text(c.version_id, c.source_pid)
        sentence = _sentence(text, c.start, c.end)
        if _REPEAL_CLAUSE.search(sentence) or _TRANSITIONAL.search(sentence):
            continue  # the clause that repeals it, says it no longer applies, or keeps what was done under it
        ev = st.event
        when = f"于{ev.date.isoformat()}" if ev and ev.date else ""
        recorded = f"（{ev.text}）" if ev and ev.text else "（日期不详）"
        cited = ctx.title(c.resolved_work_id)
        yield FindingDraft(
            kind="repealed_target", severity="high", work_id=c.work_id, version_id=c.version_id, pid=c.source_pid,
            other_work_id=c.resolved_work_id, other_version_id=c.resolved_version_id, other_pid=c.resolved_pid,
            rule="法规规章备案审查条例：引用已废止、失效的规范；立法法第一百零七条（同上位法相抵触或不适当的应予改变或撤销）",
            explanation=(f"《{ctx.title(c.work_id)}》现行有效，"
                         f"其{pid_label(c.source_pid) if c.source_pid else '序言'}引用的《{cited}》"
                         f"已{when}{st.status[1:]}{recorded}。该引用已失去依据，"
                         f"应当由制定机关修改相关条文或明确替代规范。"),
            evidence={"citing_text": text, "raw": c.raw, "cited_title": cited, "cited_status": st.status,
                      "end_event": {"kind": ev.kind, "date": _day(ev.date), "text": ev.text, "by": ev.by} if ev else None},
            key=c.raw)


def dangling(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A cited article that does not exist in the version in force when the citing norm was made."""
    for c in ctx.live_citations:
        if c.state != PARTIAL or c.reason != "no_such_article" or not ctx.live(c.resolved_work_id):
            continue
        cited = ctx.title(c.resolved_work_id)
        yield FindingDraft(
            kind="dangling_article", severity="medium", work_id=c.work_id, version_id=c.version_id,
            pid=c.source_pid, other_work_id=c.resolved_work_id, other_version_id=c.resolved_version_id,
            other_pid=c.target_pid, rule="法规规章备案审查条例：引用条文错误（规范性要求）",
            explanation=(f"《{ctx.title(c.work_id)}》引用《{cited}》（原文“{c.raw}”），但该规范"
                         f"{c.resolved_version_id.rsplit('@', 1)[-1]}文本中没有这一条文，引用无从落实。"),
            evidence={"citing_text": ctx.text(c.version_id, c.source_pid), "raw": c.raw,
                      "cited_version": c.resolved_version_id, "cited_pid": c.target_pid},
            key=c.raw)


def stale(ctx: CheckContext) -> Iterator[FindingDraft]:
    """A cited article changed, moved or was deleted after the citing version was made."""
    for c in ctx.live_citations:
        if c.state != RESOLVED or not c.resolved_pid or c.reason == "later_version_only":
            continue
        if not ctx.live(c.resolved_work_id):
            continue
        now = ctx.current(c.resolved_work_id)
        if now is None or now.id == c.resolved_version_id or now.version_date <= _version_date(c.resolved_version_id):
            continue
        article = c.resolved_pid.split("__")[0]
        change = ctx.changes.changes(c.resolved_version_id, now.id).get(article)
        if change is None or change.status not in (CHANGED, MOVED, DELETED):
            continue
        cited = ctx.title(c.resolved_work_id)
        then, today = c.resolved_version_id.rsplit("@", 1)[-1], now.version_date.isoformat()
        what = {MOVED: f"已移至{_label(change.new_pid)}（条文顺序调整）", DELETED: "已被删除",
                CHANGED: "内容已修改"}[change.status]
        severity = "high" if change.status in (MOVED, DELETED) else ("low" if change.similarity >= 0.9 else "medium")
        yield FindingDraft(
            kind="stale_article", severity=severity, work_id=c.work_id, version_id=c.version_id, pid=c.source_pid,
            other_work_id=c.resolved_work_id, other_version_id=now.id, other_pid=change.new_pid or article,
            rule="立法法第一百零七条、第一百零八条；法规规章备案审查条例：上位法修改后下位法应当及时清理",
            explanation=(f"《{ctx.title(c.work_id)}》引用的《{cited}》条文（原文“{c.raw}”，{then}文本）在{today}文本中{what}。"
                         f"按现行文本理解该引用会指向不同的内容，应当核对并修改引用。"),
            evidence={"citing_text": ctx.text(c.version_id, c.source_pid), "raw": c.raw,
                      "cited_version": c.resolved_version_id, "current_version": now.id, "change": change.to_json()},
            key=f"{c.raw}|{change.status}")


def _version_date(version_id: str):
    from datetime import date

    return date.fromisoformat(version_id.rsplit("@", 1)[-1])


def _label(pid: str) -> str:
    from registry.core.ids import article_label

    m = re.match(r"art_(\d+)(?:-(\d+))?", pid)
    return article_label(int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else pid
