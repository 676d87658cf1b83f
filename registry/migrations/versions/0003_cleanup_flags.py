"""clean-up campaigns, curated 制定依据, 待核对 flags: the tables of 定期清理 (campaigns, proposals,
修改 tasks), the reviewer's 制定依据 decisions, and the articles of a derived text marked 待核对.

Revision ID: 0003_cleanup_flags
Revises: 0002_pending_refresh
Create Date: 2026-12-01 23:20:12.032922
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003_cleanup_flags'
down_revision = '0002_pending_refresh'
branch_labels = None
depends_on = None


def _has(table: str) -> bool:
    return sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if not _has('basis_decision'):  # a store adopted from today's models has it already
        op.create_table('basis_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('basis_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('basis_work_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['work_id'], ['work.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('work_id', 'basis_key', name='uq_basis_decision')
        )
        with op.batch_alter_table('basis_decision', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_basis_decision_work_id'), ['work_id'], unique=False)
    if not _has('cleanup_campaign'):  # a store adopted from today's models has it already
        op.create_table('cleanup_campaign',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('look_ahead_months', sa.Integer(), nullable=False),
        sa.Column('scope', sa.Text(), nullable=False),
        sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('last_run', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('decision_date', sa.Date(), nullable=True),
        sa.Column('decision_source_id', sa.Integer(), nullable=True),
        sa.Column('applied_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('applied_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['decision_source_id'], ['sourcedocument.id'], ),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('cleanup_campaign', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_cleanup_campaign_name'), ['name'], unique=True)
    if not _has('articleflag'):  # a store adopted from today's models has it already
        op.create_table('articleflag',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('pid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('flag', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('instruction', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('articleflag', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_articleflag_version_id'), ['version_id'], unique=False)
    if not _has('cleanup_proposal'):  # a store adopted from today's models has it already
        op.create_table('cleanup_proposal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('work_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('version_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('opinion', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('reasons', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('decided_opinion', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('decided_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('applied', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['cleanup_campaign.id'], ),
        sa.ForeignKeyConstraint(['work_id'], ['work.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'work_id', name='uq_cleanup_proposal')
        )
        with op.batch_alter_table('cleanup_proposal', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_cleanup_proposal_campaign_id'), ['campaign_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_cleanup_proposal_work_id'), ['work_id'], unique=False)
    if not _has('cleanup_task'):  # a store adopted from today's models has it already
        op.create_table('cleanup_task',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('work_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('version_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('opened_on', sa.Date(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['campaign_id'], ['cleanup_campaign.id'], ),
        sa.ForeignKeyConstraint(['work_id'], ['work.id'], ),
        sa.PrimaryKeyConstraint('id')
        )
        with op.batch_alter_table('cleanup_task', schema=None) as batch_op:
            batch_op.create_index(batch_op.f('ix_cleanup_task_campaign_id'), ['campaign_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_cleanup_task_work_id'), ['work_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cleanup_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cleanup_task_work_id'))
        batch_op.drop_index(batch_op.f('ix_cleanup_task_campaign_id'))

    op.drop_table('cleanup_task')
    with op.batch_alter_table('cleanup_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cleanup_proposal_work_id'))
        batch_op.drop_index(batch_op.f('ix_cleanup_proposal_campaign_id'))

    op.drop_table('cleanup_proposal')
    with op.batch_alter_table('articleflag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articleflag_version_id'))

    op.drop_table('articleflag')
    with op.batch_alter_table('cleanup_campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cleanup_campaign_name'))

    op.drop_table('cleanup_campaign')
    with op.batch_alter_table('basis_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_basis_decision_work_id'))

    op.drop_table('basis_decision')
