"""How far applying a decision reproduced the official republished text, article by article.

Reads two provision lists (the applied result and the official text); every
difference is reported, never patched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from registry.core.text import WordChange, char_changes, normalise
from registry.norms.drafts import ProvisionDraft


def _articles(provisions: list[ProvisionDraft]) -> list[ProvisionDraft]:
    return [p for p in provisions if p.kind == "article"]


@dataclass
class ArticleCheck:
    """One article of the official text against the applied result."""

    pid: str
    status: str  # identical | different | missing (official only) | extra (applied only)
    official: str = ""
    applied: str = ""
    changes: list[WordChange] = field(default_factory=list)


@dataclass
class OfficialCheck:
    """How far an applied amendment reproduces the official republished text."""

    articles: list[ArticleCheck]
    headings: list[tuple[str, str, str]]  # (pid, official heading, applied heading) that differ

    @property
    def official_count(self) -> int:
        return sum(1 for a in self.articles if a.status != "extra")

    @property
    def identical(self) -> int:
        return sum(1 for a in self.articles if a.status == "identical")

    @property
    def ratio(self) -> float:
        return self.identical / self.official_count if self.official_count else 1.0

    @property
    def differences(self) -> list[ArticleCheck]:
        return [a for a in self.articles if a.status != "identical"]


def check_against_official(applied: list[ProvisionDraft], official: list[ProvisionDraft]) -> OfficialCheck:
    """Article by article (same pid = same printed number), after `normalise`."""
    got = {p.pid: p for p in _articles(applied)}
    rows = []
    for p in _articles(official):
        mine = got.pop(p.pid, None)
        if mine is None:
            rows.append(ArticleCheck(p.pid, "missing", official=p.text))
        elif normalise(mine.text) == normalise(p.text):
            rows.append(ArticleCheck(p.pid, "identical", p.text, mine.text))
        else:
            rows.append(ArticleCheck(p.pid, "different", p.text, mine.text, char_changes(p.text, mine.text)))
    rows.extend(ArticleCheck(pid, "extra", applied=p.text) for pid, p in got.items())
    heads_official = {p.pid: p.heading for p in official if p.kind in ("book", "subbook", "chapter", "section")}
    heads_applied = {p.pid: p.heading for p in applied if p.kind in ("book", "subbook", "chapter", "section")}
    headings = [(pid, heads_official.get(pid, ""), heads_applied.get(pid, ""))
                for pid in sorted(set(heads_official) | set(heads_applied))
                if normalise(heads_official.get(pid, "")) != normalise(heads_applied.get(pid, ""))]
    return OfficialCheck(rows, headings)
