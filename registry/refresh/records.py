"""The queue table: one row per version whose derived data is owed."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class PendingRefresh(SQLModel, table=True):
    __tablename__ = "pending_refresh"

    # No foreign key: the refresh skips a version the store no longer has, and the row
    # must not hold up anything that removes versions.
    version_id: str = Field(primary_key=True)
    queued_at: dt.datetime = Field(default_factory=_now)
