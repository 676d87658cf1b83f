"""Structure: body lines -> the provision tree (编/分编/章/节/条/款/项/目).

Reads the body (lines after the header, with their 1-based source line numbers)
and writes `ProvisionDraft`s in document order. Two shapes exist:

* norms with 条: articles numbered across the whole norm; each further line of
  an article is a 款 (paragraph) unless it is a 项 `（一）` (item of the last
  款) or a 目 `1.` (subitem of the last 项);
* normative documents numbered 一、/（一）/1. with no 条: sections `sec_N`,
  subsections `sec_N__sub_M`, points `…__point_K`, and their paragraphs.

Article ids come from the printed numbers, so an inserted 第十条之一 becomes
`art_10-1` and leaves every other id alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from registry.core.errors import IngestError
from registry.core.ids import article_label, article_num, article_pid
from registry.core.numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn
from registry.norms.drafts import ProvisionDraft

N = rf"[{CN_NUMERAL_CHARS}]+"
SPACE = " \t\u3000\u00a0"
HEADING_RE = re.compile(rf"^第({N})(编|分编|章|节)(?:[{SPACE}]*(.*))?$")
ARTICLE_RE = re.compile(rf"^第({N})条(?:之({N}))?(?:[{SPACE}]+(.*)|$)")
# a source typo seen in the corpus: "第一百二十八 条侦查人员…" (space inside the label)
ARTICLE_GAP_RE = re.compile(rf"^第({N})[{SPACE}]+条(?:之({N}))?[{SPACE}]*(.*)$")
ITEM_RE = re.compile(rf"^[（(]({N})[)）][{SPACE}]*(.*)$")
SUBITEM_RE = re.compile(r"^([0-9０-９]{1,2})[.．、](?![0-9０-９])[" + SPACE + r"]*(.*)$")
SUBITEM_PAREN_RE = re.compile(r"^[（(]([0-9０-９]{1,2})[)）][" + SPACE + r"]*(.*)$")
SECTION_RE = re.compile(rf"^({N})、[{SPACE}]*(.*)$")
ANNEX_RE = re.compile(r"^(附件|附表|附录|附：)")

HEADING_KINDS = {"编": ("book", "book"), "分编": ("subbook", "subbook"), "章": ("chapter", "chp"), "节": ("section", "sec")}
HEADING_DEPTH = {"book": 0, "subbook": 1, "chapter": 2, "section": 3}


def clean_line(raw: str) -> str:
    """Strip markdown heading/quote markers and surrounding (full-width) spaces."""
    line = raw.strip(SPACE + "\ufeff")
    if line.startswith("#"):
        line = line.lstrip("#").strip(SPACE)
    if line.startswith(">"):
        line = line.lstrip(">").strip(SPACE)
    return line


def squeeze_cjk_spaces(text: str) -> str:
    """`总 则` -> `总则`: headings are spaced out for typesetting, not meaning."""
    return re.sub(r"(?<=[\u4e00-\u9fff])[" + SPACE + r"]+(?=[\u4e00-\u9fff])", "", text).strip()


def normalise_inline(text: str) -> str:
    """Collapse runs of spaces (full-width included) inside a line to one space."""
    return re.sub(r"[" + SPACE + r"]+", " ", text).strip()


@dataclass
class _Node:
    pid: str
    kind: str
    num: str
    label: str
    line: int
    parent: str = ""
    heading: str = ""
    own: list[str] = field(default_factory=list)  # own lines (the first one is the lead text)
    children: list["_Node"] = field(default_factory=list)


# An article heading inside a line, right after a sentence ends: some sources
# collapse a whole chapter onto one line ("…制定本规则。 第二条 凡辖有…").
INLINE_ARTICLE_RE = re.compile(rf"(?<=[。；：！？”])[{SPACE}]+第({N})条(?:之({N}))?")
SENTENCE_BREAK_RE = re.compile(rf"(?<=[。；：])[{SPACE}]+(?=\S)")


def unfold_collapsed(lines: list[tuple[int, str]], warn: list[str], path: str = "") -> list[tuple[int, str]]:
    """Split lines that hold several articles back into one line per article and 款.

    A heading inside a line is taken only when it carries the number that
    follows the article before it (第一条 … 第二条, 第十条 … 第十条之一), so a
    sentence that starts by citing an article ("。 第五条规定的…") stays put.
    The pieces of such a line were paragraphs joined by one space, so they
    are split at sentence ends too. Line numbers stay those of the source.
    """
    out: list[tuple[int, str]] = []
    last: tuple[int, int] | None = None  # (article, 之N) of the latest heading
    for lineno, line in lines:
        m = ARTICLE_RE.match(line) or ARTICLE_GAP_RE.match(line)
        if m:
            last = _article_key(m)
        cuts = []
        for inline in INLINE_ARTICLE_RE.finditer(line):
            key = _article_key(inline)
            if last is not None and _follows(last, key):
                cuts.append(inline)
                last = key
        if not cuts:
            out.append((lineno, line))
            continue
        warn.append(f"{path}:{lineno}: {len(cuts) + 1} articles on one line, split")
        starts = [0] + [c.start() for c in cuts]
        ends = [c.start() for c in cuts] + [len(line)]
        for i, (a, b) in enumerate(zip(starts, ends)):
            piece = line[a:b].strip(SPACE)
            if i:  # 第二十二条经批准… -> 第二十二条 经批准…: the label is known to be a heading
                label = cuts[i - 1].group(0).strip(SPACE)
                piece = f"{label} {piece[len(label):].lstrip(SPACE)}"
            out.extend((lineno, para) for para in SENTENCE_BREAK_RE.split(piece))
    return out


def _article_key(m: re.Match) -> tuple[int, int]:
    return cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0


def _follows(prev: tuple[int, int], key: tuple[int, int]) -> bool:
    """第十条 -> 第十一条 or 第十条之一; 第十条之一 -> 第十条之二 or 第十一条."""
    (art, sub), (nxt, nsub) = prev, key
    return (nxt == art + 1 and nsub == 0) or (nxt == art and nsub == sub + 1)


def has_articles(lines: list[tuple[int, str]]) -> bool:
    return any(ARTICLE_RE.match(line) for _, line in lines)


def parse_body(lines: list[tuple[int, str]], path: str = "", part_title: str = "",
               ) -> tuple[list[ProvisionDraft], list[str], list[str]]:
    """Parse cleaned body lines into provisions.

    Returns (provisions, preamble lines, warnings). Raises IngestError on
    duplicate article numbers (naming both lines): silently merging two
    articles would corrupt every citation of them.

    `part_title` names a file that holds one part of a norm (LawRefBook splits
    民法典 into 总则.md, 物权编.md ...): its chapters restart at 第一章, so they
    hang under a part node `part_{first article number}` to keep ids unique
    across the parts of one version.
    """
    if has_articles(lines):
        parser = _ArticleParser(path)
        lines = unfold_collapsed(lines, parser.warnings, path)
        if part_title:
            first = next(ARTICLE_RE.match(line) for _, line in lines if ARTICLE_RE.match(line))
            pid = f"part_{cn_to_int(first.group(1))}"
            node = _Node(pid, "book", "", part_title, lines[0][0], heading=part_title)
            parser.nodes.append(node)
            parser.heading_stack.append(node)
        return parser.run(lines)
    return _NoticeParser(path).run(lines)


class _ArticleParser:
    def __init__(self, path: str):
        self.path = path
        self.nodes: list[_Node] = []  # document order, every level
        self.heading_stack: list[_Node] = []
        self.article: _Node | None = None
        self.para: _Node | None = None
        self.item: _Node | None = None
        self.annex: _Node | None = None
        self.seen: dict[str, int] = {}
        self.preamble: list[str] = []
        self.warnings: list[str] = []

    def run(self, lines):
        for lineno, line in lines:
            if not line:
                continue
            if self.annex is not None:
                self.annex.own.append(line)
                continue
            m = HEADING_RE.match(line)
            if m and len(line) <= 60 and not line.endswith(("。", "；", "：")):
                self._heading(lineno, m)
                continue
            m = ARTICLE_RE.match(line)
            if not m:
                m = ARTICLE_GAP_RE.match(line)
                if m:
                    self.warnings.append(f"{self.path}:{lineno}: article label with a space inside ({line[:12]}…)")
            if m:
                self._article(lineno, m)
                continue
            if self.article is None:
                if self.heading_stack and self.nodes[-1] is self.heading_stack[-1]:
                    # a heading title wrapped onto the next line
                    self.heading_stack[-1].heading += squeeze_cjk_spaces(line)
                else:
                    self.preamble.append(line)
                continue
            if ANNEX_RE.match(line) and self.article is not None and len(line) < 60:
                self._annex(lineno, line)
                continue
            self._body_line(lineno, line)
        return self._emit(), self.preamble, self.warnings

    def _heading(self, lineno, m):
        kind, prefix = HEADING_KINDS[m.group(2)]
        depth = HEADING_DEPTH[kind]
        while self.heading_stack and HEADING_DEPTH[self.heading_stack[-1].kind] >= depth:
            self.heading_stack.pop()
        parent = self.heading_stack[-1].pid if self.heading_stack else ""
        num = cn_to_int(m.group(1))
        pid = f"{parent}__{prefix}_{num}" if parent else f"{prefix}_{num}"
        if pid in self.seen:
            # a repeated heading (e.g. a 目录 the header pass did not catch) restarts nothing
            self.warnings.append(f"{self.path}:{lineno}: heading 第{m.group(1)}{m.group(2)} repeats line {self.seen[pid]}")
            pid = f"{pid}-dup{lineno}"
        self.seen[pid] = lineno
        node = _Node(pid, kind, str(num), f"第{m.group(1)}{m.group(2)}", lineno, parent,
                     heading=squeeze_cjk_spaces(m.group(3) or ""))
        self.nodes.append(node)
        self.heading_stack.append(node)
        self.article = self.para = self.item = None

    def _article(self, lineno, m):
        num = cn_to_int(m.group(1))
        sub = cn_to_int(m.group(2)) if m.group(2) else None
        pid = article_pid(num, sub)
        if pid in self.seen:
            raise IngestError(self.path, lineno,
                              f"duplicate article number {article_label(num, sub)} (first at line {self.seen[pid]})")
        self.seen[pid] = lineno
        parent = self.heading_stack[-1].pid if self.heading_stack else ""
        self.article = _Node(pid, "article", article_num(num, sub), article_label(num, sub), lineno, parent)
        self.nodes.append(self.article)
        self.para = self.item = None
        self._paragraph(lineno, normalise_inline(m.group(3) or ""))

    def _paragraph(self, lineno, text):
        art = self.article
        n = sum(1 for c in art.children if c.kind == "paragraph") + 1
        self.para = _Node(f"{art.pid}__para_{n}", "paragraph", str(n), f"第{int_to_cn(n)}款", lineno, art.pid, own=[text])
        art.children.append(self.para)
        self.item = None

    def _body_line(self, lineno, line):
        text = normalise_inline(line)
        last = self.item or self.para
        if last is not None and _broken_line(last.own[-1]) and re.match(r"[\u4e00-\u9fff]", text):
            # a sentence broken over two lines by the source ("…办理农用地转" / "用审批手续:")
            last.own[-1] += text
            self.warnings.append(f"{self.path}:{lineno}: line joined to the sentence it continues")
            return
        m = ITEM_RE.match(line)
        if m:
            para = self.para
            n = cn_to_int(m.group(1))
            pid = f"{para.pid}__item_{n}"
            if any(c.pid == pid for c in para.children):
                pid = f"{pid}-{lineno}"
            self.item = _Node(pid, "item", str(n), f"（{m.group(1)}）", lineno, para.pid, own=[text])
            para.children.append(self.item)
            return
        m = SUBITEM_RE.match(line) or SUBITEM_PAREN_RE.match(line)
        if m and self.item is not None:
            n = int(m.group(1).translate(_FW))
            pid = f"{self.item.pid}__subitem_{n}"
            if any(c.pid == pid for c in self.item.children):
                pid = f"{pid}-{lineno}"
            self.item.children.append(_Node(pid, "subitem", str(n), f"{n}.", lineno, self.item.pid, own=[text]))
            return
        self._paragraph(lineno, text)

    def _annex(self, lineno, line):
        n = sum(1 for x in self.nodes if x.kind == "annex") + 1
        self.annex = _Node(f"annex_{n}", "annex", str(n), normalise_inline(line), lineno, own=[])
        self.nodes.append(self.annex)

    def _emit(self) -> list[ProvisionDraft]:
        return flatten(self.nodes)


def flatten(roots: list[_Node]) -> list[ProvisionDraft]:
    """The tree in document order; a heading's text is its title, any other node's
    text is its own lines and its children's, computed once bottom-up."""
    out: list[ProvisionDraft] = []

    def walk(node: _Node) -> str:
        at = len(out)
        out.append(None)  # type: ignore[arg-type]  # placeholder: keeps document order
        child_texts = [walk(child) for child in node.children]
        text = node.heading if node.kind in HEADING_DEPTH else \
            "\n".join(t for t in [*node.own, *child_texts] if t)
        out[at] = ProvisionDraft(node.pid, node.kind, node.num, node.label, text, node.parent, node.heading,
                                 node.line)
        return text

    for root in roots:
        walk(root)
    return out


