"""Citation drafts: what a citation found in a provision's text is, before resolution.

`ingest.citations` produces them from text alone; `registry` resolves them to a
work, a version (the one in force on the citing version's date) and a provision,
and builds the graph. They are plain frozen dataclasses so the extractor can be
tested against a hand-labelled golden file without a store.

Kinds (how the target is named, and what the edge means):

- ``cites``    a norm named by its title: 《中华人民共和国土地管理法》第四十四条, bare 刑法第二百六十四条
- ``basis``    a legal basis: 根据《X》……制定本办法 (a 制定依据 edge, not a mere mention)
- ``self``     the citing norm itself: 本法第十条, or a bare 第十条 inside a norm
- ``relative`` a provision named relative to the citing one: 前款, 前两款, 本条第二款, 第三款
- ``docnum``   a document named by its 文号 (国发〔2008〕3号, 监察部令第15号), title kept if given
- ``generic``  a class of norms, never resolvable to one work: 有关法律、行政法规
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.core.ids import article_pid

CITATION_KINDS = ("cites", "basis", "self", "relative", "docnum", "generic")


@dataclass(frozen=True)
class ProvisionRef:
    """A provision-level target as numbers: 第四十四条之一第二款第（三）项 -> 44, 1, 2, 3.

    Numbers rather than a pid so that resolution can still map an item cited
    without its paragraph (第十条第（三）项) onto the tree the parser built.

    >>> ProvisionRef(44, None, 2).pid
    'art_44__para_2'
    >>> ProvisionRef(10, 1, None, 3).pid   # 第十条之一第（三）项: items without a 款 sit in the first
    'art_10-1__para_1__item_3'
    >>> ProvisionRef(None, None, 2).pid   # a paragraph of the citing article, not yet anchored
    'para_2'
    """

    article: int | None = None
    article_sub: int | None = None  # 之一 -> 1
    paragraph: int | None = None
    item: int | None = None

    @property
    def pid(self) -> str:
        parts = []
        if self.article is not None:
            parts.append(article_pid(self.article, self.article_sub))
        if self.paragraph is not None:
            parts.append(f"para_{self.paragraph}")
        elif self.item is not None and self.article is not None:
            parts.append("para_1")
        if self.item is not None:
            parts.append(f"item_{self.item}")
        return "__".join(parts)


@dataclass(frozen=True)
class CitationDraft:
    """One citation as written in one provision.

    `start`/`end` are offsets into the provision text the extractor was given,
    so ``text[start:end] == raw`` always holds; evidence shown to legal staff is
    that exact span. A range (第十条至第十五条, 前两款) keeps both ends rather
    than expanding, since the range may cross articles inserted later.
    """

    kind: str
    raw: str
    start: int
    end: int
    source_pid: str = ""  # the citing provision (art_47__para_2), "" for a preamble
    target_title: str = ""  # as written inside 《》 (〈〉 and \<\> kept), or a bare 刑法
    target_doc_number: str = ""  # 文号 as written
    target: ProvisionRef | None = None  # None: the work as a whole
    target_end: ProvisionRef | None = None  # last provision of a range

    @property
    def target_pid(self) -> str:
        return self.target.pid if self.target else ""

    @property
    def target_end_pid(self) -> str:
        return self.target_end.pid if self.target_end else ""

    @property
    def is_range(self) -> bool:
        return self.target_end is not None

    def to_json(self) -> dict[str, object]:
        """Flat JSON as the golden file and the API show it."""
        return {
            "kind": self.kind,
            "raw": self.raw,
            "start": self.start,
            "end": self.end,
            "source_pid": self.source_pid,
            "target_title": self.target_title,
            "target_doc_number": self.target_doc_number,
            "target_pid": self.target_pid,
            "target_end_pid": self.target_end_pid,
        }
