"""Operations that move provisions or restructure a norm: move, merge, split, and 编/章/节 changes.

Mixed into `registry.amendments.engine._Engine`, whose lookups (article, paragraph,
item, owner) and tree they use; pure, no store."""

from __future__ import annotations

from registry.amendments.operations import (
    InsertStructure,
    MergeArticles,
    MergeStructure,
    MoveProvision,
    RepealNorm,
    RetitleStructure,
    SplitArticle,
)
from registry.amendments.tree import (
    Article,
    OperationFailed,
    Structure,
    parse_lines,
)


class _MoveOps:
    """Handlers, mixed into `_Engine`; they use its helpers (see there)."""

    def op_MoveProvision(self, op: MoveProvision) -> None:
        ref = op.ref
        if ref.item is not None:
            self.move_item(op)
            return
        if ref.para is None:
            article = self.article(ref)
            target = self.new_article(op.to) if op.to else None
            if op.to is None:
                raise OperationFailed("an article moved nowhere")
            if target is not None and target is not article:
                paras = article.paragraphs
                for k, para in enumerate(paras):
                    para.fixed = (op.to_para or len(target.paragraphs) + 1) + k
                target.paragraphs.extend(paras)
                article.paragraphs, article.alive = [], False
                return
            article.fixed, article.within = op.to, op.within or article.within
            if op.to_para and op.to_para > 1 and article.paragraphs:
                article.paragraphs[0].fixed = op.to_para
            self.new_articles[(op.to.num, op.to.sub)] = article
            return
        para = self.paragraph(ref)
        source = self.owner(para)
        if op.to is None:
            para.fixed = op.to_para
            return
        target = self.new_article(op.to)
        if target is None:
            target = Article([], source=para.source, fixed=op.to, after=source, within=op.within,
                             structure=source.structure)
            self.new_articles[(op.to.num, op.to.sub)] = target
            self.tree.articles.append(target)
        source.paragraphs = [p for p in source.paragraphs if p is not para]
        para.fixed = op.to_para
        target.paragraphs.append(para)
        if not source.paragraphs and source is not target:
            source.alive = False

    def move_item(self, op: MoveProvision) -> None:
        """原第六项修改为第二款第一项 / 原第五项改为第三项: an item to another place in its article."""
        item = self.item(op.ref)
        para = self.paragraph(op.ref)
        article = self.owner(para)
        if op.to is not None and self.new_article(op.to) not in (None, article):
            raise OperationFailed("moving an item to another article is not supported")
        target = para
        if op.to_para is not None:
            by_fixed = [p for p in article.paragraphs if p.fixed == op.to_para]
            if by_fixed:
                target = by_fixed[0]
            elif op.to_para <= len(article.paragraphs):
                target = article.paragraphs[op.to_para - 1]
            else:
                raise OperationFailed(f"{article.source or 'the article'} has no paragraph {op.to_para} to move into")
        para.items = [i for i in para.items if i is not item]
        position = op.to_item or len(target.items) + 1
        target.items.insert(min(position - 1, len(target.items)), item)
        item.touched = True
        if para.items:
            para.items[-1].touched = True

    def op_MergeArticles(self, op: MergeArticles) -> None:
        new = parse_lines(op.lines)
        if not new:
            raise OperationFailed("no text given")
        if any(r.item is not None for r in op.refs):
            self.merge_items(op, new)
            return
        if all(r.para is None for r in op.refs):
            first, *rest = [self.article(r) for r in op.refs]
            for article in rest:
                article.alive = False
            first.paragraphs, first.fixed, first.within = new, op.to, op.within or first.within
            self.new_articles[(op.to.num, op.to.sub)] = first
            return
        paras = [self.paragraph(r) for r in op.refs]
        owners = [self.owner(p) for p in paras]
        for para, owner in zip(paras, owners):
            owner.paragraphs = [p for p in owner.paragraphs if p is not para]
            if not owner.paragraphs:
                owner.alive = False
        merged = Article(new, source=paras[0].source, fixed=op.to, after=owners[0], within=op.within,
                         structure=owners[0].structure)
        self.new_articles[(op.to.num, op.to.sub)] = merged
        self.tree.articles.append(merged)

    def merge_items(self, op: MergeArticles, new: list) -> None:
        """将第六十八条、第六十九条第一项合并: only the named item leaves its article; the rest stays."""
        first: Article | None = None
        for ref in op.refs:
            if ref.item is not None:
                item = self.item(ref)
                para = self.paragraph(ref)
                para.items = [i for i in para.items if i is not item]
                if para.items:
                    para.items[-1].touched = True
                continue
            if ref.para is not None:
                para = self.paragraph(ref)
                owner = self.owner(para)
                owner.paragraphs = [p for p in owner.paragraphs if p is not para]
                owner.alive = bool(owner.paragraphs)
                first = first or owner
                continue
            article = self.article(ref)
            if first is None:
                first = article
            else:
                article.alive = False
        if first is None:
            raise OperationFailed("merging items needs an article to merge into")
        if first.alive:
            first.paragraphs, first.fixed, first.within = new, op.to, op.within or first.within
        else:
            first = Article(new, source=first.source, fixed=op.to, after=first, within=op.within,
                            structure=first.structure)
            self.tree.articles.append(first)
        self.new_articles[(op.to.num, op.to.sub)] = first

    def op_SplitArticle(self, op: SplitArticle) -> None:
        article = self.article(op.ref)
        (first_at, first_lines), *rest = op.parts
        article.paragraphs, article.fixed = parse_lines(first_lines), first_at
        self.new_articles[(first_at.num, first_at.sub)] = article
        previous = article
        for at, lines in rest:
            part = Article(parse_lines(lines), source=article.source, fixed=at, after=previous,
                           structure=article.structure)
            self.new_articles[(at.num, at.sub)] = part
            self.tree.articles.append(part)
            previous = part

    def structure(self, kind: str, path: tuple[int, ...]) -> Structure:
        for s in self.tree.structures:
            if s.kind == kind and s.alive and s.num == path[-1] and (
                    len(path) == 1 or (s.parent is not None and s.parent.num == path[-2])):
                return s
        raise OperationFailed(f"{kind} {'/'.join(map(str, path))} does not exist in the version amended")

    def op_RetitleStructure(self, op: RetitleStructure) -> None:
        self.structure(op.kind, op.path).title = op.title

    def op_MergeStructure(self, op: MergeStructure) -> None:
        gone, into = self.structure(op.kind, op.path), self.structure(op.kind, op.into)
        for article in self.tree.articles:
            if article.structure is gone:
                article.structure = into
            elif article.structure is not None and article.structure.parent is gone:
                article.structure.parent = into
        gone.alive = False

    def op_InsertStructure(self, op: InsertStructure) -> None:
        after = self.structure(op.kind, op.after) if op.after else None
        parent = after.parent if after else None
        new = Structure(op.kind, op.path[-1], op.title, parent, after=after, new_num=op.path[-1])
        self.tree.structures.append(new)
        self.new_structures.append((op, new))

    def op_RepealNorm(self, op: RepealNorm) -> None:
        raise OperationFailed("repealing a norm ends the work; it does not change a version's text")

    # -- assembly --------------------------------------------------------------------------------
