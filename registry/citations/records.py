"""Tables for citations and conflict findings (derived data, rebuildable from the store).

`Citation` rows are what one citing version says (span, raw text, how the target
is named) plus what resolution made of it; they are rewritten whenever the
citing version is re-extracted and re-resolved when the store changes, so the
order of ingestion never matters. `Finding` rows are the output of the conflict
checks; they carry a user-set state (open, confirmed, dismissed with a reason)
keyed by a stable fingerprint, so a re-run updates the evidence but never
forgets what a person decided.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from registry.citations.states import (  # noqa: F401  (re-exported: the states have one home)
    CONFIRMED,
    DISMISSED,
    FINDING_STATES,
    GENERIC,
    OPEN,
    PARTIAL,
    RESOLVED,
    UNRESOLVED,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Citation(SQLModel, table=True):
    __table_args__ = (
        Index("ix_citation_version_pid", "version_id", "source_pid"),
        Index("ix_citation_target", "resolved_work_id", "resolved_pid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version_id: str = Field(foreign_key="version.id")  # the citing version
    work_id: str = Field(index=True)  # the citing work (denormalised: graph and queries group by it)
    source_pid: str = ""  # the citing provision; "" for a preamble
    start: int = 0
    end: int = 0
    raw: str = ""
    kind: str = Field(default="", index=True)  # cites basis self relative docnum generic
    target_title: str = ""
    target_doc_number: str = ""
    target_pid: str = ""
    target_end_pid: str = ""
    # the norm a bare 第X条 means in a text without articles of its own (a 修改决定, a 修正案,
    # a 罪名 list): the amended norm or the last one named before it
    context_title: str = ""
    state: str = Field(default=UNRESOLVED, index=True)
    reason: str = ""  # not_in_store | ambiguous | no_such_article | no_version_on_date | ...
    via: str = ""  # title | short | about | doc_number | self
    candidates: str = ""  # work ids of an ambiguous title, "; "-joined
    resolved_work_id: str = ""
    resolved_version_id: str = ""
    resolved_pid: str = ""
    resolved_end_pid: str = ""


class Finding(SQLModel, table=True):
    """One conflict-check result; `state` and `state_reason` belong to people, the rest to the checks."""

    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(index=True, unique=True)
    kind: str = Field(index=True)  # repealed_target | dangling_article | stale_article | basis_changed | ...
    severity: str = "medium"  # high | medium | low
    state: str = Field(default=OPEN, index=True)
    state_reason: str = ""
    active: bool = True  # False: the last run no longer found it (kept for its state)
    work_id: str = Field(default="", index=True)  # the norm the finding is about (the citing / lower one)
    version_id: str = ""
    pid: str = ""
    other_work_id: str = Field(default="", index=True)
    other_version_id: str = ""
    other_pid: str = ""
    rule: str = ""  # the rule that applies (立法法第九十九条 …)
    explanation: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    evidence: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))  # JSON
    first_seen: dt.datetime = Field(default_factory=_now)
    last_seen: dt.datetime = Field(default_factory=_now)
    state_changed: dt.datetime | None = None
