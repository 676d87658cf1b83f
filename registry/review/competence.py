"""A lower norm setting what its rank cannot set, where its own words show it (low-severity signals).

行政处罚法 (2021) art. 13-14: 部门规章 and 地方政府规章 may set only 警告、
通报批评 and fines within a limit; art. 16: other 规范性文件 may set no penalty;
art. 10-12: 限制人身自由 only by law, 吊销营业执照 not by 地方性法规.
行政许可法 art. 14-17: 规章 may not set a 行政许可 (a provincial government
rule only a temporary one); 规范性文件 none. 国发〔2021〕26号: a fine first set by
a 部门规章 at most 10万元 (20万元 where life, health or finance is at stake).
A provision that cites a law or regulation for what it does (依照《X》…) is
applying, not setting, and is left alone. A penalty counts only where it is
the consequence of a condition (……的，处五日以上十日以下拘留), not where a
procedure mentions it (可能适用行政拘留处罚的，询问查证的时间……); an approval by
the agency's own officials or owners (经县级以上公安机关负责人批准, 经出资人批准) is
internal procedure, not a 行政许可; a procedure rule (…程序规定) applies penalties
set elsewhere and is not read as setting them. A 地方性法规 implementing a law
(实施《X》办法) may not add a 行政许可 the law does not provide (行政许可法 第十六条).
What a law or 行政法规 sets for the same conduct and the lower norm repeats is a
restatement, not a setting (`registry.review.restatement`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sqlmodel import col, select

from registry.core.ids import pid_label
from registry.norms import models as m
from registry.review.context import CheckContext
from registry.review.drafts import FindingDraft
from registry.review.numbers import quantities
from registry.review.restatement import Restatements

RULES = ("部门规章", "地方政府规章")
_PENALTY = re.compile(r"(吊销|暂扣)[^，。；]{0,12}(许可证|执照|证书)|责令停产停业|责令关闭|行政拘留|没收违法所得|没收非法财物|限制从业")
_DETENTION = re.compile(r"行政拘留|拘留")
_FINE = re.compile(r"罚款")
_PERMIT = re.compile(r"(应当|须|必须)(经|取得)[^，。；]{0,20}(许可|批准)|实行[^，。；]{0,10}许可制度|未经[^，。；]{0,20}许可[^，。；]{0,6}不得")
_INTERNAL = re.compile(r"负责人|领导|首长|局长|厅长|部长|处长|科长|所长|队长|主任|院长|检察长|审判长|出资人|股东|董事会|经由")
# a procedure for applying penalties set elsewhere (公安机关办理行政案件程序规定) names them without setting them
_PROCEDURE = re.compile(r"程序规定|程序规则|办理[^《》]{0,12}案件")
_SENTENCE = re.compile(r"[^。；\n]+")
_IMPOSE = re.compile(r"处|给予|予以")
_APPLIES_HIGHER = re.compile(r"依照|依据|根据|按照|《|法律、(行政)?法规|有关法律|有关规定")
_FINE_LIMIT = 100_000
_IMPLEMENTS = re.compile(r"实施《|实施〈|实施办法|实施细则|实施条例")
_SAFETY = re.compile(r"安全|卫生|健康|药品|医疗|食品|疫苗|金融|银行|保险|证券|特种设备|危险")


def beyond_competence(ctx: CheckContext) -> Iterator[FindingDraft]:
    targets = {vid: v for vid, v in ctx.live_versions.items()
               if ctx.works[v.work_id].level in RULES + ("规范性文件", "地方性法规")}
    if not targets:
        return
    higher = Restatements(ctx)
    rows = ctx.session.exec(select(m.Provision.version_id, m.Provision.pid, m.Provision.text).where(
        col(m.Provision.version_id).in_(list(targets)), m.Provision.kind == "article")).all()
    for vid, pid, text in rows:
        work = ctx.works[targets[vid].work_id]
        if _APPLIES_HIGHER.search(text):
            continue
        implementing = work.level == "地方性法规" and bool(_IMPLEMENTS.search(work.title))
        for what, rule, why, at, fine in _signals_at(work.level, text, bool(_PROCEDURE.search(work.title)),
                                                     implementing, bool(_SAFETY.search(work.title))):
            permit = "许可" in what or "批准" in what
            word = ("许可" if "许可" in what else "批准") if permit else \
                "罚款" if fine else re.sub(r"^[^吊暂责没限行拘罚]*", "", what)
            if higher.source(work.level, text, at, word or what, fine) is not None:
                continue  # the same sanction for the same conduct in a law or 行政法规: a restatement
            if permit and higher.named_in_implemented(work, _permit_term(what)):
                continue  # a law or 行政法规 it cites provides this permit (城乡规划法's 规划许可): it applies it
            yield FindingDraft(
                kind="beyond_competence", severity="low", work_id=work.id, version_id=vid, pid=pid,
                other_work_id="", other_version_id="", other_pid="", rule=rule,
                explanation=(f"《{work.title}》（{work.level}）{pid_label(pid)}{why}，该条未援引法律、法规作为依据，"
                             f"法律、行政法规中也没有对同一行为作出同样规定的条文，可能超越权限。"
                             f"确属超越权限的，依立法法第一百零七条、第一百零八条由有权机关改变或者撤销。"),
                evidence={"text": text, "signal": what}, key=what)


def _permit_term(what: str) -> str:
    """The permit a sentence requires, as a higher norm would name it: two words before 许可.

    >>> _permit_term("应当取得市水务部门核发的雨水利用许可"), _permit_term("实行规划许可制度")
    ('利用许可', '规划许可')
    """
    found = re.findall(r"([\u4e00-\u9fff]{2})许可", what)
    return found[-1] + "许可" if found else ""


def _sanction(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match imposed as a consequence: after a condition's 的，, opening its clause
    (的，没收违法所得; 的，由…吊销…) or after 处/给予/予以 (的，处十日以下拘留)."""
    for sentence in _SENTENCE.finditer(text):
        cut = sentence.group().find("的，")
        if cut < 0:
            continue
        start = sentence.start() + cut + 2
        for hit in pattern.finditer(text, start, sentence.end()):
            clause = text[max(start, text.rfind("，", start, hit.start()) + 1):hit.start()]
            if not clause or clause.startswith("由") or _IMPOSE.search(clause):
                return hit
    return None


