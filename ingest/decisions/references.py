"""Provision references and quotations as decisions write them: the lexicon of the compiler.

Reads 第二十九条第三款和第四款, 第九条第一款第（四）项, 第八十一条第二、三款,
第九十七条第一款第一句, 第七十一条至第七十四条 into `Ref`s / `NewArticle`s;
`ingest.decisions.compiler` builds its clause patterns from the regex pieces here.
"""

from __future__ import annotations

import re

from ingest.decisions.text import CLOSE, OPEN
from registry.amendments.operations import NewArticle, Ref
from registry.core.numerals import CN_NUMERAL_CHARS, cn_to_int

N = rf"[{CN_NUMERAL_CHARS}\d]+"
Q = rf"{OPEN}[^{CLOSE}]*{CLOSE}"
QS = rf"(?:{Q}[、和]?\s*)+"
_ITEM = rf"第[（(]?{N}[）)]?项"
_SENTENCE = rf"(?:第{N}句|第一自然段)?"
_ATOM = (rf"第{N}条(?:之{N})?(?:第{N}(?:、{N})*款)?(?:{_ITEM})?{_SENTENCE}"
         rf"|第{N}(?:、{N})+[款项]"
         rf"|第{N}款(?:{_ITEM})?{_SENTENCE}"
         rf"|{_ITEM}")
REFS = rf"(?:{_ATOM})(?:[、和及](?:{_ATOM}))*"
NEWART = rf"第{N}条(?:之{N})?"
WHOLE = r"相关条文|有关条文|本法|本条例|本规定|本办法|本细则|全文"
CONTEXT = r"其|该条|本条"
_ATOM_RX = re.compile(
    rf"第(?P<a>{N})条(?:之(?P<s>{N}))?(?:第(?P<p>{N})款)?(?:第[（(]?(?P<i>{N})[）)]?项)?(?P<lead>第一自然段)?"
    rf"(?:第(?P<sent>{N})句)?"
    rf"|第(?P<p2>{N})款(?:第[（(]?(?P<i2>{N})[）)]?项)?(?P<lead2>第一自然段)?(?:第(?P<sent2>{N})句)?"
    rf"|第[（(]?(?P<i3>{N})[）)]?项")
SEPARATORS = re.compile(r"[，,；;。：:、\s]+")
_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def parse_refs(text: str, context: Ref | None = None) -> tuple[Ref, ...]:
    """References as a decision lists them, missing parts taken from the one before.

    >>> [str(r) for r in parse_refs("第二十九条第三款和第四款、第三十六条")]
    ['第二十九条第三款', '第二十九条第四款', '第三十六条']
    >>> [str(r) for r in parse_refs("第二款", Ref(36))]
    ['第三十六条第二款']
    >>> parse_refs("第九条第一款第（四）项")[0] == Ref(9, para=1, item=4)
    True
    """
    refs: list[Ref] = []
    prev = context
    text = re.sub(rf"第({N}(?:、{N})+)([款项])",
                  lambda m: "、".join(f"第{n}{m.group(2)}" for n in m.group(1).split("、")), text)
    for m in _ATOM_RX.finditer(text):
        art = prev.article if prev else None
        sub = prev.sub if prev else None
        if m.group("a"):
            ref = Ref(cn_to_int(m.group("a")), num_or_none(m.group("s")), num_or_none(m.group("p")), num_or_none(m.group("i")),
                      bool(m.group("lead")), num_or_none(m.group("sent")))
            refs.append(ref)
        elif m.group("p2"):
            refs.append(Ref(art, sub, cn_to_int(m.group("p2")), num_or_none(m.group("i2")), bool(m.group("lead2")),
                            num_or_none(m.group("sent2"))))
        else:
            refs.append(Ref(art, sub, prev.para if prev else None, cn_to_int(m.group("i3"))))
        prev = refs[-1]
    return tuple(refs)


def parse_new_articles(text: str) -> list[NewArticle]:
    """第七十一条至第七十四条 / 第三条、第四条 -> new article numbers."""
    found = [(cn_to_int(m.group(1)), num_or_none(m.group(2)), m.start())
             for m in re.finditer(rf"第({N})条(?:之({N}))?", text)]
    out: list[NewArticle] = []
    for i, (num, sub, start) in enumerate(found):
        if i and "至" in text[found[i - 1][2]:start] and not sub:
            out.extend(NewArticle(n) for n in range(found[i - 1][0] + 1, num))
        out.append(NewArticle(num, sub))
    return out


def num_or_none(text: str | None) -> int | None:
    return cn_to_int(text) if text else None


def count_word(text: str) -> int:
    """增加两款 / 增加三条: the count as a number."""
    return _COUNT.get(text) or cn_to_int(text)
