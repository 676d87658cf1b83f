"""The legality review of one draft: every check in turn, findings in 审核意见书 order.

Reads the store through the caller's Session and the draft the readers parsed (`DraftUnderReview`);
writes nothing, so a reviewed draft never enters the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from registry.citations.drafts import CitationDraft
from registry.legality import authority, basis, content, form
from registry.legality.findings import GROUPS, ReviewFinding
from registry.norms.drafts import DocumentDraft
from registry.norms.lifecycle_facts import ValidityPeriod


@dataclass
class DraftUnderReview:
    draft: DocumentDraft
    citations: list[CitationDraft]
    validity: list[ValidityPeriod]
    level: str  # the kind of document it would be (规范性文件, 部门规章, ...)
    name: str = ""  # the uploaded file's name, for the report


@dataclass
class ReviewReport:
    title: str
    organ: str
    level: str
    as_of: date
    name: str
    articles: int
    findings: list[ReviewFinding] = field(default_factory=list)

    def grouped(self) -> dict[str, list[ReviewFinding]]:
        return {g: [f for f in self.findings if f.group == g] for g in GROUPS}

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "organ": self.organ, "level": self.level, "as_of": self.as_of.isoformat(),
                "file": self.name, "articles": self.articles, "counts": self.counts(),
                "findings": [f.to_json() for f in self.findings]}


def _units(draft: DocumentDraft) -> list[tuple[str, str]]:
    """(pid, text) of the leaf provisions that hold the draft's words (a 款 repeats its 项: take the 项)."""
    parents = {p.parent for p in draft.provisions if p.parent}
    leaves = [(p.pid, p.text) for p in draft.provisions
              if p.kind in ("paragraph", "item", "subitem", "point", "sub", "sec") and p.pid not in parents]
    if not leaves:
        leaves = [(p.pid, p.text) for p in draft.provisions if p.kind == "article"]
    return leaves


def review(session: Session, d: DraftUnderReview, organ: str, on: date) -> ReviewReport:
    draft = d.draft
    units = _units(draft)
    texts = {p.pid: p.text for p in draft.provisions}
    findings = authority.check(session, organ, d.level, on)
    findings += basis.check(session, draft.title, d.citations, on, texts)
    findings += content.sets_powers(d.level, units)
    findings += content.outside_range(session, d.level, units, d.citations, on)
    findings += form.effective_date(draft)
    findings += form.validity(d.level, d.validity, draft)
    findings += form.structure(draft, d.citations)
    order = {g: i for i, g in enumerate(GROUPS)}
    findings.sort(key=lambda f: order[f.group])
    return ReviewReport(draft.title, organ, d.level, on, d.name, len(draft.articles), findings)