def _permit(text: str) -> re.Match[str] | None:
    return next((p for p in _PERMIT.finditer(text) if not _INTERNAL.search(p.group())), None)


def _signals(level: str, text: str, procedure: bool = False, implementing: bool = False, safety: bool = False
             ) -> Iterator[tuple[str, str, str]]:
    """(signal, rule, why) for each thing the text sets beyond its rank."""
    for what, rule, why, _, _ in _signals_at(level, text, procedure, implementing, safety):
        yield what, rule, why


def _signals_at(level: str, text: str, procedure: bool = False, implementing: bool = False, safety: bool = False
                ) -> Iterator[tuple[str, str, str, int, tuple[float, float] | None]]:
    """(signal, rule, why, offset, fine range or None) for each thing the text sets beyond its rank."""
    penalty = None if procedure else _sanction(_PENALTY, text)
    if level in RULES and penalty:
        yield (penalty.group(), "行政处罚法第十三条、第十四条（规章只能设定警告、通报批评或者一定数额罚款）",
               f"规定了“{penalty.group()}”", penalty.start(), None)
    fine = _sanction(_FINE, text)
    if level == "规范性文件" and (fine or penalty):
        hit = fine or penalty
        yield ("罚款" if "罚款" in text else penalty.group(), "行政处罚法第十六条（其他规范性文件不得设定行政处罚）",
               "规定了行政处罚", hit.start(), None)
    detention = None if procedure or level != "地方性法规" else _sanction(_DETENTION, text)
    if detention:
        yield ("拘留", "行政处罚法第十条（限制人身自由的行政处罚只能由法律设定）", "规定了拘留", detention.start(), None)
    permit = _permit(text)
    if level in RULES + ("规范性文件",) and permit:
        yield (permit.group(), "行政许可法第十四条至第十七条（规章不得设定行政许可，省级政府规章仅可设定临时性许可）",
               f"要求“{permit.group()}”", permit.start(), None)
    if level == "地方性法规" and implementing and permit and "许可" in permit.group():
        # a 许可 by name; an approval (经…批准) in an implementing 办法 is how the law's own permits are granted
        yield (permit.group(), "行政许可法第十六条（地方性法规实施上位法，只能在上位法设定的行政许可事项范围内作出具体规定，"
                               "不得增设行政许可）", f"要求“{permit.group()}”", permit.start(), None)
    limit = _FINE_LIMIT * (2 if safety else 1)  # 国发〔2021〕26号: 20万元 where life, health or finance is at stake
    if level == "部门规章" and "罚款" in text:
        fines = [v for k, v in quantities(text) if k == "罚款数额"]
        if fines and max(fines) > limit:
            yield (f"罚款{max(fines):.10g}元", "行政处罚法第十三条；国发〔2021〕26号（部门规章设定罚款一般不超过10万元，"
                   "涉及公民生命健康安全、金融安全的不超过20万元）", f"设定的罚款最高为{max(fines):.10g}元",
                   text.find("罚款"), (min(fines), max(fines)))
