"""内容: what a 规范性文件 may not set (行政许可, 行政处罚, 行政强制, 行政收费, or duties and
limits of rights without a higher norm's basis: 国办发〔2018〕37号 严禁越权发文), and numbers
(罚款数额, 期限, 面积, 比例) outside the range the cited higher norm sets (the conflict checks'
`registry.review.numbers.bounds`).

Reads the provisions of the cited norms' versions in force on the as-of date; writes nothing.
"""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session

from registry.citations.drafts import CitationDraft
from registry.citations.resolve import Resolver
from registry.core.ids import pid_label
from registry.core.levels import outranks
from registry.legality.findings import ReviewFinding
from registry.norms import lifecycle, store
from registry.review.numbers import bounds, quantities

_SENTENCE = re.compile(r"[^。；\n]+[。；]?")
# A sentence that applies a higher norm sets nothing itself: 依照《土地管理法》第七十七条的规定处罚
_APPLIES = re.compile(r"(?:依照|依据|根据|按照)(?:《[^》]+》|有关法律|法律、(?:行政)?法规|有关规定|相关法律)")
_SETS = {
    "sets_license": re.compile(r"(?:应当|须|必须)(?:经|取得|办理)[^，。；]{0,20}(?:许可|批准|审批)|实行[^，。；]{0,10}(?:许可|审批)制度|"
                               r"未经[^，。；]{0,20}(?:许可|批准|审批)[^，。；]{0,6}不得"),
    "sets_penalty": re.compile(r"(?:处|并处|给予|予以)[^，。；]{0,24}罚款|吊销[^，。；]{0,12}(?:许可证|执照|证书)|没收(?:违法所得|非法财物)|"
                               r"责令停产停业|行政拘留|(?:处|给予)(?:警告|通报批评)"),
    "sets_coercion": re.compile(r"(?:予以|可以|实施|依法)?(?:查封|扣押|冻结)[^，。；]{0,12}(?:财物|设施|场所|账户|存款|设备)|"
                                r"强制拆除|加处罚款|滞纳金"),
    "sets_fee": re.compile(r"(?:收取|缴纳|交纳|征收)[^，。；]{0,20}(?:费|保证金|押金)(?!用由)"),
    "reduces_rights": re.compile(r"(?:不得|禁止|一律不予)(?:申请|办理|参加|享受|进入)[^，。；]{0,20}|应当(?:另行)?(?:缴存|提供担保|作出承诺)"),
}
_WHAT = {"sets_license": "行政许可", "sets_penalty": "行政处罚", "sets_coercion": "行政强制", "sets_fee": "行政收费",
         "reduces_rights": "减损权利或增加义务的规定"}
KINDS_OF_NUMBER = ("罚款数额", "期限", "面积", "比例")
# Quantities are masked, article numbers kept: 第七十七条 and 第八十一条 are different matters
_DIGITS = re.compile(r"(?:百分之)?[0-9０-９.零〇一二三四五六七八九十百千万两]+(?=万?(?:元|个工作日|个月|日|天|年|小时|亩|公顷|平方米|平方公里|倍|%|以))")


def sets_powers(level: str, provisions: list[tuple[str, str]]) -> list[ReviewFinding]:
    """A 规范性文件 that sets a power only a law, regulation or rule may set."""
    if level != "规范性文件":
        return []
    out = []
    for pid, text in provisions:
        for sentence in _SENTENCE.findall(text):
            if _APPLIES.search(sentence):
                continue
            for kind, pattern in _SETS.items():
                hit = pattern.search(sentence)
                if hit:
                    out.append(ReviewFinding(kind, f"{pid_label(pid)}规定“{hit.group()}”，规范性文件不得设定{_WHAT[kind]}"
                                             "（未援引法律、法规、规章作为依据）。", pid,
                                             {"sentence": sentence.strip(), "signal": hit.group()},
                                             suggestion="删除该规定，或写明所依据的法律、法规、规章条文"))
    return out


def _grams(text: str) -> set[str]:
    t = _DIGITS.sub("#", text)
    return {t[i:i + 2] for i in range(len(t) - 1) if "#" not in t[i:i + 2]}


def _sim(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def outside_range(session: Session, level: str, provisions: list[tuple[str, str]],
                  citations: list[CitationDraft], on: date, threshold: float = 0.25) -> list[ReviewFinding]:
    """Numbers in the draft outside the range the norm it cites (in that provision, else anywhere
    as its basis) sets for the same matter; the matter is matched by the closest sentence."""
    resolver = Resolver(session)
    by_pid: dict[str, list[CitationDraft]] = {}
    for c in citations:
        if c.kind in ("cites", "basis", "docnum"):
            by_pid.setdefault(c.source_pid.split("__")[0], []).append(c)
    texts_cache: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def higher_sentences(c: CitationDraft) -> list[tuple[str, str, str]]:
        found = resolver.find_work(c.target_title, c.target_doc_number)
        if not found.work_id:
            return []
        work = resolver.works[found.work_id]
        if level and work.level and not outranks(work.level, level):
            return []
        version, _ = lifecycle.version_in_force(resolver.versions.get(work.id, []), resolver.events.get(work.id, []), on)
        if version is None:
            return []
        key = (version.id, c.target_pid.split("__")[0])
        if key not in texts_cache:
            rows = store.provisions_of(session, version.id, ("article",))
            texts_cache[key] = [(p.pid, p.text) for p in rows if not key[1] or p.pid == key[1]]
        return [(work.title, pid, s) for pid, t in texts_cache[key] for s in _SENTENCE.findall(t)]

    out = []
    basis = [c for c in citations if c.kind == "basis"]
    for pid, text in provisions:
        cited = by_pid.get(pid.split("__")[0], []) + basis
        for sentence in _SENTENCE.findall(text):
            kinds = sorted({k for k, _ in quantities(sentence) if k in KINDS_OF_NUMBER})
            if not kinds or not cited:
                continue
            mine = _grams(sentence)
            for kind in kinds:
                inner = bounds(sentence, kind)
                best = max(((_sim(mine, _grams(s)), title, hp, s) for c in cited for title, hp, s in higher_sentences(c)
                            if bounds(s, kind) is not None), default=None)
                if best is None or best[0] < threshold or inner is None:
                    continue
                outer = bounds(best[3], kind)
                if inner[0] < outer[0] or inner[1] > outer[1]:
                    out.append(ReviewFinding(
                        "outside_range", f"{pid_label(pid)}规定的{kind}（{_span(inner)}）超出《{best[1]}》{pid_label(best[2])}"
                        f"规定的幅度（{_span(outer)}）。", pid,
                        {"sentence": sentence.strip(), "higher": best[3].strip(), "higher_work": best[1],
                         "higher_article": best[2], "kind": kind, "draft_range": list(inner), "higher_range": list(outer),
                         "similarity": round(best[0], 3)},
                        suggestion=f"在《{best[1]}》{pid_label(best[2])}规定的幅度（{_span(outer)}）内规定"))
    return out


def _span(r: tuple[float, float]) -> str:
    lo, hi = r
    fmt = lambda v: f"{v:.10g}"  # noqa: E731
    if lo == hi:
        return fmt(lo)
    return f"{fmt(lo)}至{fmt(hi)}" if hi != float("inf") else f"{fmt(lo)}以上"
