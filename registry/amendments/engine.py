"""Apply amendment operations to a version's provisions (pure: no database).

Input: the provisions of the version in force before a decision (flat
`ProvisionDraft`s, as the parser writes them) and the decision's operations
for that norm (`registry.amendments.operations`). Output: the provisions of the amended
version, numbered as the decision says they are to be republished, the old
pid each new article came from, and a state per operation. An operation
whose premise is false (a word to replace that is not there, an article that
does not exist) fails with a reason instead of guessing; the others still
apply, so one bad instruction does not hide the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from registry.amendments.moves import _MoveOps
from registry.amendments.operations import (
    DeleteProvision,
    DeleteWords,
    InsertArticle,
    InsertItem,
    InsertParagraph,
    InsertStructure,
    InsertWords,
    NewArticle,
    Operation,
    Ref,
    ReplacePattern,
    ReplaceText,
    ReplaceWords,
)
from registry.amendments.text import (
    delete_words,
    end_paragraph,
    insert_with_separator,
    punctuate_items,
    renumber_references,
)
from registry.amendments.tree import (
    DUN_ITEM_RE,
    Article,
    Item,
    OperationFailed,
    Paragraph,
    Structure,
    Tree,
    emit,
    order_paragraphs,
    parse_lines,
    structure_pid,
)
from registry.core.ids import article_pid
from registry.norms.drafts import ProvisionDraft


@dataclass
class OperationState:
    operation: Operation
    status: str  # applied | failed
    reason: str = ""
    rules: list[str] = field(default_factory=list)  # drafting conventions that changed the text (amend_text)

    def to_json(self) -> dict[str, object]:
        return {"operation": self.operation.name, "source": self.operation.source,
                "status": self.status, "reason": self.reason, "rules": self.rules}


@dataclass
class AmendResult:
    """The amended provisions, where each article came from, and what happened to each operation."""

    provisions: list[ProvisionDraft]
    sources: dict[str, str]  # new article pid -> old pid it came from ("" = new text)
    states: list[OperationState]
    warnings: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # conventions applied when numbering/typesetting the whole

    @property
    def failed(self) -> list[OperationState]:
        return [s for s in self.states if s.status == "failed"]

    @property
    def articles(self) -> list[ProvisionDraft]:
        return [p for p in self.provisions if p.kind == "article"]


def apply_operations(provisions: list[ProvisionDraft], operations: list[Operation],
                     renumber: bool = True) -> AmendResult:
    """Apply `operations` in order to `provisions`; see the module docstring.

    `renumber` (条文顺序作相应调整, `NormAmendment.renumber`) numbers articles
    sequentially in their new order; without it articles keep their numbers
    and inserted ones take the number the decision gives (第十条之一).
    """
    engine = _Engine(Tree.build(provisions))
    states = []
    for op in operations:
        try:
            engine.apply(op)
        except OperationFailed as failure:
            states.append(OperationState(op, "failed", str(failure)))
        else:
            states.append(OperationState(op, "applied", "; ".join(engine.partial) if engine.partial else ""))
            if engine.partial:
                states[-1].status = "failed"
        states[-1].rules, engine.partial, engine.rules = engine.rules, [], []
    drafts, sources, warnings = engine.assemble(renumber)
    return AmendResult(engine.tree.preamble + drafts, sources, states, warnings, engine.rules)


class _Engine(_MoveOps):
    """Holds the tree and the articles the decision has numbered, while operations run."""

    def __init__(self, tree: Tree):
        self.tree = tree
        self.new_articles: dict[tuple[int, int | None], Article] = {}
        self.new_structures: list[tuple[InsertStructure, Structure]] = []
        self.partial: list[str] = []
        self.rules: list[str] = []  # notes of amend_text rules that fired (see its docstring)

    # -- lookups ---------------------------------------------------------------------------------
    def article(self, ref: Ref) -> Article:
        if ref.article is None:
            raise OperationFailed("no article named")
        article = self.tree.by_old.get((ref.article, ref.sub))
        if article is None:
            raise OperationFailed(f"{ref.article_pid} does not exist in the version amended")
        return article

    def paragraph(self, ref: Ref) -> Paragraph:
        article = self.article(ref)
        if ref.para is None:
            if ref.item is None:
                raise OperationFailed(f"{ref} is not a paragraph")
            for k in range(1, 50):
                para = self.tree.paragraphs_by_old.get((ref.article, ref.sub, k))  # type: ignore[arg-type]
                if para is None:
                    break
                if (ref.article, ref.sub, k, ref.item) in self.tree.items_by_old:
                    return para
            if len(article.paragraphs) == 1:
                return article.paragraphs[0]
            raise OperationFailed(f"{ref.article_pid} has no item {ref.item}")
        para = self.tree.paragraphs_by_old.get((ref.article, ref.sub, ref.para))  # type: ignore[arg-type]
        if para is None:
            raise OperationFailed(f"{ref.pid} does not exist in the version amended")
        return para

    def item(self, ref: Ref) -> Item:
        para = self.paragraph(ref)
        for key, item in self.tree.items_by_old.items():
            if key[:2] == (ref.article, ref.sub) and key[3] == ref.item and self.tree.paragraphs_by_old.get(
                    key[:3]) is para:  # type: ignore[arg-type]
                return item
        raise OperationFailed(f"{ref.pid} does not exist in the version amended")

    def owner(self, para: Paragraph) -> Article:
        for article in self.tree.articles:
            if any(p is para for p in article.paragraphs):
                return article
        raise OperationFailed("the paragraph is no longer in any article")

    def new_article(self, at: NewArticle) -> Article | None:
        return self.new_articles.get((at.num, at.sub))

    # -- text units a word operation works on ----------------------------------------------------
    def texts(self, ref: Ref) -> list[tuple[object, str]]:
        """(holder, attribute) pairs whose text a word operation edits."""
        if ref.item is not None:
            return [(self.item(ref), "text")]
        if ref.para is not None:
            para = self.paragraph(ref)
            if ref.lead:
                return [(para, "lead")]
            return [(para, "lead")] + [(i, "text") for i in para.items]
        article = self.article(ref)
        if not article.alive:
            raise OperationFailed(f"{ref.article_pid} was deleted by an earlier operation")
        return [(h, a) for p in article.paragraphs for h, a in [(p, "lead")] + [(i, "text") for i in p.items]]

    def edit_words(self, refs: tuple[Ref, ...], edit) -> None:
        """Run `edit(text) -> new text or None (not found)` on each provision; fail where not found.

        A ref to a sentence (第一句) edits only that sentence of the paragraph.
        """
        if refs:
            groups = [(str(ref), self.texts(ref), ref.sentence) for ref in refs]
        else:
            groups = [("", [(h, a) for art in self.tree.articles if art.alive
                            for p in art.paragraphs for h, a in [(p, "lead")] + [(i, "text") for i in p.items]],
                       None)]
        missing = []
        for name, holders, sentence in groups:
            found = False
            for holder, attr in holders:
                new = _in_sentence(getattr(holder, attr), sentence, edit)
                if new is not None:
                    setattr(holder, attr, new)
                    found = True
            if not found:
                missing.append(name or "the whole norm")
        if missing and len(missing) == len(groups):
            raise OperationFailed(f"words not found in {', '.join(missing)}")
        if missing:
            self.partial.append(f"words not found in {', '.join(missing)} (applied elsewhere)")

    # -- operations ------------------------------------------------------------------------------
    def apply(self, op: Operation) -> None:
        handler = getattr(self, "op_" + op.name, None)
        if handler is None:
            raise OperationFailed(f"{op.name} does not change the text of a version")
        handler(op)

    def op_ReplaceWords(self, op: ReplaceWords) -> None:
        self.edit_words(op.refs, lambda t: t.replace(op.old, op.new) if op.old and op.old in t else None)

    def op_ReplacePattern(self, op: ReplacePattern) -> None:
        rx = re.compile(op.pattern)
        self.edit_words(op.refs, lambda t: rx.sub(op.new, t) if rx.search(t) else None)

    def op_DeleteWords(self, op: DeleteWords) -> None:
        self.edit_words(op.refs, lambda t: delete_words(t, op.old, self.rules))

    def op_InsertWords(self, op: InsertWords) -> None:
        if op.where == "end":
            for ref in op.refs:
                holder, attr = self.texts(ref)[-1]
                setattr(holder, attr, getattr(holder, attr) + op.new)
            return
        self.edit_words(op.refs, lambda t: insert_with_separator(t, op.anchor, op.new, op.where, self.rules))

    def op_ReplaceText(self, op: ReplaceText) -> None:
        ref = op.ref
        if ref.item is not None:
            item = self.item(ref)
            new = [i for p in parse_lines(op.lines) for i in (p.items or [Item(p.lead)])]
            if not new:
                raise OperationFailed("no text given")
            para = self.paragraph(ref)
            at = next(k for k, i in enumerate(para.items) if i is item)
            text = new[0].text
            if item.style == "dun":  # 将第十八条第二项修改为"二、…": the decision repeats the old label
                text = DUN_ITEM_RE.sub("", text, count=1)
            item.text, item.original, item.touched = text, None, True
            for i in new[1:]:
                i.touched, i.style = True, item.style
            para.items[at + 1:at + 1] = new[1:]
            return
        new_paras = parse_lines(op.lines)
        if not new_paras:
            raise OperationFailed("no text given")
        if ref.para is not None:
            para = self.paragraph(ref)
            if ref.lead:
                para.lead, para.original = op.lines[0], None
                return
            article = self.owner(para)
            at = next(k for k, p in enumerate(article.paragraphs) if p is para)
            para.lead, para.items, para.original = new_paras[0].lead, new_paras[0].items, None
            article.paragraphs[at + 1:at + 1] = new_paras[1:]
            return
        article = self.article(ref)
        old = article.paragraphs
        for k, new in enumerate(new_paras):  # keep paragraph identity so later old refs still resolve
            if k < len(old):
                old[k].lead, old[k].items, old[k].fixed, old[k].original = new.lead, new.items, None, None
                new_paras[k] = old[k]
        article.paragraphs = new_paras

    def op_DeleteProvision(self, op: DeleteProvision) -> None:
        ref = op.ref
        if ref.item is not None:
            item = self.item(ref)
            para = self.paragraph(ref)
            was_last = bool(para.items) and para.items[-1] is item
            para.items = [i for i in para.items if i is not item]
            if was_last and para.items:
                para.items[-1].touched = True  # the item before ends the list now: "；" -> "。"
        elif ref.para is not None:
            para = self.paragraph(ref)
            article = self.owner(para)
            article.paragraphs = [p for p in article.paragraphs if p is not para]
        else:
            article = self.article(ref)
            if not article.alive:
                raise OperationFailed(f"{ref.article_pid} was already deleted")
            article.alive = False

    def op_InsertArticle(self, op: InsertArticle) -> None:
        after = self.article(op.after) if op.after else None
        article = Article(parse_lines(op.lines), fixed=op.at, after=after, within=op.within)
        if op.at is not None:
            if self.new_article(op.at) is not None:
                raise OperationFailed(f"{op.at} is given twice")
            self.new_articles[(op.at.num, op.at.sub)] = article
        self.tree.articles.append(article)

    def op_InsertParagraph(self, op: InsertParagraph) -> None:
        if op.new_article is not None:
            article = self.new_article(op.new_article)
            if article is None:
                raise OperationFailed(f"{op.new_article} is not an article this decision creates")
        else:
            assert op.article is not None
            article = self.article(op.article)
        new = parse_lines(op.lines)
        if not new:
            raise OperationFailed("no text given")
        for k, para in enumerate(new):
            para.fixed = op.position + k
        article.paragraphs.extend(new)

    def op_InsertItem(self, op: InsertItem) -> None:
        ref = op.paragraph
        if ref.para is not None:
            para = self.paragraph(ref)
        else:
            article = self.article(ref)
            with_items = [p for p in article.paragraphs if p.items]
            if not with_items:
                raise OperationFailed(f"{ref} has no items to add to")
            para = with_items[0]
        text = op.text
        parsed = parse_lines((text,))
        if parsed and parsed[0].items:
            text = parsed[0].items[0].text
        para.items.append(Item(text, fixed=op.position, touched=True))

    def assemble(self, renumber: bool) -> tuple[list[ProvisionDraft], dict[str, str], list[str]]:
        from registry.amendments.renumber import number_articles, number_structures

        warnings: list[str] = []
        numbering, by_path = number_structures(self.tree.structures, renumber)
        numbered = number_articles(self.tree.articles, renumber, warnings)
        mapping = {a.old: (n, sub) for n, sub, a in numbered if a.old is not None and a.old != (n, sub)}
        gone = {a.old for a in self.tree.articles if a.old is not None and not a.alive}
        for num, sub, article in numbered:
            order_paragraphs(article)
            fired: list[str] = []
            for para in article.paragraphs:
                if para.original is None and not para.items:
                    para.lead = end_paragraph(para.lead, fired)
                para.lead = renumber_references(para.lead, para.original, mapping, gone, warnings, fired)
                for item in para.items:
                    item.text = renumber_references(item.text, item.original, mapping, gone, warnings, fired)
                texts = punctuate_items([i.text for i in para.items], [i.touched for i in para.items], fired)
                for item, text in zip(para.items, texts):
                    item.text = text
            self.rules.extend(f"{article_pid(num, sub)}: {note}" for note in fired)
        _assign_structures(numbered, by_path)
        drafts, sources = emit(numbered, numbering)
        return drafts, sources, warnings


def _in_sentence(text: str, sentence: int | None, edit) -> str | None:
    """Apply `edit` to the whole text, or only to its n-th sentence (split after 。)."""
    if not sentence:
        return edit(text)
    parts = re.split(r"(?<=。)", text)
    if sentence > len(parts):
        return None
    new = edit(parts[sentence - 1])
    if new is None:
        return None
    parts[sentence - 1] = new
    return "".join(parts)


def _assign_structures(numbered: list[tuple[int, int | None, Article]],
                       by_path: dict[tuple[int, ...], Structure]) -> None:
    """New articles sit in the structure the decision names, else in their predecessor's."""
    previous: Structure | None = None
    for i, (_, _, article) in enumerate(numbered):
        if article.within and article.within in by_path:
            article.structure = by_path[article.within]
        elif article.source == "" and article.structure is None:
            article.structure = previous if i else next(
                (a.structure for _, _, a in numbered if a.structure is not None), None)
        previous = article.structure


__all__ = ["AmendResult", "OperationState", "apply_operations", "structure_pid"]