def _broken_line(text: str) -> bool:
    """A long line ending on a Han character, not on punctuation, was cut mid-sentence."""
    return len(text) >= 30 and "\u4e00" <= text[-1] <= "\u9fff"


class _NoticeParser:
    """一、 / （一） / 1. numbered documents (通知, 意见, 决定)."""

    LEVELS = (("sec", SECTION_RE), ("sub", ITEM_RE), ("point", SUBITEM_RE))

    def __init__(self, path: str):
        self.path = path
        self.stack: list[_Node] = []  # open numbered nodes, outermost first
        self.roots: list[_Node] = []
        self.preamble: list[str] = []
        self.warnings: list[str] = []

    def run(self, lines):
        for lineno, line in lines:
            if not line:
                continue
            for depth, (kind, regex) in enumerate(self.LEVELS):
                m = regex.match(line)
                if m and self._can_open(depth):
                    self._open(depth, kind, m, lineno, line)
                    break
            else:
                self._text(lineno, normalise_inline(line))
        if not self.roots:
            self._paragraphs_only(lines)
        return flatten(self.roots), self.preamble, self.warnings

    def _paragraphs_only(self, lines) -> None:
        """Short documents (a one-paragraph 解释, a 批复) have no numbering at all:
        each paragraph becomes a provision `para_N`. A body with no sentence of
        Chinese prose is not a legal text, and is refused."""
        prose = [(no, normalise_inline(l)) for no, l in lines if l]
        if not any(re.search(r"[\u4e00-\u9fff].*[。；：]", t) for _, t in prose):
            raise IngestError(self.path, lines[0][0] if lines else None,
                              "no recognisable structure: no 第…条 articles, no 一、 sections "
                              "and no sentences of Chinese legal text")
        self.preamble = []
        for n, (no, text) in enumerate(prose, start=1):
            self.roots.append(_Node(f"para_{n}", "paragraph", str(n), f"第{int_to_cn(n)}段", no, "", own=[text]))

    def _can_open(self, depth: int) -> bool:
        # a （一） or 1. only opens inside its parent level; at top level it is text
        return depth == 0 or len(self.stack) >= depth

    def _open(self, depth, kind, m, lineno, line):
        del self.stack[depth:]
        parent = self.stack[-1] if self.stack else None
        raw = m.group(1)
        n = int(raw.translate(_FW)) if raw.translate(_FW).isdigit() else cn_to_int(raw)
        pid = f"{parent.pid}__{kind}_{n}" if parent else f"{kind}_{n}"
        siblings = parent.children if parent else self.roots
        if any(c.pid == pid for c in siblings):
            self.warnings.append(f"{self.path}:{lineno}: {kind} {raw} repeats; kept as {pid}-{lineno}")
            pid = f"{pid}-{lineno}"
        label = {"sec": f"{raw}、", "sub": f"（{raw}）", "point": f"{raw}."}[kind]
        text = normalise_inline(line)
        node = _Node(pid, kind, str(n), label, lineno, parent.pid if parent else "",
                     heading=normalise_inline(m.group(2)), own=[text])
        siblings.append(node)
        self.stack.append(node)

    def _text(self, lineno, text):
        if not self.stack:
            self.preamble.append(text)
            return
        node = self.stack[-1]
        n = sum(1 for c in node.children if c.kind == "paragraph") + 1
        node.children.append(_Node(f"{node.pid}__para_{n}", "paragraph", str(n), f"第{int_to_cn(n)}段", lineno,
                                   node.pid, own=[text]))


_FW = str.maketrans("０１２３４５６７８９", "0123456789")
