"""The editable text tree `registry.amendments.engine` works on, and its way back to drafts.

A version's flat provision list (`ProvisionDraft`s) is turned into objects —
structures (编/章/节), articles, paragraphs, items — that keep their identity
while an amendment moves, renumbers, splits or merges them. Operations address
provisions by their old numbers, so every object remembers where it came from
(`source`, an old pid); the final numbers are only given when the tree is
written back (`emit`), which is also where 条文顺序作相应调整 happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from registry.amendments.operations import NewArticle
from registry.core.ids import article_label, article_num, article_pid
from registry.core.numerals import CN_NUM, NUM, cn_to_int, int_to_cn
from registry.norms.drafts import ProvisionDraft


class OperationFailed(Exception):
    """Raised inside apply for one operation; becomes its `failed` state, never escapes."""

ITEM_RE = re.compile(rf"^[（(]({CN_NUM})[）)]\s*")
DUN_ITEM_RE = re.compile(rf"^({CN_NUM})、")  # 一、二、: items in old texts (1950s regulations), addressed as 第一项
SUBITEM_RE = re.compile(r"^\d+[.．、]")
_LABEL_RE = re.compile(rf"^第{NUM}条(?:之{CN_NUM})?[\s\u3000]+")
STRUCTURE_PREFIX = {"book": "book", "subbook": "subbook", "chapter": "chp", "section": "sec"}
STRUCTURE_CHAR = {"book": "编", "subbook": "分编", "chapter": "章", "section": "节"}


@dataclass(eq=False)
class Item:
    text: str  # without its label （一）; 目 lines follow after "\n"
    source: str = ""
    fixed: int | None = None  # position given by the decision (作为第五项)
    original: str | None = None  # text in the version amended; None for text the decision wrote
    touched: bool = False  # written or rewritten by the decision (for 项 punctuation)
    style: str = "paren"  # "paren" （一） or "dun" 一、 (kept as the text numbers them)


@dataclass(eq=False)
class Paragraph:
    lead: str
    items: list[Item] = field(default_factory=list)
    source: str = ""
    fixed: int | None = None  # position given by the decision (作为第三款)
    original: str | None = None  # lead in the version amended; None for text the decision wrote


@dataclass(eq=False)
class Structure:
    kind: str
    num: int
    title: str
    parent: Structure | None = None
    source: str = ""
    alive: bool = True
    after: Structure | None = None  # for an inserted structure: the old one it follows
    new_num: int | None = None  # numbering given by the decision (作为第八章)


@dataclass(eq=False)
class Article:
    paragraphs: list[Paragraph]
    source: str = ""  # old pid, or the old paragraph pid it was made from, "" if new
    old: tuple[int, int | None] | None = None
    fixed: NewArticle | None = None  # number given by the decision (作为第N条 / 改为第N条)
    after: Article | None = None  # placed right after this one (在第X条后增加一条, split parts)
    structure: Structure | None = None
    within: tuple[int, ...] | None = None  # new structure path the decision puts it in
    alive: bool = True


def parse_lines(lines: tuple[str, ...] | list[str]) -> list[Paragraph]:
    """Paragraphs from text lines: a （一） line is an item of the paragraph before it."""
    paragraphs: list[Paragraph] = []
    for raw in lines:
        line = _LABEL_RE.sub("", raw.strip(), count=1) if not paragraphs else raw.strip()
        if not line:
            continue
        m = ITEM_RE.match(line)
        dun = DUN_ITEM_RE.match(line) if not m and paragraphs else None
        if dun and not _dun_item(paragraphs[-1], dun.group(1)):
            dun = None
        if m:
            if not paragraphs:
                paragraphs.append(Paragraph(""))
            paragraphs[-1].items.append(Item(line[m.end():]))
        elif dun:
            paragraphs[-1].items.append(Item(line[dun.end():], style="dun"))
        elif SUBITEM_RE.match(line) and paragraphs and paragraphs[-1].items:
            paragraphs[-1].items[-1].text += "\n" + line
        else:
            paragraphs.append(Paragraph(line))
    return paragraphs


def _dun_item(para: Paragraph, number: str) -> bool:
    """一、 continues a list: the paragraph introduces it (ends in ：) or its items are 一、 ones, numbered on."""
    if para.items and para.items[-1].style != "dun":
        return False
    if not para.items and not para.lead.rstrip().endswith(("：", ":")):
        return False
    return cn_or_int(number) == len(para.items) + 1


def item_label(n: int, style: str = "paren") -> str:
    return f"{int_to_cn(n)}、" if style == "dun" else f"（{int_to_cn(n)}）"


def paragraph_lines(paragraph: Paragraph) -> list[str]:
    lines = [paragraph.lead] if paragraph.lead else []
    for n, item in enumerate(paragraph.items, 1):
        lines.append(item_label(n, item.style) + item.text)
    return lines


def article_text(article: Article) -> str:
    return "\n".join(line for p in article.paragraphs for line in paragraph_lines(p))


@dataclass
class Tree:
    """A version as editable objects, with lookups by the old numbers."""

    articles: list[Article]
    structures: list[Structure]
    by_old: dict[tuple[int, int | None], Article]
    paragraphs_by_old: dict[tuple[int, int | None, int], Paragraph]
    items_by_old: dict[tuple[int, int | None, int, int], Item]
    preamble: list[ProvisionDraft]  # provisions before/outside articles, passed through

    @classmethod
    def build(cls, provisions: list[ProvisionDraft]) -> Tree:
        structures: dict[str, Structure] = {}
        articles: list[Article] = []
        by_old: dict[tuple[int, int | None], Article] = {}
        paras: dict[tuple[int, int | None, int], Paragraph] = {}
        items: dict[tuple[int, int | None, int, int], Item] = {}
        preamble: list[ProvisionDraft] = []
        for p in provisions:
            if p.kind in STRUCTURE_PREFIX:
                structures[p.pid] = Structure(p.kind, int(p.num) if p.num.isdigit() else 0, p.heading or p.text,
                                              structures.get(p.parent), p.pid)
            elif p.kind == "article":
                main, _, sub = p.num.partition("-")
                old = (int(main), int(sub) if sub else None)
                article = Article(parse_lines(p.text.split("\n")), p.pid, old, structure=structures.get(p.parent))
                articles.append(article)
                by_old[old] = article
                for k, para in enumerate(article.paragraphs, 1):
                    para.source, para.original = f"{p.pid}__para_{k}", para.lead
                    paras[(*old, k)] = para
                    for j, item in enumerate(para.items, 1):
                        item.source, item.original = f"{para.source}__item_{j}", item.text
                        items[(*old, k, j)] = item
            elif p.kind not in ("paragraph", "item", "subitem"):
                preamble.append(p)
        return cls(articles, list(structures.values()), by_old, paras, items, preamble)


def place(elements: list, fixed_of) -> list:
    """Order elements: those with a decision-given position go there, the rest fill in order.

    This is how 条文顺序作相应调整 works: the decision states where new (and
    some moved) provisions go in the new numbering; every other provision
    keeps its relative order and takes the next free number.
    """
    fixed = {}
    free = []
    for e in elements:
        pos = fixed_of(e)
        if pos is not None and pos not in fixed:
            fixed[pos] = e
        else:
            free.append(e)
    out = []
    total = len(elements)
    for pos in range(1, total + 1):
        if pos in fixed:
            out.append(fixed.pop(pos))
        elif free:
            out.append(free.pop(0))
    out.extend(free)
    out.extend(fixed[k] for k in sorted(fixed))  # positions past the end: keep them, in order
    return out


def order_paragraphs(article: Article) -> None:
    article.paragraphs = place(article.paragraphs, lambda p: p.fixed)
    for p in article.paragraphs:
        p.fixed = None
        p.items = place(p.items, lambda i: i.fixed)
        for i in p.items:
            i.fixed = None


def emit(articles: list[tuple[int, int | None, Article]], numbering: dict[int, tuple[str, int]]) -> tuple[
        list[ProvisionDraft], dict[str, str]]:
    """Write articles (with their final numbers) and their structures back as drafts.

    `numbering` maps id(Structure) -> (pid, final number). Returns the drafts
    and, for each new article pid, the pid it came from.
    """
    out: list[ProvisionDraft] = []
    sources: dict[str, str] = {}
    emitted: set[int] = set()
    for num, sub, article in articles:
        chain = []
        s = article.structure
        while s is not None:
            chain.append(s)
            s = s.parent
        for s in reversed(chain):
            if id(s) in emitted:
                continue
            emitted.add(id(s))
            pid, n = numbering[id(s)]
            parent = numbering[id(s.parent)][0] if s.parent is not None else ""
            out.append(ProvisionDraft(pid, s.kind, str(n), f"第{int_to_cn(n)}{STRUCTURE_CHAR[s.kind]}", s.title,
                                      parent, heading=s.title))
        pid = article_pid(num, sub)
        parent = numbering[id(article.structure)][0] if article.structure is not None else ""
        out.append(ProvisionDraft(pid, "article", article_num(num, sub), article_label(num, sub),
                                  article_text(article), parent))
        sources[pid] = article.source
        for k, para in enumerate(article.paragraphs, 1):
            ppid = f"{pid}__para_{k}"
            out.append(ProvisionDraft(ppid, "paragraph", str(k), f"第{int_to_cn(k)}款",
                                      "\n".join(paragraph_lines(para)), pid))
            for j, item in enumerate(para.items, 1):
                label = item_label(j, item.style)
                out.append(ProvisionDraft(f"{ppid}__item_{j}", "item", str(j), label, label + item.text, ppid))
    return out, sources


def structure_pid(kind: str, num: int, parent_pid: str) -> str:
    own = f"{STRUCTURE_PREFIX[kind]}_{num}"
    return f"{parent_pid}__{own}" if parent_pid else own


def cn_or_int(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)
