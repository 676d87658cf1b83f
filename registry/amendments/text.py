"""Drafting conventions the republished text follows but a decision does not spell out.

Each function here is a rule of 立法技术 applied when a decision is applied,
documented so a difference it causes can be traced:

* `insert_with_separator`: 在"X"后增加"Y" inserts a co-ordinate element; the
  republished text separates it with the enumeration's mark (、 or ，).
* `renumber_references`: 条文顺序作相应调整 also renumbers this norm's own
  cross-references (本法第十六条 -> 本法第十五条) in text the decision did not
  rewrite; text the decision wrote already uses the new numbers.
* `punctuate_items`: items a decision adds or splits are typeset with 项
  punctuation: every item but the last ends with ；, the last with 。.
* `delete_words`: deleting words takes the punctuation the deletion leaves
  doubled (A、[X]、B) or dangling (根据……，) with it.
* `end_paragraph`: a paragraph the decision wrote ends with a full stop.

The rules are on by default because the official texts follow them; every
time one changes the text it appends a note (`rules`, a list the caller
passes) so the operation report shows each inference, never a silent one.
"""

from __future__ import annotations

import difflib
import re

from registry.core.ids import article_label
from registry.core.numerals import CN_NUMERAL_CHARS, cn_to_int

_CONNECTIVES = ("或者", "或", "和", "及", "以及", "等", "、", "，", "；", "。", "并且")
_PUNCT = "、，；。：:,;"
N = rf"[{CN_NUMERAL_CHARS}]+"
_SELF = r"本法|本条例|本细则|本规定|本办法|本实施条例|本实施细则"
_REF_RUN = re.compile(rf"(?:{_SELF})(?:第{N}条(?:之{N})?(?:第{N}款)?(?:第{N}项)?(?:、|和|或者|以及|及|至)?)+")
_ARTICLE = re.compile(rf"第({N})条(?:之({N}))?")


def separator(text: str, start: int, end: int, new: str, where: str) -> str:
    """The mark to put between an anchor at text[start:end] and a phrase inserted next to it."""
    if not new or new.startswith(_CONNECTIVES) or new[-1] in _PUNCT:
        return ""
    if where == "before":
        if new.endswith("的"):
            return ""  # a modifier: 在"民政部门"前增加"办理其登记的"
        prev = text[start - 1] if start > 0 else ""
        return prev if prev in "、，" else ""
    if new.startswith("的") or text[start:end].endswith(("和", "及", "与", "或者")):
        return ""  # the anchor ends in a conjunction: the new element follows it directly
    nxt = text[end] if end < len(text) else ""
    if nxt in "、，":
        return nxt
    if nxt in "。；" or not nxt:
        # the anchor closes a list of words (A、B、anchor) and a short word is added: it joins with 、
        in_list = text[max(0, start - 1):start] == "、" or "、" in text[start:end]
        return "、" if in_list and len(new) <= 12 and not re.search(r"[，,并且应当的]", new) else "，"
    return "、"


def insert_with_separator(text: str, anchor: str, new: str, where: str,
                          rules: list[str] | None = None) -> str | None:
    """Insert `new` after/before every occurrence of `anchor`; None if the anchor is absent."""
    if not anchor or anchor not in text:
        return None
    out, pos = [], 0
    for m in re.finditer(re.escape(anchor), text):
        sep = separator(text, m.start(), m.end(), new, where)
        if sep and rules is not None:
            rules.append(f"separator: “{sep}” put between “{anchor}” and the inserted “{new}”")
        out.append(text[pos:m.start()])
        out.append(anchor + sep + new if where == "after" else new + sep + anchor)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


_ADVERBIAL = ("根据", "依照", "按照", "依据", "对于", "经过")


