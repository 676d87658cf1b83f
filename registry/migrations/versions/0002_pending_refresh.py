"""pending_refresh: versions whose derived data (search index, citations) is owed.

Revision ID: 0002_pending_refresh
Revises: 0001_baseline
Create Date: 2026-12-01

Found by the SIGKILL test (tests/test_crash_safety.py): an ingest killed after
some documents committed but before the index and citation refresh left those
versions unindexed and uncited for good, since re-running the ingest finds them
unchanged. Writers now queue the versions they add in the same transaction
(registry.refresh) and the refresh clears them. Existing stores get an empty
queue: run `lexreg reindex` and `lexreg citations --rebuild` once if an ingest
was ever interrupted before this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_pending_refresh"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_refresh",
        sa.Column("version_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("queued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version_id"),
    )


def downgrade() -> None:
    op.drop_table("pending_refresh")
