"""Drafts: what a parsed document is, before it meets the store.

`ingest` produces them from bytes; `registry.norms.store` turns them into rows in one
transaction. They are plain dataclasses so parsers can be tested without a
database and golden files can be written as JSON.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from registry.norms.lifecycle_facts import IssuanceNotice, RepealedNorm, ValidityPeriod

# Provision kinds, outermost first (立法法 art. 65), plus the numbered sections
# of normative documents (一、 / （一）) which have no 条.
STRUCTURE_KINDS = ("book", "subbook", "chapter", "section")  # 编 分编 章 节
ARTICLE_KINDS = ("article", "paragraph", "item", "subitem")  # 条 款 项 目
NOTICE_KINDS = ("sec", "sub", "point")  # 一、 （一） 1.

EVENT_KINDS = (
    "公布",  # promulgation
    "通过",  # adoption (by a congress / standing committee)
    "施行",  # entry into force
    "修正",  # amended by a decision, text republished
    "修订",  # wholly revised
    "废止",  # repealed
    "失效",  # expired / declared no longer in force
    "部分失效",  # some provisions repealed
)


@dataclass
class EventDraft:
    """One lifecycle event as a source states it (题注, header, sidecar, decision)."""

    kind: str
    date: date | None
    text: str = ""  # the words that state it, for evidence
    by: str = ""  # the organ or document that caused it (e.g. 《关于修改…的决定》)
    line: int | None = None


@dataclass
class ProvisionDraft:
    """One node of the provision tree, flat in document order.

    `pid` is the stable id (art_47__para_2__item_3, art_10-1, chp_5, sec_2__sub_1);
    `parent` is the pid of the enclosing node ("" at top level). For an article,
    `text` is the whole article without its label, 款 joined by newlines; for a
    paragraph or item, its own text; for a heading (编/章/节), its title.
    """

    pid: str
    kind: str
    num: str  # "47", "10-1", "2"
    label: str  # "第四十七条", "第二款", "（三）", "第五章"
    text: str
    parent: str = ""
    heading: str = ""  # 章/节 title, for structure kinds
    line: int | None = None  # 1-based line in the source text


@dataclass
class SourceDraft:
    """The raw document as read: kept whole so every version can be re-parsed."""

    path: str
    sha256: str
    format: str  # txt | md | docx
    encoding: str
    text: str  # decoded, normalised text the parser saw
    size: int = 0


@dataclass
class Discrepancy:
    """The text and the sidecar say different things: both stay visible."""

    field: str
    text_value: str
    sidecar_value: str


@dataclass
class DocumentDraft:
    """A parsed document: metadata, events and the provision tree of one version."""

    title: str
    short_title: str = ""
    edition: str = ""  # e.g. "2019修正" where a source adds it to the title
    doc_number: str = ""  # 文号: this version's own 公布 instrument (ingest.instruments)
    enacting_doc_number: str = ""  # the decree the norm was first made by (the work's 文号)
    doc_number_source: str = ""  # text (its header states it for this version) | sidecar | "" (found, not dated)
    organ: str = ""  # 制定机关
    level: str = ""  # 效力位阶
    level_source: str = ""  # "text" | "sidecar" | "inferred"
    promulgated: date | None = None  # 公布日期 of this version
    effective: date | None = None  # 施行日期 of this version
    effective_source: str = ""  # "text" | "sidecar" | "body" | "assumed"
    version_date: date | None = None  # the date that names this version
    enacted: date | None = None  # the first adoption of the work (for its id)
    sidecar_status: str = ""  # 时效性 as a sidecar states it; kept, never trusted over events
    addressees: str = ""  # 主送机关 of a normative document
    signing_date: date | None = None  # 成文日期 of a normative document
    preamble: str = ""  # text before the first provision (题注 excluded)
    events: list[EventDraft] = field(default_factory=list)
    provisions: list[ProvisionDraft] = field(default_factory=list)
    source: SourceDraft | None = None
    discrepancies: list[Discrepancy] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validity: ValidityPeriod | None = None  # the norm's own 有效期 (the store schedules its 失效)
    issuance: IssuanceNotice | None = None  # the 印发通知 this file opens with (the norm is what it issues)
    repeals: list[RepealedNorm] = field(default_factory=list)  # norms its repeal clauses name (ingest.repeals)

    @property
    def articles(self) -> list[ProvisionDraft]:
        return [p for p in self.provisions if p.kind == "article"]

    def to_json(self, with_source: bool = False) -> dict[str, Any]:
        """Plain JSON (dates as ISO strings), as the golden files store it."""
        data = dataclasses.asdict(self)
        if not with_source:
            data.pop("source", None)
        for name in ("validity", "issuance"):  # most texts state neither: golden files stay as they were
            if data.get(name) is None:
                data.pop(name, None)
        if not data.get("repeals"):
            data.pop("repeals", None)  # most texts repeal nothing: golden files stay as they were
        return _iso(data)


def _iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_iso(v) for v in value]
    return value
