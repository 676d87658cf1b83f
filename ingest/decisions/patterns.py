"""Words a decision names by a pattern rather than verbatim: 第×条, or a kind of citation it describes.

Reads the quoted words of a 下列法律 header in the 2009 omnibus decision shape
(将下列法律中的"依照刑法第×条的规定"修改为"依照刑法有关规定"; 将下列法律中引用已纳入刑法并被废止的
关于惩治犯罪的决定的规定修改为…) and writes a `Pattern`: a regular expression over the
amended text and the decision's own words, compiled into `ReplacePattern` operations.
The engine applies it only where it matches and fails loudly where it does not, so a
pattern never edits a provision silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry.core.numerals import CN_NUMERAL_CHARS

_NUMBER = rf"[{CN_NUMERAL_CHARS}\d]+"
# 第×条: one article number, or a short list of them (第一百八十七条、第一百八十八条), 之一 and 第N款 included
_ARTICLES = rf"{_NUMBER}条(?:之{_NUMBER})?(?:第{_NUMBER}款)?(?:(?:、|和|或者)第{_NUMBER}条(?:之{_NUMBER})?(?:第{_NUMBER}款)?)*"


@dataclass(frozen=True)
class Pattern:
    regex: str
    described: str


def wildcard_pattern(words: str) -> Pattern:
    """"依照刑法第×条的规定": × stands for any article number.

    >>> rx = re.compile(wildcard_pattern("依照刑法第×条的规定").regex)
    >>> bool(rx.search("依照刑法第一百八十七条的规定追究刑事责任")), bool(rx.search("依照刑法有关规定"))
    (True, False)
    """
    head, _, tail = words.partition("×")
    if tail.startswith("条"):
        return Pattern(re.escape(head) + _ARTICLES + re.escape(tail[1:]), words)
    return Pattern(re.escape(head) + _NUMBER + re.escape(tail), words)


_DECISION_TITLE = r"(?:全国人民代表大会常务委员会)?《关于(?:惩治|严惩|禁止|禁毒)[^》]*》"


def described_pattern(what: str) -> Pattern | None:
    """The citations a header describes in words, when lexreg knows the kind; None otherwise.

    已纳入刑法并被废止的关于惩治犯罪的决定: a citation of one of the NPCSC decisions and
    supplementary provisions on punishing crimes (《关于惩治…的决定/补充规定》), with
    依照/比照 and the article it names.

    >>> rx = re.compile(described_pattern("已纳入刑法并被废止的关于惩治犯罪的决定").regex)
    >>> rx.sub("依照刑法有关规定", "依照全国人民代表大会常务委员会《关于惩治走私罪的补充规定》追究刑事责任")
    '依照刑法有关规定追究刑事责任'
    """
    if "惩治" not in what or "决定" not in what:
        return None
    regex = (rf"(?:依照|比照|按照)?{_DECISION_TITLE}(?:第{_ARTICLES})?(?:的)?(?:有关)?(?:规定)?")
    return Pattern(regex, what)
