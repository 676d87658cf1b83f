"""Tables of applied amendment decisions: what was done, how it went, how it compares.

An applied 修改决定 writes ordinary rows (a version, its provisions, 修正/施行
events, 废止 events); these tables keep the evidence beside them: one run per
(decision, norm) with the state of every operation, the drafting rules that
fired, the warnings, and every difference from the official republished text.
The official text stays the version of record; the report stays too, so a
reviewer can always see where applying the decision and the official text part.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# outcomes of one run: what stands as the version of record for the result
WRITTEN = "written"  # the applied text was stored as a derived version
OFFICIAL_KEPT = "official-kept"  # the official text was already stored: only the check report is kept
SUPERSEDED = "superseded"  # the derived version was later replaced by the official text
NOT_WRITTEN = "not-written"  # operations failed or were unread: nothing stored but this report


class AmendmentRun(SQLModel, table=True):
    """One decision applied to one norm."""

    id: int | None = Field(default=None, primary_key=True)
    decision_title: str = Field(index=True)
    decision_version_id: str = ""  # the decision as stored through ingest ("" when not stored)
    work_id: str = Field(foreign_key="work.id", index=True)
    norm: str  # the norm as the decision names it
    base_version_id: str  # the version in force the day before the decision's 施行日期
    version_id: str = ""  # the version of record for the result (derived or official)
    version_date: dt.date
    effective: dt.date | None = None
    outcome: str
    renumber: bool = False
    operations: int = 0
    failed: int = 0
    unparsed: int = 0
    identical: int | None = None  # articles identical to the official text, when one was compared
    official_count: int | None = None
    created_at: dt.datetime = Field(default_factory=_now)


class OperationRecord(SQLModel, table=True):
    """The state of one operation of a run, in the decision's order."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="amendmentrun.id", index=True)
    seq: int
    name: str  # ReplaceText, DeleteProvision... or Unparsed
    source: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str  # applied | failed | unparsed
    reason: str = ""
    rules: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # one note a line


class AmendmentNote(SQLModel, table=True):
    """A warning or a drafting rule applied to the whole text (numbering, item punctuation)."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="amendmentrun.id", index=True)
    kind: str  # rule | warning | metadata
    text: str = Field(sa_column=Column(Text, nullable=False))


class OfficialDifference(SQLModel, table=True):
    """One article where the applied result and the official text differ (after normalising)."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="amendmentrun.id", index=True)
    official_version_id: str
    pid: str
    status: str  # different | missing (official only) | extra (applied only) | heading
    official: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    applied: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    changes: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))  # JSON


class ArticleSource(SQLModel, table=True):
    """Where each article of a derived version came from (new pid -> old pid in the base version).

    Kept so 新旧对照 and per-article history follow moved and renumbered
    articles exactly instead of by textual similarity.
    """

    version_id: str = Field(foreign_key="version.id", primary_key=True)
    pid: str = Field(primary_key=True)
    source_pid: str = ""  # "" = text the decision wrote
