"""Amendment operations: what a 修改决定 tells us to do to one norm, as data.

`ingest.decisions.compiler` reads a decision's text into these; `registry.amendments.engine` applies
them to the provisions of the version in force before the decision. They live
in `registry` because they are the domain's input language (like the drafts):
`registry` never imports `ingest`.

Numbering convention, as the decisions themselves use it: a reference to an
existing provision (`Ref`) uses the numbers of the version *before* the
decision; a position a provision is inserted or moved to (`作为第N条`,
`作为第三款`, `改为第Y条`) uses the numbers of the version *after* it. Every
operation keeps the instruction text it came from (`source`) so a failure can
be reported with the words of the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from registry.core.ids import article_label, article_pid
from registry.core.numerals import int_to_cn


@dataclass(frozen=True)
class Ref:
    """A provision addressed by its numbers in the version before the decision.

    `article` may be None when the instruction relies on context that the
    compiler could not supply; `item` without `para` means "the item of that
    number in the article's (first) enumerating paragraph". `lead` selects the
    lead-in sentence of a paragraph (第一自然段), the text before its items.
    """

    article: int | None
    sub: int | None = None
    para: int | None = None
    item: int | None = None
    lead: bool = False
    sentence: int | None = None  # 第一句: only that sentence of the paragraph

    @property
    def pid(self) -> str:
        parts = [article_pid(self.article or 0, self.sub)]
        if self.para:
            parts.append(f"para_{self.para}")
        if self.item:
            parts.append(f"item_{self.item}")
        return "__".join(parts)

    @property
    def article_pid(self) -> str:
        return article_pid(self.article or 0, self.sub)

    def __str__(self) -> str:
        text = article_label(self.article, self.sub) if self.article else ""
        if self.para:
            text += f"第{int_to_cn(self.para)}款"
        if self.item:
            text += f"第{int_to_cn(self.item)}项"
        if self.lead:
            text += "第一自然段"
        if self.sentence:
            text += f"第{int_to_cn(self.sentence)}句"
        return text


@dataclass(frozen=True)
class NewArticle:
    """An article number in the version after the decision (作为第N条之M)."""

    num: int
    sub: int | None = None

    def __str__(self) -> str:
        return article_label(self.num, self.sub)


@dataclass(frozen=True)
class Operation:
    """Base: every operation remembers the decision words it was read from."""

    source: str = field(default="", kw_only=True)

    @property
    def name(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class ReplaceText(Operation):
    """将第四十七条修改为："…" / 将第二条第一款修改为 / 第二项修改为 / 分为两款，修改为.

    `lines` are the new paragraphs and items in order, item labels included
    as printed ("（一）…"); an article or paragraph may become several.
    """

    ref: Ref
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ReplaceWords(Operation):
    """将第二条、第十九条中的"基本农田"修改为"永久基本农田"; empty refs = whole norm."""

    refs: tuple[Ref, ...]
    old: str
    new: str


@dataclass(frozen=True)
class ReplacePattern(Operation):
    """将下列法律中的"依照刑法第×条的规定"修改为"依照刑法有关规定": words given by a pattern.

    `pattern` is a regular expression over the text (× in the decision: any article
    number); `described` is the decision's own words for what is replaced.
    """

    refs: tuple[Ref, ...]
    pattern: str
    new: str
    described: str = ""


@dataclass(frozen=True)
class DeleteWords(Operation):
    """删去第五十条中的"X"."""

    refs: tuple[Ref, ...]
    old: str


@dataclass(frozen=True)
class InsertWords(Operation):
    """在第一条中的"X"后增加"Y" (where=after|before) / 在第一款最后增加"Y" (where=end)."""

    refs: tuple[Ref, ...]
    anchor: str
    new: str
    where: str = "after"


@dataclass(frozen=True)
class DeleteProvision(Operation):
    """删去第三十七条 / 删去第九条第三款 / 删去第九条第一款第（四）项."""

    ref: Ref


@dataclass(frozen=True)
class InsertArticle(Operation):
    """增加一条，作为第三十条："…" / 作为第十条之一 / 在第X条后增加一条.

    `at` is the new number; `after` an old article it follows (when the
    decision places it that way); `within` a structure path in the new
    numbering ((9,) = 第九章, (15, 4) = 第十五章第四节) when the decision says.
    """

    at: NewArticle | None
    lines: tuple[str, ...]
    after: Ref | None = None
    within: tuple[int, ...] | None = None


@dataclass(frozen=True)
class InsertParagraph(Operation):
    """增加一款，作为第三款：…; `article` is old numbering unless `new_article` is set."""

    article: Ref | None
    position: int
    lines: tuple[str, ...]
    new_article: NewArticle | None = None


@dataclass(frozen=True)
class InsertItem(Operation):
    """增加一项，作为第五项：…"""

    paragraph: Ref
    position: int
    text: str


@dataclass(frozen=True)
class MoveProvision(Operation):
    """将第X条改为第Y条 (renumber), 将第三款改为第四款, 将第十三条第二款改为第十六条,
    将第二十六条改为第二十九条第一款, 第三、四款分别作为第八十一条第二、三款.

    `to` None keeps the provision in its article (paragraph renumbering).
    """

    ref: Ref
    to: NewArticle | None
    to_para: int | None = None
    within: tuple[int, ...] | None = None
    to_item: int | None = None  # 原第六项修改为第二款第一项: the item's new position


@dataclass(frozen=True)
class MergeArticles(Operation):
    """将第十条、第二十五条合并，作为第十条，修改为："…" (also 款 of several articles)."""

    refs: tuple[Ref, ...]
    to: NewArticle
    lines: tuple[str, ...]
    within: tuple[int, ...] | None = None


@dataclass(frozen=True)
class SplitArticle(Operation):
    """将第三条改为两条，作为第三条、第四条，修改为："第三条 …" "第四条 …"."""

    ref: Ref
    parts: tuple[tuple[NewArticle, tuple[str, ...]], ...]


@dataclass(frozen=True)
class RetitleStructure(Operation):
    """将第二章章名修改为"…" (kind chapter|section; `path` in old numbering)."""

    kind: str
    path: tuple[int, ...]
    title: str


@dataclass(frozen=True)
class InsertStructure(Operation):
    """在第七章后增加一章，作为第八章"应急慈善" / 在第十五章第三节后增加一节，作为第四节.

    `after` is the old structure it follows, `path` its new numbering.
    """

    kind: str
    path: tuple[int, ...]
    title: str
    after: tuple[int, ...] | None = None


@dataclass(frozen=True)
class MergeStructure(Operation):
    """将第三章并入第二章: the articles of `path` join `into`; the heading goes."""

    kind: str
    path: tuple[int, ...]
    into: tuple[int, ...]


@dataclass(frozen=True)
class RepealNorm(Operation):
    """A whole norm repealed by the decision (附件2 of a 国务院 decision, a 部令)."""

    title: str
    note: str = ""


@dataclass(frozen=True)
class Unparsed:
    """An instruction the compiler could not read: reported, never dropped."""

    text: str
    reason: str
    norm: str = ""
    line: int | None = None
    refs: tuple[Ref, ...] = ()  # the provisions it names, as far as they can be told: they are marked 待核对


@dataclass
class NormAmendment:
    """The operations one decision makes on one norm, in the decision's order."""

    norm: str
    operations: list[Operation] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    renumber: bool = False  # 对条文顺序作相应调整 (or implied by the operations)


@dataclass
class AmendmentDecision:
    """A compiled 修改决定: per-norm operations, repeals, dates, and what it could not read."""

    title: str
    organ: str = ""
    adopted: date | None = None
    effective: date | None = None
    effective_on_publication: bool = False  # 本决定自公布之日起施行
    renumber: bool = False
    norms: list[NormAmendment] = field(default_factory=list)
    repeals: list[RepealNorm] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sentences that are not instructions (e.g. 儋州市比照适用)

    def for_norm(self, title: str) -> NormAmendment | None:
        """The amendment of a norm by its full or short title (中华人民共和国 optional)."""
        want = _bare(title)
        for amendment in self.norms:
            if _bare(amendment.norm) == want:
                return amendment
        return None

    @property
    def all_unparsed(self) -> list[Unparsed]:
        return self.unparsed + [u for n in self.norms for u in n.unparsed]


def _bare(title: str) -> str:
    return title.strip().strip("《》").removeprefix("中华人民共和国")
