"""Final numbering of an amended version: 条文顺序作相应调整 for articles and structures.

Separate from `registry.amendments.engine` because numbering is the one step that looks
at the whole document at once: operations only record where the decision
puts things (作为第N条, 在第X条后, 作为第八章); here every article and heading
gets the number it is republished under.
"""

from __future__ import annotations

from registry.amendments.tree import Article, Structure, place, structure_pid


def number_articles(articles: list[Article], renumber: bool,
                    warnings: list[str]) -> list[tuple[int, int | None, Article]]:
    """(number, 之 number, article) in final order."""
    alive = []
    for a in articles:
        if not a.alive:
            continue
        if not a.paragraphs:
            warnings.append(f"article {a.fixed or a.source or '?'} has no text after the amendment; left out")
            continue
        alive.append(a)
    order = [a for a in alive if a.old is not None]
    for a in alive:
        if a.old is not None:
            continue
        anchor = a.after
        if renumber and a.fixed is not None and a.fixed.sub is None:
            order.append(a)  # its place comes from its number
        elif anchor is not None and anchor in order:
            at = order.index(anchor) + 1
            while at < len(order) and order[at].old is None and order[at].after is anchor:
                at += 1  # after earlier inserts anchored on the same article
            order.insert(at, a)
        else:
            order.append(a)
    if renumber:
        fixed_of = (lambda a: a.fixed.num if a.fixed is not None and a.fixed.sub is None else None)
        placed = place(order, fixed_of)
        for n, a in enumerate(placed, 1):
            if a.fixed is not None and a.fixed.sub is None and a.fixed.num != n:
                warnings.append(f"the decision numbers {a.source or 'a new article'} as {a.fixed}, "
                                f"but it falls at position {n}")
        return [(n, None, a) for n, a in enumerate(placed, 1)]
    numbered = []
    for a in order:
        if a.fixed is not None:
            numbered.append((a.fixed.num, a.fixed.sub, a))
        elif a.old is not None:
            numbered.append((a.old[0], a.old[1], a))
        else:
            warnings.append("an inserted article has no number and the decision does not renumber")
    numbered.sort(key=lambda t: (t[0], t[1] or 0))
    return numbered


def number_structures(structures: list[Structure], renumber: bool) -> tuple[
        dict[int, tuple[str, int]], dict[tuple[int, ...], Structure]]:
    """Numbers of headings: books and chapters count through the document, sections per chapter."""
    order: list[Structure] = [s for s in structures if s.after is None]
    for s in structures:
        if s.after is not None:
            at = order.index(s.after) + 1 if s.after in order else len(order)
            order.insert(at, s)
    numbering: dict[int, tuple[str, int]] = {}
    by_path: dict[tuple[int, ...], Structure] = {}
    counters: dict[tuple[str, int], int] = {}
    for s in order:
        if not s.alive:
            continue
        scope = id(s.parent) if s.kind == "section" else 0
        key = (s.kind, scope)
        counters[key] = counters.get(key, 0) + 1
        num = counters[key] if renumber else (s.new_num or s.num)
        parent_pid = numbering[id(s.parent)][0] if s.parent is not None and id(s.parent) in numbering else ""
        numbering[id(s)] = (structure_pid(s.kind, num, parent_pid), num)
        if s.kind == "chapter":
            by_path[(num,)] = s
        elif s.kind == "section" and s.parent is not None and id(s.parent) in numbering:
            by_path[(numbering[id(s.parent)][1], num)] = s
    return numbering, by_path
