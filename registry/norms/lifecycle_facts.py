"""Lifecycle facts a text states about itself and about other norms, as plain data.

`ingest.validity`, `ingest.issuance` and `ingest.repeals` read them from a parsed
document (no store); 定期清理 and the store turn them into scheduled 失效 events,
the issued work's metadata and 废止 events of the norms named. Registry never
imports ingest: these types are the shared language.

The validity convention (`period_end`): a period of N years that starts on the
施行 day counts that day as its first day, so 有效期五年 from 2023-07-01 has
2028-06-30 as its last day and the norm is 已失效 from 2028-07-01. This is how
normative documents that give both forms write it ("自2019年1月1日起施行，有效期至
2023年12月31日"), and 自然资源部令第2号 第二十八条 ("有效期届满，自动失效") makes the
day after the last one the day it lapses. (民法典 第二百零一条 counts civil periods
from the next day; a norm's own validity is not a civil period: it is in force on
its 施行 day.)
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end.

    >>> add_months(date(2023, 7, 1), 60), add_months(date(2020, 2, 29), 12)
    (datetime.date(2028, 7, 1), datetime.date(2021, 2, 28))
    """
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, months: int) -> date:
    """The last day of a period of `months` starting on (and counting) `start`.

    >>> period_end(date(2023, 7, 1), 60)   # 自2023年7月1日起施行，有效期五年
    datetime.date(2028, 6, 30)
    >>> period_end(date(2019, 1, 1), 36)
    datetime.date(2021, 12, 31)
    """
    return add_months(start, months) - timedelta(days=1)


@dataclass(frozen=True)
class ValidityPeriod:
    """The norm's own 有效期 (or 试行期) as its text states it.

    `start_basis` says which date the period runs from: "正文日期" (a date the
    same sentence gives), "施行日期" (the norm's 施行日期), "印发日期" (自印发之日起).
    `months` is None when the text gives an end date instead of a length.
    `last_day` is the last day in force, `expires_on` the day it is 已失效 (the
    date of the scheduled 失效 event); both None when the start is unknown.
    """

    pid: str  # provision stating it ("" for a notice's preamble)
    wording: str  # the matched words, for evidence
    months: int | None = None
    start: date | None = None
    start_basis: str = ""
    last_day: date | None = None
    trial: bool = False  # 试行二年 / 试行期 rather than 有效期

    @property
    def expires_on(self) -> date | None:
        return self.last_day + timedelta(days=1) if self.last_day else None


@dataclass(frozen=True)
class IssuanceNotice:
    """A 印发通知 and the document it issues (the issued document is the norm).

    Lines are 1-based in the file's text. `issued_start_line` is the line where
    the issued document's own text starts: its title line inside the file, or,
    where the file carries no such line, its first body line.
    """

    notice_title: str  # 关于印发《X》的通知 ("" when the notice has no title line)
    issued_title: str  # X
    doc_number: str = ""  # the notice's 文号
    issued_on: date | None = None  # 印发日期: the notice's date line
    issuer: str = ""  # the organ line above the date
    sentence: str = ""  # 现将《X》印发给你们 …, for evidence
    sentence_line: int | None = None
    issued_start_line: int | None = None
    issued_effective: date | None = None  # the issued document's own 施行日期, if stated
    effective_wording: str = ""


@dataclass(frozen=True)
class RepealedNorm:
    """One norm a repeal clause names.

    `title` is normalised (〈〉 -> 《》 inside, an issuing organ written before a
    bare 关于… title joined to it); `cited_as` is what the text wrote.
    `effective_basis`: "条款所述日期" (the clause or its sentence gives the date),
    "本规范施行日期" (the repealing norm's 施行日期), or "" when neither is known.
    `articles` is non-empty for a partial repeal (《X》第十条同时废止).
    """

    title: str
    cited_as: str
    pid: str
    clause: str  # the sentence holding the repeal
    doc_number: str = ""
    effective: date | None = None
    effective_basis: str = ""
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganChange:
    """One row of registry/data/organ_changes.csv: an organ dissolved or renamed.

    `match`: "exact" (a national organ's name) or "local" (a suffix such as
    国土资源厅 after a place name: 浙江省国土资源厅). `kept_name`: the successor
    still uses the old name outwardly (对外保留牌子), so a mention is not stale.
    """

    old: str
    new: str
    on: date  # the day the old organ no longer existed (the approving act's date)
    kind: str  # 撤销 | 更名 | 合并
    match: str
    source: str
    kept_name: bool = False
    note: str = ""


@dataclass(frozen=True)
class OrganMention:
    """A mention, in a provision, of an organ that no longer existed on a date."""

    pid: str
    name: str  # as written (浙江省国土资源厅)
    start: int  # offset in the provision's text
    change: OrganChange
    historical: bool = False  # written 原国土资源部: the drafter knows it is gone
    in_reference: bool = False  # in a cited title, a 文号 or 国土资源部发布的《…》 (the issuer of a cited document)
    current: str = ""  # the organ carrying its duties on the date asked (卫生部 -> 国家卫生健康委员会 in 2024)


@dataclass
class LifecycleFacts:
    """Everything the readers found in one document, for ingest to attach to its draft."""

    validity: list[ValidityPeriod] = field(default_factory=list)
    issuance: IssuanceNotice | None = None
    repeals: list[RepealedNorm] = field(default_factory=list)
