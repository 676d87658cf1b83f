"""A lower norm setting what its rank cannot set, where its own words show it (low-severity signals).

行政处罚法 (2021) art. 13-14: 部门规章 and 地方政府规章 may set only 警告、
通报批评 and fines within a limit; art. 16: other 规范性文件 may set no penalty;
art. 10-12: 限制人身自由 only by law, 吊销营业执照 not by 地方性法规.
行政许可法 art. 14-17: 规章 may not set a 行政许可 (a provincial government
rule only a temporary one); 规范性文件 none. 国发〔2021〕26号: a fine first set by
a 部门规章 at most 10万元 (20万元 where life, health or finance is at stake).
A provision that cites a law or regulation for what it does (依照《X》…) is
applying, not setting, and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sqlmodel import col, select

from registry import models as m
from registry.conflicts.context import CheckContext
from registry.conflicts.drafts import FindingDraft
from registry.conflicts.numbers import quantities

RULES = ("部门规章", "地方政府规章")
_PENALTY = re.compile(r"(吊销|暂扣)[^，。；]{0,12}(许可证|执照|证书)|责令停产停业|责令关闭|行政拘留|没收违法所得|没收非法财物|限制从业")
_DETENTION = re.compile(r"行政拘留|拘留")
_PERMIT = re.compile(r"(应当|须|必须)(经|取得)[^，。；]{0,20}(许可|批准)|实行[^，。；]{0,10}许可制度|未经[^，。；]{0,20}许可[^，。；]{0,6}不得")
_APPLIES_HIGHER = re.compile(r"依照|依据|根据|按照|《|法律、(行政)?法规|有关法律|有关规定")
_FINE_LIMIT = 100_000


def beyond_competence(ctx: CheckContext) -> Iterator[FindingDraft]:
    targets = {vid: v for vid, v in ctx.live_versions.items()
               if ctx.works[v.work_id].level in RULES + ("规范性文件", "地方性法规")}
    if not targets:
        return
    rows = ctx.session.exec(select(m.Provision.version_id, m.Provision.pid, m.Provision.text).where(
        col(m.Provision.version_id).in_(list(targets)), m.Provision.kind == "article")).all()
    for vid, pid, text in rows:
        work = ctx.works[targets[vid].work_id]
        if _APPLIES_HIGHER.search(text):
            continue
        for what, rule, why in _signals(work.level, text):
            yield FindingDraft(
                kind="beyond_competence", severity="low", work_id=work.id, version_id=vid, pid=pid,
                other_work_id="", other_version_id="", other_pid="", rule=rule,
                explanation=f"《{work.title}》（{work.level}）{pid}{why}，且该条未援引法律、法规作为依据，可能超越权限。",
                evidence={"text": text, "signal": what}, key=what)


def _signals(level: str, text: str) -> Iterator[tuple[str, str, str]]:
    penalty = _PENALTY.search(text)
    if level in RULES and penalty and "处" in text:
        yield (penalty.group(), "行政处罚法第十三条、第十四条（规章只能设定警告、通报批评或者一定数额罚款）",
               f"规定了“{penalty.group()}”")
    if level == "规范性文件" and ("罚款" in text or penalty):
        yield ("罚款" if "罚款" in text else penalty.group(), "行政处罚法第十六条（其他规范性文件不得设定行政处罚）",
               "规定了行政处罚")
    if level == "地方性法规" and _DETENTION.search(text) and "处" in text:
        yield ("拘留", "行政处罚法第十条（限制人身自由的行政处罚只能由法律设定）", "规定了拘留")
    permit = _PERMIT.search(text)
    if level in RULES + ("规范性文件",) and permit:
        yield (permit.group(), "行政许可法第十四条至第十七条（规章不得设定行政许可，省级政府规章仅可设定临时性许可）",
               f"要求“{permit.group()}”")
    if level == "部门规章" and "罚款" in text:
        fines = [v for k, v in quantities(text) if k == "罚款数额"]
        if fines and max(fines) > _FINE_LIMIT:
            yield (f"罚款{max(fines):.10g}元", "行政处罚法第十三条；国发〔2021〕26号（部门规章设定罚款一般不超过10万元）",
                   f"设定的罚款最高为{max(fines):.10g}元")
