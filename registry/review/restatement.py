"""Is a lower norm's penalty or permit a restatement of its higher norm's (not a setting of its own)?

Reads the articles of the laws and 行政法规 in force (once per run) and writes
nothing: `beyond_competence` asks it before flagging. A lower norm that repeats,
for the same conduct, a sanction or permit a higher norm sets (市场主体登记管理条例
实施细则 第六十八条 restating 条例 第四十三条; a 高速公路 条例 restating 道路交通安全法
第九十六条's 拘留) sets nothing: it applies the higher norm, cited or not. Same
conduct means the sentence holding the sanction shares most of its content words
with one article of the higher norm; a fine is restated only when its range lies
within the higher article's (行政处罚法 第十三条、第十四条 allow a rule to 作出具体规定
within the range a law or regulation sets).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from sqlmodel import col, select

from registry.core.levels import outranks
from registry.norms import models as m
from registry.review.context import CheckContext

HIGHER = ("法律", "行政法规")
SAME_CONDUCT = 0.45  # share of the lower sentence's content bigrams found in the higher article
_SENTENCE = re.compile(r"[^。；\n]+")
_NUMBER = re.compile(r"[\d一二三四五六七八九十百千万零〇两]+")
_FUNCTION = set("的了和与及或在对由为是其该应当可以并处以上以下予以给予依法有关")


@dataclass(frozen=True)
class Source:
    work_id: str
    version_id: str
    pid: str
    text: str
    share: float


def content(text: str) -> set[str]:
    """Two-character terms of a text, numbers and function words out.

    >>> sorted(content("处十日以下拘留"))
    ['拘留']
    """
    t = _NUMBER.sub("#", text)
    return {t[i:i + 2] for i in range(len(t) - 1)
            if "\u4e00" <= t[i] <= "\u9fff" and "\u4e00" <= t[i + 1] <= "\u9fff"
            and not (t[i] in _FUNCTION or t[i + 1] in _FUNCTION)}


class Restatements:
    """The articles of higher norms in force, by the sanction and permit words they contain."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    @cached_property
    def articles(self) -> list[tuple[str, str, str, str]]:
        ids = [vid for vid, v in self.ctx.live_versions.items() if self.ctx.works[v.work_id].level in HIGHER]
        rows: list[tuple[str, str, str, str]] = []
        for i in range(0, len(ids), 400):
            rows += [(self.ctx.live_versions[vid].work_id, vid, pid, text) for vid, pid, text in self.ctx.session.exec(
                select(m.Provision.version_id, m.Provision.pid, m.Provision.text).where(
                    col(m.Provision.version_id).in_(ids[i:i + 400]), m.Provision.kind == "article")).all()]
        return rows

    @cached_property
    def _by_word(self) -> dict[str, list[int]]:
        return defaultdict(list)

    def _with(self, word: str) -> list[int]:
        if word not in self._by_word:
            self._by_word[word] = [i for i, (_, _, _, text) in enumerate(self.articles) if word in text]
        return self._by_word[word]

    def source(self, level: str, text: str, at: int, word: str, fine: tuple[float, float] | None = None
               ) -> Source | None:
        """The higher article that sets `word` (a sanction or permit) for the conduct of the sentence
        around offset `at` of `text`, or None: then the lower norm sets it itself."""
        sentence = next((s.group() for s in _SENTENCE.finditer(text) if s.start() <= at < s.end()), text)
        mine = content(sentence)
        if not mine:
            return None
        best: Source | None = None
        for i in self._with(word):
            work_id, vid, pid, other = self.articles[i]
            if not outranks(self.ctx.works[work_id].level, level):
                continue
            share = len(mine & content(other)) / len(mine)
            if share < SAME_CONDUCT or (best is not None and share <= best.share):
                continue
            if fine is not None and not _fine_within(fine, other):
                continue
            best = Source(work_id, vid, pid, other, round(share, 2))
        return best


    def named_in_implemented(self, work: m.Work, term: str) -> bool:
        """Does a law or 行政法规 the local norm implements or cites use `term` (规划许可)?"""
        if not term:
            return False
        cited = {c.resolved_work_id for c in self.ctx.live_citations if c.work_id == work.id}
        return any(wid in cited and term in text for wid, _, _, text in self.articles)


def _fine_within(fine: tuple[float, float], higher: str) -> bool:
    from registry.review.numbers import bounds

    outer = bounds(higher, "罚款数额") if "罚款" in higher else None
    return outer is not None and outer[0] <= fine[0] and fine[1] <= outer[1]