def delete_words(text: str, old: str, rules: list[str] | None = None) -> str | None:
    """删去"X": remove every occurrence, and the punctuation the removal leaves doubled.

    A deleted adverbial (根据……，) takes its closing comma with it.
    """
    if not old or old not in text:
        return None
    out, pos = [], 0
    for m in re.finditer(re.escape(old), text):
        out.append(text[pos:m.start()])
        pos = m.end()
        prev = out[-1][-1:] if out[-1] else ""
        nxt = text[pos:pos + 1]
        if nxt and nxt in "，、；。" and (not prev or prev in _PUNCT + "（(" or
                                          (nxt == "，" and old.startswith(_ADVERBIAL))):
            if prev == "。" or not prev or prev in "（(" or old.startswith(_ADVERBIAL):
                pos += 1  # drop the mark after: 工作。[X]。同级 -> 工作。同级
                _note(rules, f"deletion punctuation: “{nxt}” after the deleted “{old}” dropped")
            elif prev in _PUNCT:
                out[-1] = out[-1][:-1]  # A、[X]、B -> A、B keeps one mark
                _note(rules, f"deletion punctuation: “{prev}” before the deleted “{old}” dropped")
    out.append(text[pos:])
    return "".join(out)


def end_paragraph(text: str, rules: list[str] | None = None) -> str:
    """A paragraph a decision wrote ends with a full stop even when the quotation leaves it off."""
    if text and re.match(r"[\u4e00-\u9fff）)”0-9A-Za-z]", text[-1]):
        _note(rules, f"full stop: added at the end of a paragraph the decision wrote (…{text[-12:]})")
        return text + "。"
    return text


def _note(rules: list[str] | None, text: str) -> None:
    if rules is not None:
        rules.append(text)


def renumber_references(current: str, original: str | None, mapping: dict[tuple[int, int | None], tuple[int, int | None]],
                        gone: set[tuple[int, int | None]], notes: list[str],
                        rules: list[str] | None = None) -> str:
    """Rewrite 本法第X条 references that survive unchanged from the old text.

    Only references lying wholly in spans equal to the old text are touched
    (found with difflib), so numbers a decision wrote itself stay as written.
    References to deleted articles are kept and noted.
    """
    if original is None or not mapping:
        return current
    kept = _unchanged_spans(original, current)

    def rewrite_run(run: re.Match[str]) -> str:
        def one(m: re.Match[str]) -> str:
            start, end = run.start() + m.start(), run.start() + m.end()
            if not any(a <= start and end <= b for a, b in kept):
                return m.group(0)
            key = (cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else None)
            if key in gone:
                notes.append(f"reference to deleted {m.group(0)} kept in: {current[:30]}…")
                return m.group(0)
            new = mapping.get(key)
            if not new:
                return m.group(0)
            _note(rules, f"cross-reference renumbered: {m.group(0)} -> {article_label(*new)} "
                         f"(条文顺序作相应调整) in: {current[:30]}…")
            return article_label(*new)
        return _ARTICLE.sub(one, run.group(0))

    return _REF_RUN.sub(rewrite_run, current)


def _unchanged_spans(original: str, current: str) -> list[tuple[int, int]]:
    if original == current:
        return [(0, len(current))]
    matcher = difflib.SequenceMatcher(None, original, current, autojunk=False)
    return [(b, b + size) for _, b, size in matcher.get_matching_blocks() if size]


def punctuate_items(texts: list[str], touched: list[bool], rules: list[str] | None = None) -> list[str]:
    """Item punctuation after a decision added or rewrote items (see module docstring)."""
    if not any(touched):
        return texts
    out = list(texts)
    last = len(out) - 1
    for k, text in enumerate(out):
        want = "。" if k == last else "；"
        stripped = text.rstrip()
        if not stripped:
            continue
        end = stripped[-1]
        if touched[k] and end not in "；;。.：:，,":
            out[k] = stripped + want
            _note(rules, f"item punctuation: “{want}” added to item {k + 1} (…{stripped[-12:]})")
        elif end in "；;。." and end != want and (touched[k] or (k + 1 <= last and touched[k + 1]) or
                                                 (k == last and any(touched))):
            out[k] = stripped[:-1] + want
            _note(rules, f"item punctuation: “{end}” -> “{want}” at the end of item {k + 1} (…{stripped[-12:]})")
    return out
