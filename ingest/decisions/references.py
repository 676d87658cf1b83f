"""Provision references and quotations as decisions write them: the lexicon of the compiler.

Reads 第二十九条第三款和第四款, 第九条第一款第（四）项, 第八十一条第二、三款,
第九十七条第一款第一句, 第三条、第七条至第九条、第十五条 (a list mixing single provisions
and ranges), 第十条之一, 原第五项 into `Ref`s / `NewArticle`s. One small tokenizer
(`tokens`) cuts a reference list into atoms and the joiners between them (、 和 及 至);
`parse_refs` folds them, taking missing parts from the atom before and expanding every
至 range at the level it is written (条, 款 or 项). Every rule of
`ingest.decisions.compiler` builds its clause patterns from the regex pieces here
(REFS accepts 至 between atoms), so no rule carries its own reference regex.
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
REFS = rf"(?:原)?(?:{_ATOM})(?:(?:[、和及]|至|以及)(?:{_ATOM}))*"
NEWART = rf"第{N}条(?:之{N})?"
WHOLE = r"相关条文|有关条文|本法|本条例|本规定|本办法|本细则|全文"
CONTEXT = r"其|该条|本条"
_ATOM_RX = re.compile(
    rf"第(?P<a>{N})条(?:之(?P<s>{N}))?(?:第(?P<p>{N})款)?(?:第[（(]?(?P<i>{N})[）)]?项)?(?P<lead>第一自然段)?"
    rf"(?:第(?P<sent>{N})句)?"
    rf"|第(?P<p2>{N})款(?:第[（(]?(?P<i2>{N})[）)]?项)?(?P<lead2>第一自然段)?(?:第(?P<sent2>{N})句)?"
    rf"|第[（(]?(?P<i3>{N})[）)]?项")
SEPARATORS = re.compile(r"(?:[，,；;。：:、\s]|并(?=将|删去|在|增加|对|把)|同时(?=将|删去|在|增加))+")  # 并将其中的…
_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


_JOINER = re.compile(r"至|[、和及]|以及")


def tokens(text: str) -> list[tuple[str, re.Match[str] | str]]:
    """A reference list cut into ("atom", match) and ("to", "至") / ("and", "、") tokens.

    >>> [k for k, _ in tokens("第三条、第七条至第九条")]
    ['atom', 'and', 'atom', 'to', 'atom']
    """
    out: list[tuple[str, re.Match[str] | str]] = []
    pos = 0
    for m in _ATOM_RX.finditer(text):
        between = text[pos:m.start()]
        if out and _JOINER.search(between):
            out.append(("to" if "至" in between else "and", between))
        out.append(("atom", m))
        pos = m.end()
    return out


def _expand(low: Ref, high: Ref) -> list[Ref]:
    """第七条至第九条 / 第二款至第四款 / 第一项至第三项: the refs strictly between low and high."""
    if high.item is not None and low.item is not None and (low.article, low.para) == (high.article, high.para):
        return [Ref(low.article, low.sub, low.para, n) for n in range(low.item + 1, high.item)]
    if high.para is not None and low.para is not None and high.item is None and low.article == high.article:
        return [Ref(low.article, low.sub, n) for n in range(low.para + 1, high.para)]
    if (low.article is not None and high.article is not None and low.para is None and high.para is None
            and low.sub is None and high.sub is None):
        return [Ref(n) for n in range(low.article + 1, high.article)]
    return []


def parse_refs(text: str, context: Ref | None = None) -> tuple[Ref, ...]:
    """References as a decision lists them, missing parts taken from the one before.

    >>> [str(r) for r in parse_refs("第二十九条第三款和第四款、第三十六条")]
    ['第二十九条第三款', '第二十九条第四款', '第三十六条']
    >>> [str(r) for r in parse_refs("第二款", Ref(36))]
    ['第三十六条第二款']
    >>> parse_refs("第九条第一款第（四）项")[0] == Ref(9, para=1, item=4)
    True
    >>> [r.article for r in parse_refs("第三条、第七条至第九条、第十五条")]
    [3, 7, 8, 9, 15]
    >>> [str(r) for r in parse_refs("第二款至第四款", Ref(40))]
    ['第四十条第二款', '第四十条第三款', '第四十条第四款']
    """
    refs: list[Ref] = []
    prev = context
    text = re.sub(rf"第({N}(?:、{N})+)([款项])",
                  lambda m: "、".join(f"第{n}{m.group(2)}" for n in m.group(1).split("、")), text)
    ranged = False
    for kind, m in tokens(text):
        if kind != "atom":
            ranged = kind == "to"
            continue
        assert isinstance(m, re.Match)
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
        if ranged and len(refs) > 1:
            refs[-1:-1] = _expand(refs[-2], refs[-1])
            ranged = False
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
