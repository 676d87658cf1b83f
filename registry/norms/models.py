"""Tables of the store: work, version, provision, event, source document, discrepancy.

A work is the norm; a version is its text from a date and never changes once
written; provisions are the rows of a version's tree; events are what happened
to the work (公布, 施行, 修正, 修订, 废止, 失效) and where we read it. 时效性 is
never stored: `registry.norms.lifecycle` derives it from events and a date.
"""

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Work(SQLModel, table=True):
    id: str = Field(primary_key=True)  # /cn/law/1986/土地管理法
    title: str = Field(index=True)
    short_title: str = Field(index=True)
    title_key: str = Field(index=True)  # normalised title used to recognise the same work
    level: str = Field(index=True)
    organ: str = ""
    doc_number: str = Field(default="", index=True)  # of the first version; versions keep their own
    enacted: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=_now)


class SourceDocument(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True)
    path: str
    file_name: str
    format: str
    encoding: str
    size: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    ingested_at: dt.datetime = Field(default_factory=_now)


class Version(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("work_id", "version_date", name="uq_version_work_date"),)

    id: str = Field(primary_key=True)  # work id @ version date
    work_id: str = Field(foreign_key="work.id", index=True)
    version_date: dt.date
    title: str  # as this version states it
    edition: str = ""
    doc_number: str = ""
    organ: str = ""
    level: str = ""
    promulgated: dt.date | None = None
    effective: dt.date | None = None
    effective_source: str = ""  # text | body | sidecar | assumed
    sidecar_status: str = ""
    addressees: str = ""
    signing_date: dt.date | None = None
    preamble: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    source_id: int | None = Field(default=None, foreign_key="sourcedocument.id")
    derived_from: str = ""  # version id this one was computed from (an applied 修改决定)
    created_at: dt.datetime = Field(default_factory=_now)


class VersionSource(SQLModel, table=True):
    """The source files of a version: one, or several when a norm is split into parts (民法典)."""

    version_id: str = Field(foreign_key="version.id", primary_key=True)
    source_id: int = Field(foreign_key="sourcedocument.id", primary_key=True, index=True)


class Provision(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("version_id", "pid", name="uq_provision_version_pid"),
        Index("ix_provision_version_ord", "version_id", "ord"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version_id: str = Field(foreign_key="version.id")
    pid: str  # art_47__para_2__item_3
    kind: str
    num: str
    label: str
    parent: str = ""
    heading: str = ""
    text: str = Field(sa_column=Column(Text, nullable=False))
    ord: int
    line: int | None = None


class Event(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    work_id: str = Field(foreign_key="work.id", index=True)
    version_id: str | None = Field(default=None, index=True)  # the version it produced or concerns
    kind: str  # 通过 公布 施行 修正 修订 废止 失效 部分失效
    date: dt.date | None = None
    text: str = ""  # the words that state it
    by: str = ""  # organ or document that caused it
    source_id: int | None = Field(default=None, foreign_key="sourcedocument.id")
    line: int | None = None
    recorded_at: dt.datetime = Field(default_factory=_now)


class Discrepancy(SQLModel, table=True):
    """Text and sidecar disagree: both values stay visible."""

    id: int | None = Field(default=None, primary_key=True)
    version_id: str = Field(foreign_key="version.id", index=True)
    field: str
    text_value: str
    sidecar_value: str
