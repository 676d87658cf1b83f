"""印发通知: a notice that issues a document, and where the issued document is.

Reads the decoded text of one file (before structure parsing: the notice and the
issued document share it) and writes an `IssuanceNotice`, or None when the file
is no such notice. A file is a 印发通知 when, in its first lines, it has a title
line 关于印发《X》的通知 or a sentence that issues a named document (现将《X》印发给
你们, 特制定《X》。现印发给你们, 特制定本办法……现予印发). The notice gives the 文号
(a line of its own under its title) and the 印发日期 (its date line, under the
issuing organ); the issued document starts at its own title line after that, or,
in LawRefBook files whose header holds the notice, at the first body line after
`<!-- INFO END -->`. The issued document's 施行日期 is its closing 自…起施行/执行
(自印发之日起施行 = the 印发日期).
"""

from __future__ import annotations

import re

from ingest.dates import find_dates, parse_date
from ingest.header import DOC_NUMBER_RE, INFO_END
from ingest.repeals import normalise_title
from registry.core.ids import normalise_doc_number
from registry.norms.lifecycle_facts import IssuanceNotice

_HEAD_LINES = 40  # a notice precedes what it issues: look no further for it
_VERBS = r"(?:印发|发布|颁发|下发|颁布)"
_TITLE_LINE = re.compile(rf"^(?P<organ>.{{0,40}}?)关于{_VERBS}(?P<t>《.+》|.+?)(?:的)?通知$")
_SENTENCE = re.compile(
    rf"(?:现将|特将|今将|将)(?P<t>《(?:[^《》]|《[^《》]*》)+》)(?:等[^，。]{{0,10}})?{_VERBS}给你们"
    rf"|(?:特?制定(?:了)?(?P<t2>《(?:[^《》]|《[^《》]*》)+》|本(?:办法|规定|细则|规则|意见|方案))[^。]{{0,40}}?。?)?"
    rf"(?:现|特此|现予|予以|现将其){_VERBS}(?:给你们|施行)?(?=[，。,；]|$)"
)
_IN_FORCE = re.compile(r"自(?P<d>[^。；，]{6,16}?日|印发之日|发布之日|公布之日|下发之日)起(?:施行|执行|实施|生效|试行)")
_HEADER_START = re.compile(r"^(?P<d>.{8,20}日)\s*(?:施行|执行|实施)$")


def _clean(line: str) -> str:
    return line.strip().lstrip("#>").strip().replace("\u3000", " ").strip()


def _unquote(title: str) -> str:
    t = title.strip()
    if t.startswith("《") and t.endswith("》"):
        t = t[1:-1]
    return normalise_title(t)


def _same(a: str, b: str) -> bool:
    return re.sub(r"[\s《》〈〉]", "", a) == re.sub(r"[\s《》〈〉]", "", b)


def read_issuance(text: str) -> IssuanceNotice | None:
    """The notice this file is, and the document it issues; None for any other file.

    >>> n = read_issuance("关于印发《示例市临时用地管理办法》的通知\\n示政发〔2023〕5号\\n各区人民政府：\\n"
    ...     "现将《示例市临时用地管理办法》印发给你们，请认真贯彻执行。\\n示例市人民政府\\n2023年5月10日\\n"
    ...     "示例市临时用地管理办法\\n第一条 为了规范临时用地管理，制定本办法。\\n第二条 本办法自2023年7月1日起施行。")
    >>> n.issued_title, n.doc_number, n.issued_on.isoformat(), n.issued_start_line, n.issued_effective.isoformat()
    ('示例市临时用地管理办法', '示政发〔2023〕5号', '2023-05-10', 7, '2023-07-01')
    """
    lines = [_clean(line) for line in text.split("\n")]
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line and line != "---"]
    head = numbered[:_HEAD_LINES]
    title_at = next(((n, m) for n, line in head if (m := _TITLE_LINE.match(line))), None)
    sentence_at = next(((n, line, m) for n, line in head if (m := _SENTENCE.search(line))), None)
    if not title_at and not sentence_at:
        return None
    issued = ""
    if sentence_at:
        m = sentence_at[2]
        issued = _unquote(m.group("t") or m.group("t2") or "") if (m.group("t") or (m.group("t2") or "").startswith("《")) else ""
    if not issued and title_at:
        issued = _unquote(title_at[1].group("t"))
    if not issued:
        return None
    notice_line = title_at[0] if title_at else None
    doc_number = ""
    if notice_line:
        for n, line in numbered:
            if n > notice_line and n <= notice_line + 4 and DOC_NUMBER_RE.fullmatch(line):
                doc_number = normalise_doc_number(line)
                break
    after = sentence_at[0] if sentence_at else (notice_line or 0)
    issued_on, issuer, date_line = None, "", None
    for k, (n, line) in enumerate(numbered):
        if n <= after or n > after + 12:
            continue
        dates = find_dates(line)
        if dates and dates[0][1] == 0 and dates[0][2] >= len(line) - 1:
            issued_on, date_line = dates[0][0], n
            prev = numbered[k - 1][1] if k else ""
            issuer = prev if prev and len(prev) <= 40 and not re.search(r"[。，；：]", prev) else ""
            break
    start = _issued_start(numbered, lines, issued, date_line or after)
    effective, wording = _issued_effective(numbered, start, issued_on)
    return IssuanceNotice(
        notice_title=title_at[1].group(0) if title_at else "", issued_title=issued, doc_number=doc_number,
        issued_on=issued_on, issuer=issuer, sentence=sentence_at[1] if sentence_at else "",
        sentence_line=sentence_at[0] if sentence_at else None, issued_start_line=start,
        issued_effective=effective, effective_wording=wording)


def _issued_start(numbered: list[tuple[int, str]], lines: list[str], issued: str, after: int) -> int | None:
    """The issued document's own title line after the notice, else the first body line."""
    for n, line in numbered:
        if n > after and _same(line, issued):
            return n
    info_end = next((i + 1 for i, line in enumerate(lines) if line == INFO_END.strip()), None)
    if info_end:
        return next((n for n, line in numbered if n > info_end and line.strip("#").strip()), None)
    return next((n for n, line in numbered if n > after and re.match(r"^(第[一二三四五六七八九十]+[章条]|一、)", line)), None)


def _issued_effective(numbered: list[tuple[int, str]], start: int | None, issued_on) -> tuple:
    """The issued document's own 施行日期: its last 自…起施行 (or a header line 1995年1月1日 执行)."""
    if start is None:
        return None, ""
    found = None
    for n, line in numbered:
        if n < start:
            m = _HEADER_START.match(line)
            if m and parse_date(m.group("d")):
                found = (parse_date(m.group("d")), line)
            continue
        for m in _IN_FORCE.finditer(line):
            d = issued_on if m.group("d").endswith("之日") else parse_date(m.group("d"))
            if d:
                found = (d, m.group(0))
    return found if found else (None, "")
