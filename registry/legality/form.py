"""形式: 施行日期 stated; 有效期 stated and at most five years for a 规范性文件; 条/款/项 numbered
without gaps (`registry.evaluation.structure.numbering_gaps`); internal references (本办法第X条,
前款) that point at provisions the draft has. Reads only the draft; writes nothing."""

from __future__ import annotations

import re

from registry.citations.drafts import CitationDraft
from registry.citations.resolve import Resolver
from registry.core.ids import pid_label
from registry.evaluation.structure import numbering_gaps
from registry.legality.findings import ReviewFinding
from registry.norms.drafts import DocumentDraft
from registry.norms.lifecycle_facts import ValidityPeriod

MAX_MONTHS = 60
_IN_FORCE = re.compile(r"自[^，。；]{2,20}?(?:起|之日起)(?:施行|生效|执行|实施)|(?:施行|生效)日期")


def effective_date(draft: DocumentDraft) -> list[ReviewFinding]:
    closing = [draft.preamble] + [p.text for p in draft.articles[-3:]]
    if draft.effective_source in ("text", "body") or any(_IN_FORCE.search(t or "") for t in closing):
        return []
    return [ReviewFinding("no_effective_date", "文件未载明施行日期（如“本办法自××××年×月×日起施行”）。",
                          draft.articles[-1].pid if draft.articles else "",
                          suggestion="在附则中写明“本办法自××××年×月×日起施行”")]


def validity(level: str, periods: list[ValidityPeriod], draft: DocumentDraft) -> list[ReviewFinding]:
    if level != "规范性文件":
        return []
    if not periods:
        return [ReviewFinding("validity_missing", "规范性文件未载明有效期。", draft.articles[-1].pid if draft.articles else "",
                              suggestion="写明“有效期×年”（不超过5年）")]
    out = []
    for p in periods:
        if p.months is not None and p.months > MAX_MONTHS:
            out.append(ReviewFinding("validity_too_long", f"{pid_label(p.pid) if p.pid else '正文'}规定有效期"
                                     f"{p.months // 12 if p.months % 12 == 0 else p.months}{'年' if p.months % 12 == 0 else '个月'}，"
                                     "超过5年。", p.pid, {"wording": p.wording, "months": p.months},
                                     suggestion=p.wording.replace(p.wording, "有效期5年") if p.wording else "有效期5年"))
    return out


def structure(draft: DocumentDraft, citations: list[CitationDraft]) -> list[ReviewFinding]:
    out = [ReviewFinding("numbering_gap", item.text, item.provision, item.details)
           for item in numbering_gaps(draft.provisions) if item.kind == "numbering_gap"]  # type: ignore[arg-type]
    pids = {p.pid for p in draft.provisions}
    for c in citations:
        target = c.target_pid
        if c.kind not in ("self", "relative") or not target.startswith("art_"):
            continue
        ends = [target] + ([c.target_end_pid] if c.target_end_pid.startswith("art_") else [])
        missing = [t for t in ends if Resolver._locate(t, pids) is None]
        if missing:
            last = sum(1 for p in draft.provisions if p.kind == "article")
            out.append(ReviewFinding("internal_ref_missing", f"{pid_label(c.source_pid)}引用“{c.raw}”，但本文件没有"
                                     f"{pid_label(missing[0])}（共{last}条）。", c.source_pid,
                                     {"raw": c.raw, "target_pid": missing[0]}))
    return out
