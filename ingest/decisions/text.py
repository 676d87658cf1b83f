"""Decision text -> instruction units: the layout half of the decision compiler.

Reads the text of a 修改决定 (after `ingest.readers`) and writes a list of
`Unit`s: one per instruction paragraph, with the multi-paragraph quotations
that follow it folded in, straight quotes turned into curly ones, and the
enumerator (一、 / （一）) split off. `ingest.decisions.compiler` then reads the
grammar of each unit. Kept apart because the two halves fail differently: a
layout error loses text, a grammar error misreads it, and both must be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registry.core.numerals import CN_NUMERAL_CHARS

OPEN, CLOSE = "“", "”"
_TOP_ENUM = re.compile(rf"^([{CN_NUMERAL_CHARS}]+、|\d+[．.、])")
_SUB_ENUM = re.compile(rf"^[（(]([{CN_NUMERAL_CHARS}]+)[）)]")
_EDGE_SPACE = " \t\u3000\u00a0"


@dataclass
class Unit:
    """One instruction paragraph (quotations included) with its position."""

    text: str
    line: int
    level: str = ""  # "top" for 一、, "sub" for （一）, "" for none
    number: str = ""


def strip_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML front matter of the flk mirror as a flat dict, and the rest."""
    meta: dict[str, str] = {}
    if not text.startswith("---\n"):
        return meta, text
    end = text.find("\n---", 4)
    if end < 0:
        return meta, text
    for raw in text[4:end].splitlines():
        key, sep, value = raw.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip('"')
    return meta, text[end + 4:].lstrip("\n")


def clean_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with markdown quote markers and edge spaces removed.

    Markdown headings are kept (marked by a leading '#') so the caller can read
    the title; pandoc escapes (\\<, \\>) are undone.
    """
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip(_EDGE_SPACE)
        while line.startswith(">"):
            line = line[1:].strip(_EDGE_SPACE)
        line = line.replace("\\<", "<").replace("\\>", ">").replace("\\", "")
        if line:
            out.append((number, line))
    return out


def curl_quotes(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Turn straight double quotes into “ ” following the Chinese convention.

    A quotation of several paragraphs opens every paragraph with a quote mark
    and closes only the last; so a straight quote at the start of a line while
    a quotation is already open re-opens it instead of closing it.
    """
    out: list[tuple[int, str]] = []
    is_open = False
    for number, line in lines:
        if _TOP_ENUM.match(line) or _SUB_ENUM.match(line):
            is_open = False  # an instruction never sits inside a quotation: stop a stray quote here
        chars = []
        for pos, ch in enumerate(line):
            if ch == '"':
                if pos == 0 and is_open:
                    chars.append(OPEN)
                elif is_open:
                    chars.append(CLOSE)
                    is_open = False
                else:
                    chars.append(OPEN)
                    is_open = True
            else:
                if ch == OPEN:
                    is_open = True
                elif ch == CLOSE:
                    is_open = False
                chars.append(ch)
        out.append((number, "".join(chars)))
    return out


def quote_open_after(line: str, was_open: bool) -> bool:
    """Whether a quotation is still open at the end of `line` (curly quotes)."""
    last_open, last_close = line.rfind(OPEN), line.rfind(CLOSE)
    if last_open < 0 and last_close < 0:
        return was_open
    return last_open > last_close


def group_units(lines: list[tuple[int, str]]) -> list[Unit]:
    """Fold quotation paragraphs into the instruction they belong to.

    A line continues the previous unit when a quotation is open before it or it
    starts with a quote mark (the next paragraph of a quoted text).
    """
    units: list[Unit] = []
    is_open = False
    for number, line in lines:
        starts_instruction = bool(_TOP_ENUM.match(line) or _SUB_ENUM.match(line))
        if units and (line.startswith(OPEN) or (is_open and not starts_instruction)):
            units[-1].text += "\n" + line
        else:
            units.append(_unit(number, line))
        is_open = quote_open_after(line, is_open)
    return units


def _unit(number: int, line: str) -> Unit:
    m = _TOP_ENUM.match(line)
    if m:
        return Unit(line[m.end():].strip(_EDGE_SPACE), number, "top", m.group(1).rstrip("、．."))
    m = _SUB_ENUM.match(line)
    if m:
        return Unit(line[m.end():].strip(_EDGE_SPACE), number, "sub", m.group(1))
    return Unit(line, number)


def quote_lines(quoted: str) -> tuple[str, ...]:
    """The paragraphs of one quotation “…” (marks removed, empty lines dropped).

    Quotes nested in the quotation (‘三个代表’, or '…' in straight-quoted
    decisions) are the law's own quotes once the text stands alone: “…”.
    """
    body = quoted.strip()
    if body.startswith(OPEN):
        body = body[1:]
    if body.endswith(CLOSE):
        body = body[:-1]
    lines = []
    for raw in body.split("\n"):
        line = raw.strip(_EDGE_SPACE)
        if line.startswith(OPEN):
            line = line[1:].strip(_EDGE_SPACE)
        if line.endswith(CLOSE) and line.count(CLOSE) > line.count(OPEN):
            line = line[:-1]
        if line:
            lines.append(_unnest(line))
    return tuple(lines)


def _unnest(line: str) -> str:
    line = line.replace("‘", OPEN).replace("’", CLOSE)
    parts = line.split("'")
    if len(parts) % 2 == 1 and len(parts) > 1:
        line = "".join(part + ((OPEN if i % 2 == 0 else CLOSE) if i < len(parts) - 1 else "")
                       for i, part in enumerate(parts))
    return line


def split_quotes(text: str) -> list[str]:
    """Consecutive quotations “A”“B” (optionally joined by 、/和) as separate strings."""
    return re.findall(rf"{OPEN}[^{CLOSE}]*{CLOSE}", text)


_LABEL = re.compile(rf"^第([{CN_NUMERAL_CHARS}\d]+)(条(?:之[{CN_NUMERAL_CHARS}]+)?|章|节)(?:[\s\u3000]+|$)")


def labelled_blocks(lines: tuple[str, ...]) -> list[tuple[str, str, tuple[str, ...]]]:
    """Split quoted lines that carry their own labels (第八章 / 第七十条 …).

    Returns (kind, label, lines) with kind "chapter", "section", "article" or
    "" for lines before the first label. A heading's title is its only line.
    """
    blocks: list[tuple[str, str, list[str]]] = []
    for line in lines:
        m = _LABEL.match(line)
        if m:
            kind = {"章": "chapter", "节": "section"}.get(m.group(2), "article")
            label = f"第{m.group(1)}{m.group(2)}"
            rest = line[m.end():].strip(_EDGE_SPACE)
            blocks.append((kind, label, [rest] if rest else []))
        elif blocks:
            blocks[-1][2].append(line)
        else:
            blocks.append(("", "", [line]))
    return [(k, label, tuple(ls)) for k, label, ls in blocks]
