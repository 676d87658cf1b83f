"""Articles of a version marked 待核对 (to be checked): where a derived text may be wrong.

Written by `registry.amendments.apply` when a decision is applied although some of its
instructions were unread or failed: the version is stored (推算文本) and the articles
those instructions touch are marked here, each with the instruction and why it was not
applied. Read by `views.show` (CLI, HTTP, the text page) and the 新旧对照; cleared when
the official text supersedes the derived one.
"""

from __future__ import annotations

from sqlalchemy import Column, Text
from sqlmodel import Field, Session, SQLModel, select

from registry.norms.lookup import WHOLE_NORM  # noqa: F401  (re-exported: the flag of the whole text)

TO_CHECK = "待核对"


class ArticleFlag(SQLModel, table=True):
    """One article of one version to be checked, and the instruction that makes it so."""

    id: int | None = Field(default=None, primary_key=True)
    version_id: str = Field(foreign_key="version.id", index=True)
    pid: str  # art_47, or WHOLE_NORM
    flag: str = TO_CHECK
    instruction: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


def flag_articles(session: Session, version_id: str, flags: dict[str, list[tuple[str, str]]]) -> None:
    """Mark `flags` (pid -> [(instruction, reason)]) on `version_id` in the caller's transaction."""
    for pid, notes in flags.items():
        for instruction, reason in notes:
            session.add(ArticleFlag(version_id=version_id, pid=pid, instruction=instruction, reason=reason))


def flags_of(session: Session, version_id: str) -> dict[str, list[dict[str, str]]]:
    """pid -> the notes marking it 待核对 (empty for a version with none)."""
    out: dict[str, list[dict[str, str]]] = {}
    rows = session.exec(select(ArticleFlag).where(ArticleFlag.version_id == version_id)
                        .order_by(ArticleFlag.id)).all()
    for row in rows:
        out.setdefault(row.pid, []).append({"flag": row.flag, "instruction": row.instruction, "reason": row.reason})
    return out


def clear_flags(session: Session, version_id: str) -> int:
    """Drop the marks of a version (its official text has arrived); returns how many there were."""
    rows = session.exec(select(ArticleFlag).where(ArticleFlag.version_id == version_id)).all()
    for row in rows:
        session.delete(row)
    return len(rows)
