"""Validity periods: a norm's own 有效期 or 试行期, read from its closing words.

Reads a parsed document (its last top-level provisions and its preamble, where
a notice says 本通知自印发之日起施行，有效期五年) and writes `ValidityPeriod`s.
Only the norm's own period counts: the subject of the sentence must be the norm
(本办法有效期五年, 本规定的有效期限为3年), or the period must follow its
entry-into-force clause directly (自2023年7月1日起施行，有效期五年), or stand as
its own sentence in the closing provisions (有效期至2025年12月31日。). The 有效期
of a licence, a certificate or an old 居住证 (本条例施行前……在有效期内继续有效) is
never read, even in a closing article.
"""

from __future__ import annotations

import re
from datetime import date

from ingest.dates import DATE_RE, parse_date
from registry.core.numerals import cn_to_int
from registry.norms.drafts import DocumentDraft
from registry.norms.lifecycle_facts import ValidityPeriod, period_end

_NUM = r"[0-9０-９]{1,2}|[一二三四五六七八九十两]{1,3}"
_LEN = rf"(?P<n>{_NUM})\s*(?P<u>年|个月|个年度)"


def _date(prefix: str) -> str:
    """DATE_RE with its groups renamed, so one pattern can hold several dates."""
    return DATE_RE.pattern.replace("?P<", f"?P<{prefix}_")


_OWN = (r"本(?:暂行|试行)?(?:实施细则|实施办法|实施意见|办法|规定|细则|通知|意见|决定|条例|规则|方案|文件|"
        r"标准|目录|指引|规划|措施|制度|准则|公告|规程|导则|指南|清单|要点)")
# What may stand between the subject and 有效期 (本办法的有效期, 本规定自施行之日起有效期): no other noun
_LINK = r"(?:的|自(?:施行|实施|印发|发布|公布)之日起)?"
_START = (rf"自(?:(?P<start>{_date('s')})|(?P<event>印发|发布|公布|颁布|施行|实施|下发)之日)起"
          r"(?:施行|实施|执行|生效|试行|有效)?")
_TAIL = (rf"(?:{_LEN}|至(?P<end>{_date('e')})(?:止)?"
         rf"|自(?P<from>{_date('f')})起至(?P<end2>{_date('g')})止?)")
_RE = re.compile(
    # 本办法（的）有效期（限）（为）五年 / 本办法自印发之日起施行，有效期五年 / 有效期至2025年12月31日
    rf"(?P<own>{_OWN})?{_LINK}(?:[^。；\n]{{0,40}}?{_START})?[，,、]?\s*"
    rf"(?P<what>有效期限|有效期|试行期限|试行期|试行)(?:为|是|暂定为?)?\s*{_TAIL}"
)
_SENTENCE_BREAK = "。；\n"
_ARTICLE_LABEL = re.compile(r"^第[一二三四五六七八九十百千零〇]+条$")


def _to_int(text: str) -> int:
    return cn_to_int(text.replace("两", "二"))


def _own_subject(text: str, m: re.Match[str]) -> bool:
    """The norm is the subject: 本办法…, or 有效期 opens a sentence or follows 施行，."""
    if m.group("own"):
        return True
    # no subject: the match must open a sentence, with 自…起施行 or 有效期 as its first words
    if not m.group(0).startswith(("自", "有效期", "试行")):
        return False
    before = text[: m.start()].rstrip(" \u3000")
    return not before or before[-1] in _SENTENCE_BREAK or _ARTICLE_LABEL.search(before) is not None


def _start_date(m: re.Match[str], draft: DocumentDraft | None) -> tuple[date | None, str]:
    if m.group("start"):
        return parse_date(m.group("start")), "正文日期"
    event = m.group("event")
    if event in ("印发", "发布", "公布", "颁布", "下发"):
        d = (draft.signing_date or draft.promulgated) if draft else None
        return d, "印发日期"
    if draft and draft.effective:
        return draft.effective, "施行日期"
    return None, "施行日期"


def read_sentence(text: str, pid: str = "", draft: DocumentDraft | None = None) -> list[ValidityPeriod]:
    """The norm's own periods stated in one provision's text.

    >>> [v.last_day for v in read_sentence("本办法自2023年7月1日起施行，有效期五年。")]
    [datetime.date(2028, 6, 30)]
    >>> read_sentence("本条例施行前各地已发放的居住证，在有效期内继续有效。")
    []
    """
    out: list[ValidityPeriod] = []
    pos = 0
    while (m := _RE.search(text, pos)) is not None:
        if not _own_subject(text, m):
            pos = m.start() + 1  # a later start may still give the norm as subject
            continue
        pos = m.end()
        what = m.group("what")
        start, basis = _start_date(m, draft)
        end_text = m.group("end") or m.group("end2")
        months = None
        if end_text:
            last = parse_date(end_text)
            if m.group("from"):
                start, basis = parse_date(m.group("from")), "正文日期"
        else:
            n = _to_int(m.group("n"))
            months = n if m.group("u") == "个月" else 12 * n
            last = period_end(start, months) if start else None
        wording = m.group(0).lstrip("，, ")
        out.append(ValidityPeriod(pid=pid, wording=wording, months=months, start=start, start_basis=basis,
                                  last_day=last, trial=what.startswith("试行")))
    return out


def _closing(draft: DocumentDraft) -> list[tuple[str, str]]:
    """(pid, text) of the last top-level provisions and the preamble (a notice's own words)."""
    tops = [p for p in draft.provisions if p.kind in ("article", "sec", "annex") and not p.parent]
    if not tops:
        tops = [p for p in draft.provisions if not p.parent]
    picked = [(p.pid, p.text) for p in tops[-3:]]
    if draft.preamble:
        picked.append(("", draft.preamble))
    return picked


def read_validity(draft: DocumentDraft) -> list[ValidityPeriod]:
    """The norm's own 有效期 / 试行期, from its closing provisions and its preamble."""
    out: list[ValidityPeriod] = []
    for pid, text in _closing(draft):
        out.extend(read_sentence(text, pid, draft))
    return out
