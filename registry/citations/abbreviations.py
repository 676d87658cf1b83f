"""Abbreviations a norm defines for the norms it cites, read as the titles they stand for.

Reads a version's texts; writes {abbreviation: full title}, which resolution uses for a
citation whose title is an abbreviation (北京市实施《矿山安全法》办法 第一条 defines
《实施条例》, then cites 《实施条例》第五十四条: the 矿山安全法实施条例, not any 实施条例).
Extraction keeps the title as written; only the work it names changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# 《中华人民共和国矿山安全法实施条例》（以下简称《实施条例》）; （简称“条例”）; （以下简称民事诉讼法）
_ABBREVIATION = re.compile(r"《((?:[^《》\n]|《[^《》\n]*》){1,150})》[（(](?:以下)?简称[《“\"]?([^《》“”\"（）()，。、]{1,30}?)[》”\"]?[）)]")


def abbreviations(texts: Sequence[str]) -> dict[str, str]:
    """The short names a norm defines for the norms it cites: {abbreviation: full title}.

    >>> abbreviations(["根据《中华人民共和国矿山安全法实施条例》（以下简称《实施条例》），制定本办法。"])
    {'实施条例': '中华人民共和国矿山安全法实施条例'}
    """
    out: dict[str, str] = {}
    for text in texts:
        for m in _ABBREVIATION.finditer(text):
            if m.group(2) != m.group(1):
                out.setdefault(m.group(2), m.group(1))
    return out
