"""What each instruction form of a 修改决定 becomes: one handler per form, each writing typed operations.

The grammar (`ingest.decisions.compiler._Compiler`) matches a clause and calls the
handler named in its rule table; handlers read the match and emit operations."""

from __future__ import annotations

import re

from ingest.decisions.references import (
    REFS,
    WHOLE,
    count_word,
    parse_new_articles,
    parse_refs,
)
from ingest.decisions.references import Q as QUOTE
from ingest.decisions.text import (
    CLOSE,
    OPEN,
    labelled_blocks,
    quote_lines,
    split_quotes,
)
from registry.amendments.operations import (
    DeleteProvision,
    DeleteWords,
    InsertArticle,
    InsertItem,
    InsertParagraph,
    InsertStructure,
    InsertWords,
    MergeArticles,
    MergeStructure,
    MoveProvision,
    NewArticle,
    Ref,
    ReplaceText,
    ReplaceWords,
    RetitleStructure,
    SplitArticle,
)
from registry.core.numerals import cn_to_int, int_to_cn


def _quoted(text: str | None) -> str:
    """The words inside one short quotation (word replacements keep one line)."""
    return "".join(quote_lines(text or ""))


def _lines(text: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for q in split_quotes(text or ""):
        out.extend(quote_lines(q))
    return tuple(out)


def _expand_range(m: re.Match[str]) -> str:
    low, high = cn_to_int(m.group(1)), cn_to_int(m.group(2))
    return "、".join(f"第{int_to_cn(n)}条" for n in range(low, high + 1))


def _sentence_end(text: str, pos: int) -> int:
    """End of the clause starting at pos: the next 。/；/newline outside quotations."""
    depth = 0
    for i in range(pos, len(text)):
        ch = text[i]
        if ch == OPEN:
            depth = 1
        elif ch == CLOSE:
            depth = 0
        elif depth == 0 and ch in "。；;\n":
            return i + 1
    return len(text)


class _Handlers:
    """Handlers, mixed into `_Compiler`; they use its helpers (see there)."""

    def _retitle(self, m: re.Match[str]) -> None:
        path = tuple(cn_to_int(g) for g in (m.group("c"), m.group("s")) if g)
        self._emit(RetitleStructure("section" if m.group("s") else "chapter", path, _quoted(m.group("q")),
                                    source=self.clause))

    def _merge_chapter(self, m: re.Match[str]) -> None:
        self._emit(MergeStructure("chapter", (cn_to_int(m.group("a")),), (cn_to_int(m.group("b")),),
                                  source=self.clause))

    def _insert_structure(self, m: re.Match[str]) -> None:
        kind = "chapter" if m.group("k") == "章" else "section"
        after = tuple(cn_to_int(g) for g in (m.group("c"), m.group("s")) if g)
        path = (cn_to_int(m.group("n")),) if kind == "chapter" else (after[0], cn_to_int(m.group("n")))
        title = ""
        if m.group("q"):
            blocks = labelled_blocks(_lines(m.group("q")))
            if any(k == "article" for k, _, _ in blocks):
                self.blocks = blocks
            heads = [lines for k, _, lines in blocks if k in ("chapter", "section")]
            title = "".join(heads[0]) if heads else "".join(blocks[0][2]) if blocks else ""
        if not title:
            heads = [lines for k, _, lines in self.blocks if k == kind]
            title = "".join(heads[0]) if heads else ""
        self.new_structure = path
        self._emit(InsertStructure(kind, path, title, after, source=self.clause))
        if m.group("q") and kind == "section":
            for bkind, label, lines in self.blocks:
                if bkind == "article":
                    (num, sub), = [(a.num, a.sub) for a in parse_new_articles(label)]
                    self._emit(InsertArticle(NewArticle(num, sub), lines, within=path, source=self.clause))

    def _append_structure(self, m: re.Match[str]) -> None:
        """增加一章，作为第七章"公布": a chapter placed by its number (after the one before it)."""
        num = cn_to_int(m.group("n"))
        title = _quoted(m.group("q")) if m.group("q") else ""
        if not title:
            heads = [lines for k, _, lines in self.blocks if k == "chapter"]
            title = "".join(heads[0]) if heads else ""
        if title.startswith("第"):
            title = re.sub(r"^第\S+章[\s\u3000]*", "", title)
        self.new_structure = (num,)
        self._emit(InsertStructure("chapter", (num,), title, (num - 1,), source=self.clause))

    def _replace_groups(self, m: re.Match[str]) -> None:
        """将第六条、第七条中的"A"，第九条中的"B"，统一修改为"C": several (provisions, words) to one new text."""
        new = _quoted(m.group("new"))
        for g in re.finditer(rf"(?P<refs>{REFS})中的(?P<olds>{QUOTE}(?:[、和]{QUOTE})*)", m.group("groups")):
            refs = self._refs(g.group("refs"))
            if self._missing_article(refs):
                continue
            for q in split_quotes(g.group("olds")):
                self._emit(ReplaceWords(refs, _quoted(q), new, source=self.clause))

    def _modify_as(self, m: re.Match[str]) -> None:
        ref, = parse_refs(m.group("ref"), self.article)[:1]
        to = parse_new_articles(m.group("to"))[0]
        self._emit(MoveProvision(ref, to, within=self.new_structure, source=self.clause))
        lines = self._article_lines(str(to))
        if lines:
            self._emit(ReplaceText(ref, lines, source=self.clause))
        else:
            self._unparsed(self.clause, f"no text given for {to}")
        self._refs(m.group("ref"))

    def _merge(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("refs"))
        if self._missing_article(refs):
            return
        within = (cn_to_int(m.group("chp")),) if m.group("chp") else None
        self._emit(MergeArticles(refs, parse_new_articles(m.group("to"))[0], _lines(m.group("qs")), within=within,
                                 source=self.clause))

    def _split(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("ref"))
        if self._missing_article(refs):
            return
        tos = parse_new_articles(m.group("tos"))
        blocks = [b for b in labelled_blocks(_lines(m.group("qs"))) if b[0] == "article"]
        if len(blocks) != len(tos):
            self._unparsed(self.clause, f"split into {len(tos)} articles but {len(blocks)} labelled texts given")
            return
        parts = tuple((to, lines) for to, (_, _, lines) in zip(tos, blocks))
        self._emit(SplitArticle(refs[0], parts, source=self.clause))

    def _split_marker(self, m: re.Match[str]) -> None:
        # 将第七十二条改为两条，第一款作为第八十条；… : the moves that follow do the work.
        self._refs(m.group("ref"))

    def _detach(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("ref"))
        if self._missing_article(refs):
            return
        to = parse_new_articles(m.group("to"))[0]
        self._emit(MoveProvision(refs[0], to, source=self.clause))
        self._emit(ReplaceText(refs[0], _lines(m.group("qs")), source=self.clause))

    def _into_new(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("ref"))
        if self._missing_article(refs) or self.new_article is None:
            self._unparsed(self.clause, "本条 does not name an article added in this instruction")
            return
        self._emit(MoveProvision(refs[0], self.new_article, cn_to_int(m.group("p")), source=self.clause))
        self._emit(ReplaceText(refs[0], _lines(m.group("qs")), source=self.clause))

    def _move(self, m: re.Match[str]) -> None:
        srcs = self._refs(m.group("src"))
        if self._missing_article(srcs):
            return
        dsts = parse_refs(m.group("dst"))
        within = (cn_to_int(m.group("chp")),) if m.group("chp") else None
        if len(dsts) == 1 and len(srcs) > 1:
            dsts = tuple(Ref(dsts[0].article, dsts[0].sub, i + 1) if dsts[0].article else dsts[0]
                         for i in range(len(srcs)))
        if len(dsts) != len(srcs):
            self._unparsed(self.clause, f"{len(srcs)} provisions moved to {len(dsts)} places")
            return
        for src, dst in zip(srcs, dsts):
            to = NewArticle(dst.article, dst.sub) if dst.article else None
            if src.item is None and dst.item is not None:
                self._unparsed(self.clause, "a paragraph or article moved to an item")
                continue
            self._emit(MoveProvision(src, to, dst.para, within=within, to_item=dst.item, source=self.clause))
            if to is not None:
                self.moved_to = to

    def _insert_words(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("refs"), m.group("other"))
        if self._missing_article(refs):
            return
        self._emit(InsertWords(refs, _quoted(m.group("anchor")), _quoted(m.group("new")),
                               "after" if m.group("where") == "后" else "before", source=self.clause))

    def _append_words(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("refs"))
        if self._missing_article(refs):
            return
        self._emit(InsertWords(refs, "", _quoted(m.group("new")), "end", source=self.clause))

    def _replace_words(self, m: re.Match[str]) -> None:
        refs = self._refs(m.groupdict().get("refs"), m.groupdict().get("other"))
        whole = m.groupdict().get("other") and re.fullmatch(WHOLE, m.group("other"))
        if not whole and self._missing_article(refs):
            return
        self._emit(ReplaceWords(refs, _quoted(m.group("old")), _quoted(m.group("new")), source=self.clause))

    def _delete_words(self, m: re.Match[str]) -> None:
        refs = self._refs(m.groupdict().get("refs"), m.groupdict().get("other"))
        whole = m.groupdict().get("other") and re.fullmatch(WHOLE, m.group("other"))
        if not whole and self._missing_article(refs):
            return
        for q in split_quotes(m.group("qs")):
            self._emit(DeleteWords(refs, _quoted(q), source=self.clause))

    def _replace_text(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("refs"))
        if self._missing_article(refs):
            return
        lines = _lines(m.group("qs"))
        if len(refs) == 1:
            self._emit(ReplaceText(refs[0], lines, source=self.clause))
        elif len(refs) == len(lines):
            for ref, line in zip(refs, lines):
                self._emit(ReplaceText(ref, (line,), source=self.clause))
        elif not m.group("refs"):
            # 将第九十九条第一款、第二款改为第一百一十条，修改为：… : the moved 款 become the new text
            self._emit(ReplaceText(refs[0], lines, source=self.clause))
            for ref in refs[1:]:
                self._emit(DeleteProvision(ref, source=self.clause))
        else:
            self._unparsed(self.clause, f"{len(refs)} provisions replaced by {len(lines)} paragraphs")

    def _insert_paragraph(self, m: re.Match[str]) -> None:
        positions = parse_refs(m.group("pos"))
        lines = _lines(m.group("qs"))
        new_article = None
        if positions and positions[0].article:
            new_article = NewArticle(positions[0].article, positions[0].sub)
            article = None
        elif not m.group("refs") and self.moved_to is not None:
            new_article, article = self.moved_to, None
        else:
            refs = self._refs(m.group("refs")) if m.group("refs") else ((self.article,) if self.article else ())
            if self._missing_article(refs):
                return
            article = Ref(refs[0].article, refs[0].sub)
            self.article = article
        if not positions or positions[0].para is None:
            self._unparsed(self.clause, "no paragraph position given")
            return
        self._emit(InsertParagraph(article, positions[0].para, lines, new_article, source=self.clause))

    def _insert_item(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("refs")) if m.group("refs") else (self.targets[:1] or
                                                                    ((self.article,) if self.article else ()))
        if self._missing_article(refs):
            return
        positions = parse_refs(m.group("pos"))
        lines = _lines(m.group("qs"))
        if len(lines) != len(positions):
            self._unparsed(self.clause, f"{len(positions)} items announced, {len(lines)} given")
            return
        for pos, line in zip(positions, lines):
            para = Ref(refs[0].article, refs[0].sub, refs[0].para)
            self._emit(InsertItem(para, pos.item or 0, line, source=self.clause))

    def _insert_article(self, m: re.Match[str]) -> None:
        count = count_word(m.group("n"))
        within = (cn_to_int(m.group("chp")),) if m.group("chp") else self.new_structure
        after = parse_refs(m.group("after"), self.article)[0] if m.group("after") else None
        positions: list[NewArticle | None] = list(parse_new_articles(m.group("pos") or ""))
        if not positions:
            positions = [None] * count
        lines = _lines(m.group("qs"))
        labelled = [b for b in labelled_blocks(lines) if b[0] == "article"] if lines else []
        texts: list[tuple[str, ...]]
        if len(positions) == 1 and not labelled:
            texts = [lines or self._article_lines(str(positions[0])) if positions[0] else lines]
        elif labelled and len(labelled) == len(positions):
            texts = [b[2] for b in labelled]
        elif not lines and self.blocks:
            texts = [self._article_lines(str(p)) if p else () for p in positions]
        else:
            self._unparsed(self.clause, f"{len(positions)} articles announced, texts do not match")
            return
        if len(positions) != count:
            self._unparsed(self.clause, f"{count} articles announced, {len(positions)} positions given")
        for pos, text in zip(positions, texts):
            self._emit(InsertArticle(pos, text, after=after, within=within, source=self.clause))
            self.new_article = pos

    def _delete_provision(self, m: re.Match[str]) -> None:
        refs = self._refs(m.group("refs"))
        if self._missing_article(refs):
            return
        for ref in refs:
            self._emit(DeleteProvision(ref, source=self.clause))
