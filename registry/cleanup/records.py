"""Tables of 定期清理: campaigns, their proposals with the human decisions, 修改 tasks, and
the curated 制定依据 links.

A proposal's `opinion` and `reasons` belong to the machine (rewritten by each run); its
`decided_*` columns belong to people and are never touched by a run. `BasisDecision`
rows are a person's word on a 制定依据 the citation pass derived (confirmed, corrected
to another work, rejected) or added: they survive citation rebuilds because they are
keyed by the citing work and the basis as written, not by citation row ids.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

CONTINUE, AMEND, REPEAL, DECLARE_INVALID = "继续有效", "修改", "废止", "宣布失效"
OPINIONS = (REPEAL, DECLARE_INVALID, AMEND, CONTINUE)  # the annexes' order in the published list

PROPOSED, ACCEPTED, OVERRIDDEN, APPLIED = "proposed", "accepted", "overridden", "applied"
STATES = (PROPOSED, ACCEPTED, OVERRIDDEN, APPLIED)
STATE_LABELS = {PROPOSED: "待审核", ACCEPTED: "已采纳", OVERRIDDEN: "已改判", APPLIED: "已执行"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Campaign(SQLModel, table=True):
    __tablename__ = "cleanup_campaign"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    as_of: dt.date
    look_ahead_months: int = 6
    scope: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))  # JSON
    created_by: str = ""
    created_at: dt.datetime = Field(default_factory=_now)
    last_run: dt.datetime | None = None
    decision_date: dt.date | None = None  # set by apply
    decision_source_id: int | None = Field(default=None, foreign_key="sourcedocument.id")
    applied_by: str = ""
    applied_at: dt.datetime | None = None


class Proposal(SQLModel, table=True):
    __tablename__ = "cleanup_proposal"
    __table_args__ = (UniqueConstraint("campaign_id", "work_id", name="uq_cleanup_proposal"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="cleanup_campaign.id", index=True)
    work_id: str = Field(foreign_key="work.id", index=True)
    version_id: str = ""  # the version in force on the as-of date
    opinion: str  # proposed by the machine
    reasons: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))  # JSON
    active: bool = True  # False: the last run no longer found the norm in scope and in force
    decided_opinion: str = ""
    decided_note: str = ""
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    applied: bool = False


class CleanupTask(SQLModel, table=True):
    """A 修改 decision applied: the norm is to be amended; open until a newer version is stored."""

    __tablename__ = "cleanup_task"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="cleanup_campaign.id", index=True)
    work_id: str = Field(foreign_key="work.id", index=True)
    version_id: str  # the version to be amended
    note: str = ""
    opened_on: dt.date
    created_at: dt.datetime = Field(default_factory=_now)


BASIS_CONFIRMED, BASIS_CORRECTED, BASIS_REJECTED, BASIS_ADDED = "confirmed", "corrected", "rejected", "added"
BASIS_STATES = (BASIS_CONFIRMED, BASIS_CORRECTED, BASIS_REJECTED, BASIS_ADDED)


class BasisDecision(SQLModel, table=True):
    """A person's decision on one 制定依据 of one work."""

    __tablename__ = "basis_decision"
    __table_args__ = (UniqueConstraint("work_id", "basis_key", name="uq_basis_decision"),)

    id: int | None = Field(default=None, primary_key=True)
    work_id: str = Field(foreign_key="work.id", index=True)
    basis_key: str  # the basis as written (its normalised title key), or the added work's id
    state: str
    basis_work_id: str = ""  # the work it is (corrected / added / confirmed)
    note: str = ""
    decided_by: str = ""
    decided_at: dt.datetime = Field(default_factory=_now)
