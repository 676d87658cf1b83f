"""The audit table: one row per change to the record, append-only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_work_at", "work_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=_now, index=True)
    actor: str = Field(index=True)  # token name (API, web) or cli:<os user>
    kind: str = Field(index=True)  # ingest, amend, repeal, expire, metadata, effective_date, finding_state, ...
    work_id: str = Field(default="", index=True)  # the work concerned, "" when none (tokens)
    target: str = ""  # the id of what changed: a version, finding, token, campaign ...
    before: str = Field(default="null", sa_column=Column(Text, nullable=False, default="null"))  # JSON
    after: str = Field(default="null", sa_column=Column(Text, nullable=False, default="null"))  # JSON
    note: str = ""
