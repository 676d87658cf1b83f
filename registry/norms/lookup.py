"""Which work a name means, and which rows of a version are its articles: one home for both.

Read by `registry.norms.store` (the ORM) and `registry.norms.rows` (plain rows) alike,
so a name finds the same work and a version shows the same units either way.
Imports nothing that touches a database.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from registry.core.errors import Ambiguous, NotFound
from registry.core.ids import WorkId
from registry.core.titles import title_key

WHOLE_NORM = "*"  # a 待核对 flag whose instruction names no provision: the whole text is to be checked
UNITS = ("article", "sec")  # the units an article list shows; paragraph-only documents use their paragraphs


def find_work(ref: str, by_id: Callable[[str], Any], where: Callable[[str, str], list]) -> Any:
    """A work by id, full title, short title or normalised title; ambiguity is an error.

    `by_id(id)` gives the work with that id or None; `where(field, value)` the works whose
    `field` (title, title_key or short_title) equals `value`.
    """
    ref = ref.strip()
    if not ref:
        raise NotFound("no work named: give an id or a title")
    if ref.startswith("/cn/"):
        try:
            work = by_id(str(WorkId.parse(ref)))
        except ValueError as exc:
            raise NotFound(str(exc)) from None
        if work is None:
            work = by_id(ref)
        if work is None:
            raise NotFound(f"no work with id {ref}")
        return work
    key = title_key(ref)
    for field, value in (("title", ref), ("title_key", key), ("short_title", ref),
                         ("title_key", title_key("中华人民共和国" + ref))):
        works = where(field, value)
        if len(works) == 1:
            return works[0]
        if len(works) > 1:
            raise Ambiguous(f"{ref!r} names {len(works)} works: " + "; ".join(f"{w.id} ({w.organ})" for w in works))
    raise NotFound(f"no work titled {ref!r}")


def article_units(rows: Iterable) -> list:
    """The article-level units of a version's rows (in document order): 条, or 一、 sections,
    or, for a text without either, its top-level paragraphs."""
    rows = list(rows)
    units = [p for p in rows if p.kind in UNITS]
    return units or [p for p in rows if p.kind == "paragraph" and not p.parent]
