"""Dates as Chinese legal texts write them: 2008年12月6日, 二〇〇八年十二月六日, 2008-12-06."""

from __future__ import annotations

import re
from datetime import date

from registry.core.numerals import CN_DIGIT_CHARS, cn_to_int, digits_cn_to_int

_CN_DIGIT = CN_DIGIT_CHARS
_NUM = rf"[0-9０-９]{{1,2}}|[{_CN_DIGIT}十]{{1,3}}"
DATE_RE = re.compile(
    rf"(?P<y>[0-9０-９]{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
)


def _make(y: str, m: str, d: str) -> date | None:
    try:
        return date(digits_cn_to_int(y), cn_to_int(m), cn_to_int(d))
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every valid date in `text` with its span.

    >>> [d.isoformat() for d, _, _ in find_dates("2008年12月6日通过，二〇〇九年一月一日施行")]
    ['2008-12-06', '2009-01-01']
    """
    out = []
    for m in DATE_RE.finditer(text):
        if m.group("y"):
            d = _make(m.group("y"), m.group("m"), m.group("d"))
        else:
            d = _make(m.group("iy"), m.group("im"), m.group("id"))
        if d:
            out.append((d, m.start(), m.end()))
    return out


def parse_date(text: str) -> date | None:
    """The first date in `text`, or None.

    >>> parse_date("2019-08-26 00:00:00"), parse_date("无")
    (datetime.date(2019, 8, 26), None)
    """
    found = find_dates(text or "")
    return found[0][0] if found else None
