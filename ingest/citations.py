"""Citation extraction: one provision's text in, `CitationDraft`s out (pure, no store).

Reads the text of one provision (an article, a paragraph, an item, a notice
section or a preamble) and its pid; writes citation drafts with exact spans.
Resolution to works and versions happens later in `registry`, so this module
only decides *what is written*, never whether the target exists.

What counts as a citation (the golden file tests/golden/citations.jsonl is
labelled by these rules, read by a person):

- every 《title》 whose title (edition brackets aside) ends in a norm word
  (法, 条例, 规定, 办法, 决定, 解释, 通知, 纲要, 规划 …); forms and
  certificates (《采矿许可证》, 《申请表》) are not norms; a 《X》 right after
  以下简称 is a definition, not a citation. 〈〉 or pandoc's \\<\\> inside stay
  part of the one outer title;
- a title followed by its 文号 in brackets is one ``docnum`` citation;
- article chains after a title, 本法/本条例/…, 前款, 本条, a bare code name
  (刑法第二百六十四条, 依照城乡规划法有关规定) or a bare 第X条 (= the citing norm), one draft per
  element of a chain (第十条、第十二条), a 至 range as one draft with two ends;
- 根据/依据/依照 … 《X》 (or bare 宪法) … 制定/解释如下/规定如下 in one sentence:
  ``basis``;
- 文号 standing alone (国发〔2008〕3号, 监察部令第15号): ``docnum``;
- classes of norms (有关法律、行政法规; 法律、法规; 法律另有规定): ``generic``.
  A single class needs 有关/相关/其他 before it or 规定 after it.
Not citations: 本法 without an article, bare 本条, chapters (本章), 国家有关规定.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from registry.citations.drafts import CitationDraft, ProvisionRef
from registry.core.numerals import NUM, cn_to_int

if TYPE_CHECKING:
    from registry.norms.drafts import DocumentDraft

STRUCTURE_KINDS = ("book", "subbook", "chapter", "section")  # headings cite nothing

_N = NUM
# One element of an article chain: 第十条之一第二款第（三）项, or a part of it.
_ELEM = re.compile(
    rf"(?=第)(?:第(?P<a>{_N})条(?:之(?P<asub>{_N}))?)?(?:第(?P<p>{_N})款)?"
    rf"(?:第[（(]?(?P<i>{_N})[）)]?项)?"
)
_SEP = re.compile(r"、|以及|或者|及|和|或|与|至|到")
_RANGE_SEPS = ("至", "到")

_SELF_WORDS = "分编|编|章|节|实施细则|实施办法|实施条例|条例|规定|办法|解释|细则|规则|法|决定|准则"
_CODES = (
    "宪法|刑法|民法典|民法通则|民法总则|刑事诉讼法|民事诉讼法|行政诉讼法|行政处罚法|行政复议法|"
    "行政许可法|国家赔偿法|合同法|物权法|担保法|侵权责任法|婚姻法|继承法|公司法|立法法|"
    "治安管理处罚法|监察法|劳动法|劳动合同法"
)
# A law named without 《》 (城乡规划法, 商标法第十条): the words before it are not part of its name.
_BOUNDARY2 = "依照|根据|依据|违反|适用|按照|参照|比照|符合|对于|属于|关于|执行|认定|实施|包括|规定|应当|可以|其他|有关"
_BOUNDARY1 = "为的和及或与即是由在指、"
_NAME = (rf"(?:中华人民共和国)?(?![本该前同此])"
         rf"(?:(?!{_BOUNDARY2}|[{_BOUNDARY1}]|本(?:{_SELF_WORDS}))[\u4e00-\u9fff]){{1,14}}?(?:法|条例)")
_NOT_NAMES = frozenset("方法 办法 立法 执法 依法 违法 合法 非法 司法 守法 做法 说法 想法 算法 手法 书法 用法 "
                       "实施条例 管理条例 有关条例 相关条例".split())
_CLASS = r"地方性法规|行政法规|部门规章|地方政府规章|法律法规|法律|法规|规章|自治条例|单行条例|司法解释"
_CSEP = r"、|以及|或者|及|和|与"
_BR_OPEN, _BR_CLOSE = "〔\\[［(（", "〕\\]］)）"
# 文号 prefixes start a word: not inside a running CJK phrase, except after a verb of use.
_DOC_START = r"(?:(?<![\u4e00-\u9fff])|(?<=根据)|(?<=依据)|(?<=依照)|(?<=按照)|(?<=执行)|(?<=贯彻)|(?<=印发)|(?<=日))"
_DOC_NOT = r"(?!根据|依据|依照|按照|执行|贯彻|印发|经|日)"
_DOCNUM = (
    rf"(?:[\u4e00-\u9fff]{{1,10}}[{_BR_OPEN}]\d{{4}}[{_BR_CLOSE}]第?\d+号"
    rf"|[\u4e00-\u9fff、]{{1,30}}?令第{NUM}号)"
)

# The alternatives of the one scanning regex, each with the literal text it cannot
# match without: `_master` leaves out the costly ones when the provision lacks it,
# which is what keeps the corpus pass fast (most provisions cite nothing).
_ALTERNATIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?P<title>《(?:[^《》\n]|《[^《》\n]*》){1,150}》)", ("《",)),
    (rf"(?P<self>本(?:{_SELF_WORDS}))(?=第)", ("第",)),
    (r"(?P<this>本[条款项])(?=第)", ("第",)),
    (r"(?<![目当提之以事空眼跟面向生超往上])(?P<prev>前(?P<pn>[两二三四五六七八九]?)(?P<pu>[款条项]))(?![件目])",
     ("前",)),
    (rf"(?P<that>该(?:{_SELF_WORDS}))(?=第)", ("第",)),
    (rf"(?<=依照|根据|依据|按照|违反|适用|参照|比照)(?P<named>{_NAME})(?=有关规定|的有关规定|的规定|规定|第)", ("法", "条例")),
    (rf"(?:(?<![\u4e00-\u9fff])|(?<={_BOUNDARY2})|(?<=[{_BOUNDARY1}]))(?P<named_art>{_NAME})(?=第{_N}条)", ("法第", "条例第")),
    (rf"(?P<code>(?:中华人民共和国)?(?:{_CODES}))", ("第", "制定", "如下")),
    (rf"(?P<bare>(?=第{_N}[条款项]|第[（(]{_N}[）)]项))", ("第",)),
    (rf"{_DOC_START}{_DOC_NOT}原?(?P<docnum>{_DOCNUM})", ("号",)),
    (rf"(?P<generic>(?:(?:其他)?(?:有关|相关)|其他)(?:{_CLASS})(?:(?:{_CSEP})(?:{_CLASS}))*"
     rf"|(?:{_CLASS})(?:(?:{_CSEP})(?:{_CLASS}))+|法律法规"
     rf"|(?:{_CLASS})(?=另有规定|规定|的规定|的有关规定))", ("法律", "法规", "规章", "条例", "司法解释")),
)


@lru_cache(maxsize=None)
def _compiled(mask: int) -> re.Pattern[str] | None:
    parts = [alt for i, (alt, _) in enumerate(_ALTERNATIVES) if mask >> i & 1]
    return re.compile("|".join(parts)) if parts else None


def _master(text: str) -> re.Pattern[str] | None:
    """The scanning regex holding only the alternatives this text could match."""
    mask = 0
    for i, (_, needles) in enumerate(_ALTERNATIVES):
        if any(n in text for n in needles):
            mask |= 1 << i
    return _compiled(mask)


_DOCNUM_AFTER_TITLE = re.compile(rf"[（(](?P<docnum>{_DOCNUM})[）)]")
_NORM_END = re.compile(
    r"(?:法|法典|条例|规定|办法|细则|决定|决议|解释|通知|意见|规则|纲要|规划|批复|答复|复函|公约|"
    r"协定|条约|议定书|章程|准则|标准|规范|规程|修正案|安排|通则|民法总则|目录|名录|清单|公告|方案|纪要|指引|指南)$"
)
_EDITION_TAIL = re.compile(r"(?:[（(][^（）()]*[）)])+$")
_SENTENCE_END = re.compile(r"[。；\n]")
_BASIS_TRIGGER = re.compile(r"根据|依据|依照")
_BASIS_END = re.compile(r"制定|解释如下|规定如下")
_SOURCE_PID = re.compile(r"art_(\d+)(?:-(\d+))?(?:__para_(\d+))?(?:__item_(\d+))?")


def _num(text: str | None) -> int | None:
    return cn_to_int(text) if text else None


def _is_norm_title(inner: str) -> bool:
    """A 《》 that names a norm, not a form, certificate or book."""
    return bool(_NORM_END.search(_EDITION_TAIL.sub("", inner)))


class _Context:
    """Where the citing provision sits, for 本条 / 前款 / bare 第二款."""

    __slots__ = ("article", "article_sub", "paragraph", "item")

    def __init__(self, source_pid: str) -> None:
        m = _SOURCE_PID.match(source_pid)
        self.article = int(m.group(1)) if m else None
        self.article_sub = int(m.group(2)) if m and m.group(2) else None
        self.paragraph = int(m.group(3)) if m and m.group(3) else None
        self.item = int(m.group(4)) if m and m.group(4) else None


def _chain(text: str, pos: int) -> list[tuple[int, int, ProvisionRef, bool]]:
    """Article-chain elements from `pos`: (start, end, partial ref, joined-by-range)."""
    out: list[tuple[int, int, ProvisionRef, bool]] = []
    ranged = False
    while True:
        m = _ELEM.match(text, pos)
        if not m or m.end() == pos:
            break
        out.append((m.start(), m.end(), ProvisionRef(_num(m["a"]), _num(m["asub"]), _num(m["p"]), _num(m["i"])), ranged))
        s = _SEP.match(text, m.end())
        if not s or not _ELEM.match(text, s.end()) or _ELEM.match(text, s.end()).end() == s.end():
            break
        ranged = s.group() in _RANGE_SEPS
        pos = s.end()
    return out


def _inherit(ref: ProvisionRef, base: ProvisionRef | None) -> ProvisionRef:
    """第十条第一款、第二款: an element starting lower inherits the levels above it."""
    if base is None or ref.article is not None:
        return ref
    if ref.paragraph is not None:
        return ProvisionRef(base.article, base.article_sub, ref.paragraph, ref.item)
    return ProvisionRef(base.article, base.article_sub, base.paragraph, ref.item)


def _emit_chain(
    text: str, anchor_start: int, elems: list[tuple[int, int, ProvisionRef, bool]], base: ProvisionRef | None,
    kind: str, source_pid: str, title: str = "", doc_number: str = "",
) -> Iterator[CitationDraft]:
    """One draft per element; a 至 range folds into the draft before it."""
    drafts: list[list] = []  # [start, end, ref, ref_end]
    prev = base
    for i, (s, e, ref, ranged) in enumerate(elems):
        full = _inherit(ref, prev)
        prev = full
        if ranged and drafts:
            drafts[-1][1], drafts[-1][3] = e, full
        else:
            drafts.append([anchor_start if i == 0 else s, e, full, None])
    for s, e, ref, ref_end in drafts:
        yield CitationDraft(kind, text[s:e], s, e, source_pid, title, doc_number, ref, ref_end)


def _basis_sentence(text: str, start: int, end: int) -> bool:
    """根据/依据/依照 before the title and 制定/解释如下 after it, in one sentence."""
    left = max(text.rfind("。", 0, start), text.rfind("；", 0, start), text.rfind("\n", 0, start)) + 1
    m = _SENTENCE_END.search(text, end)
    right = m.start() if m else len(text)
    return bool(_BASIS_TRIGGER.search(text, left, start)) and bool(_BASIS_END.search(text, end, right))


def extract(text: str, source_pid: str = "", regions: list[tuple[int, int]] | None = None) -> list[CitationDraft]:
    """All citations in one provision's text, in order of appearance.

    `source_pid` (art_47__para_2) anchors 本条/前款/bare 第二款; without it the
    relative targets keep only what the text says (para_1). `regions` limits
    the scan to parts of the text (a parent's own words between its children)
    while offsets stay those of the whole text.
    """
    if regions is not None:
        return [c for s, e in regions for c in _extract(text, source_pid, s, e)]
    return _extract(text, source_pid, 0, len(text))


def _extract(text: str, source_pid: str, begin: int, stop: int) -> list[CitationDraft]:
    ctx = _Context(source_pid)
    here = ProvisionRef(ctx.article, ctx.article_sub, ctx.paragraph, ctx.item)
    out: list[CitationDraft] = []
    last_title = ""
    master = _master(text[begin:stop] if begin or stop != len(text) else text)
    pos = begin if master else stop
    while master and pos < stop:
        m = master.search(text, pos, stop)
        if not m:
            break
        group = m.lastgroup if m.lastgroup not in ("pn", "pu") else "prev"
        pos = max(m.end(), m.start() + 1)  # bare is zero-width: always move on
        if group == "title":
            inner = m.group("title")[1:-1]
            if not _is_norm_title(inner) or text.endswith("简称", 0, m.start()):
                continue
            end, doc_number = m.end(), ""
            d = _DOCNUM_AFTER_TITLE.match(text, end)
            if d:
                end, doc_number = d.end(), d.group("docnum")
            kind = "basis" if _basis_sentence(text, m.start(), end) else ("docnum" if doc_number else "cites")
            last_title = inner
            elems = _chain(text, end)
            if elems:
                out.extend(_emit_chain(text, m.start(), elems, None, kind, source_pid, inner, doc_number))
                pos = elems[-1][1]
            else:
                out.append(CitationDraft(kind, text[m.start():end], m.start(), end, source_pid, inner, doc_number))
                pos = end
        elif group in ("self", "that", "code", "named", "named_art"):
            name = m.group(group)
            if group == "named_art":
                group = "named"
            if group == "named" and name in _NOT_NAMES:
                continue
            elems = _chain(text, m.end())
            title = name if group in ("code", "named") else (last_title if group == "that" else "")
            if group in ("code", "named"):
                last_title = title
            kind = "self" if group == "self" else "cites"
            if elems:
                out.extend(_emit_chain(text, m.start(), elems, None, kind, source_pid, title))
                pos = elems[-1][1]
            elif group == "named" or (group == "code" and _basis_sentence(text, m.start(), m.end())):
                kind = "basis" if _basis_sentence(text, m.start(), m.end()) else "cites"
                out.append(CitationDraft(kind, name, m.start(), m.end(), source_pid, title))
        elif group == "this":
            word = m.group("this")
            base = here if word == "本项" else ProvisionRef(
                ctx.article, ctx.article_sub, ctx.paragraph if word == "本款" else None)
            elems = _chain(text, m.end())
            if elems:
                out.extend(_emit_chain(text, m.start(), elems, base, "relative", source_pid))
                pos = elems[-1][1]
        elif group == "prev":
            out_draft, pos = _previous(text, m, ctx, source_pid)
            out.extend(out_draft)
        elif group == "bare":
            elems = _chain(text, m.start())
            if not elems:
                continue
            first = elems[0][2]
            kind = "self" if first.article is not None else "relative"
            # a bare 第（四）项 names an item of this article, usually listed in an earlier 款
            base = None if first.article is not None else ProvisionRef(ctx.article, ctx.article_sub)
            out.extend(_emit_chain(text, m.start(), elems, base, kind, source_pid))
            pos = elems[-1][1]
        elif group == "docnum":
            s, e = m.span("docnum")
            if _own_line(text, s, e):  # a document's own 文号 under its title, not a citation
                continue
            out.append(CitationDraft("docnum", text[s:e], s, e, source_pid, "", text[s:e]))
        elif group == "generic":
            out.append(CitationDraft("generic", m.group(), m.start(), m.end(), source_pid))
    return out


def _own_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end:line_end if line_end >= 0 else len(text)].strip()


def _previous(text: str, m: re.Match[str], ctx: _Context, source_pid: str) -> tuple[list[CitationDraft], int]:
    """前款 / 前两款 / 前条 / 前项, optionally followed by 第（三）项 and the like."""
    count = cn_to_int(m.group("pn")) if m.group("pn") else 1
    unit = m.group("pu")
    art, sub, para, item = ctx.article, ctx.article_sub, ctx.paragraph, ctx.item

    def at(back: int) -> ProvisionRef:
        if unit == "款":
            return ProvisionRef(art, sub, para - back if para else None)
        if unit == "项":
            return ProvisionRef(art, sub, para, item - back if item else None)
        if art is None:
            return ProvisionRef()
        if sub:  # 第十条之二's 前条 is 第十条之一; 之一's is 第十条
            return ProvisionRef(art, sub - back if sub - back > 0 else None)
        return ProvisionRef(art - back)

    first, last = at(count), at(1)
    end = m.end()
    elems = _chain(text, end)
    if elems and elems[0][2].article is None and (unit != "项"):
        drafts = list(_emit_chain(text, m.start(), elems, first, "relative", source_pid))
        return drafts, elems[-1][1]
    ref_end = last if count > 1 else None
    return [CitationDraft("relative", text[m.start():end], m.start(), end, source_pid, "", "", first, ref_end)], end


def extract_document(draft: DocumentDraft) -> list[CitationDraft]:
    """Citations of a whole parsed document: its preamble and every provision's own text.

    A parent's text repeats its children's (an article holds its 款), so a
    parent is scanned only between its children: each citation is reported
    once, with the most specific source pid, and no text is scanned twice.
    """
    return extract_provisions(draft.preamble, draft.provisions)


class ProvisionLike(Protocol):
    """What extraction needs of a provision: a parsed draft and a stored row both have it."""

    pid: str
    kind: str
    parent: str
    text: str


def extract_provisions(preamble: str, provisions: Sequence[ProvisionLike]) -> list[CitationDraft]:
    """Citations of a preamble and a provision tree in document order (drafts or stored rows)."""
    out: list[CitationDraft] = []
    if preamble:
        out.extend(extract(preamble, ""))
    children: dict[str, list[str]] = {}
    for prov in provisions:
        if prov.parent:
            children.setdefault(prov.parent, []).append(prov.text)
    for prov in provisions:
        if prov.kind in STRUCTURE_KINDS or not prov.text:
            continue
        kids = children.get(prov.pid)
        out.extend(extract(prov.text, prov.pid, _gaps(prov.text, kids) if kids else None))
    return out


def _gaps(text: str, child_texts: list[str]) -> list[tuple[int, int]]:
    """The parts of a parent's text outside its children's, searched in order."""
    gaps, pos = [], 0
    for child in child_texts:
        at = text.find(child, pos) if child else -1
        if at >= 0:
            if at > pos:
                gaps.append((pos, at))
            pos = at + len(child)
    if pos < len(text):
        gaps.append((pos, len(text)))
    return gaps
