"""Baseline: the schema as `create_all` made it before lexreg had migrations.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-01

Every table `registry.schema` registered on that day, including audit_entry and
token, and on PostgreSQL the trigger that keeps audit_entry append-only. A
table that exists already is left alone: a store made by `create_all` before
migrations is today's schema, so `lexreg db upgrade` adopts it from here.
A snapshot: it never imports the models, which will change after it.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from registry.migrations.guards import install_audit_guard, remove_audit_guard

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

Str = sqlmodel.sql.sqltypes.AutoString
UTC = sqlmodel.sql.sqltypes.UTCDateTime
TABLES = [  # in foreign-key order
    "audit_entry", "finding", "sourcedocument", "token", "work", "amendmentrun", "event", "version",
    "amendmentnote", "articlesource", "citation", "discrepancy", "evaluation", "officialdifference",
    "operationrecord", "provision", "versionsource",
]


def _table(name: str, columns: list, indexes: list = ()) -> None:
    if sa.inspect(op.get_bind()).has_table(name):
        return
    op.create_table(name, *columns)
    for index, cols, unique in indexes:
        op.create_index(index, name, cols, unique=unique)


def upgrade() -> None:
    _table('audit_entry', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', UTC(), nullable=False),
        sa.Column('actor', Str(), nullable=False),
        sa.Column('kind', Str(), nullable=False),
        sa.Column('work_id', Str(), nullable=False),
        sa.Column('target', Str(), nullable=False),
        sa.Column('before', sa.Text(), nullable=False),
        sa.Column('after', sa.Text(), nullable=False),
        sa.Column('note', Str(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_audit_entry_actor', ['actor'], False),
        ('ix_audit_entry_at', ['at'], False),
        ('ix_audit_entry_kind', ['kind'], False),
        ('ix_audit_entry_work_id', ['work_id'], False),
        ('ix_audit_work_at', ['work_id', 'at'], False),
    ])

    _table('finding', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('fingerprint', Str(), nullable=False),
        sa.Column('kind', Str(), nullable=False),
        sa.Column('severity', Str(), nullable=False),
        sa.Column('state', Str(), nullable=False),
        sa.Column('state_reason', Str(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('work_id', Str(), nullable=False),
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('pid', Str(), nullable=False),
        sa.Column('other_work_id', Str(), nullable=False),
        sa.Column('other_version_id', Str(), nullable=False),
        sa.Column('other_pid', Str(), nullable=False),
        sa.Column('rule', Str(), nullable=False),
        sa.Column('explanation', sa.Text(), nullable=False),
        sa.Column('evidence', sa.Text(), nullable=False),
        sa.Column('first_seen', UTC(), nullable=False),
        sa.Column('last_seen', UTC(), nullable=False),
        sa.Column('state_changed', UTC(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_finding_fingerprint', ['fingerprint'], True),
        ('ix_finding_kind', ['kind'], False),
        ('ix_finding_other_work_id', ['other_work_id'], False),
        ('ix_finding_state', ['state'], False),
        ('ix_finding_work_id', ['work_id'], False),
    ])

    _table('sourcedocument', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', Str(), nullable=False),
        sa.Column('path', Str(), nullable=False),
        sa.Column('file_name', Str(), nullable=False),
        sa.Column('format', Str(), nullable=False),
        sa.Column('encoding', Str(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('ingested_at', UTC(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_sourcedocument_sha256', ['sha256'], True),
    ])

    _table('token', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', Str(), nullable=False),
        sa.Column('role', Str(), nullable=False),
        sa.Column('secret_hash', Str(), nullable=False),
        sa.Column('created_at', UTC(), nullable=False),
        sa.Column('created_by', Str(), nullable=False),
        sa.Column('revoked_at', UTC(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_token_name', ['name'], True),
        ('ix_token_secret_hash', ['secret_hash'], True),
    ])

    _table('work', [
        sa.Column('id', Str(), nullable=False),
        sa.Column('title', Str(), nullable=False),
        sa.Column('short_title', Str(), nullable=False),
        sa.Column('title_key', Str(), nullable=False),
        sa.Column('level', Str(), nullable=False),
        sa.Column('organ', Str(), nullable=False),
        sa.Column('doc_number', Str(), nullable=False),
        sa.Column('enacted', sa.Date(), nullable=True),
        sa.Column('created_at', UTC(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_work_doc_number', ['doc_number'], False),
        ('ix_work_level', ['level'], False),
        ('ix_work_short_title', ['short_title'], False),
        ('ix_work_title', ['title'], False),
        ('ix_work_title_key', ['title_key'], False),
    ])

    _table('amendmentrun', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('decision_title', Str(), nullable=False),
        sa.Column('decision_version_id', Str(), nullable=False),
        sa.Column('work_id', Str(), nullable=False),
        sa.Column('norm', Str(), nullable=False),
        sa.Column('base_version_id', Str(), nullable=False),
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('version_date', sa.Date(), nullable=False),
        sa.Column('effective', sa.Date(), nullable=True),
        sa.Column('outcome', Str(), nullable=False),
        sa.Column('renumber', sa.Boolean(), nullable=False),
        sa.Column('operations', sa.Integer(), nullable=False),
        sa.Column('failed', sa.Integer(), nullable=False),
        sa.Column('unparsed', sa.Integer(), nullable=False),
        sa.Column('identical', sa.Integer(), nullable=True),
        sa.Column('official_count', sa.Integer(), nullable=True),
        sa.Column('created_at', UTC(), nullable=False),
        sa.ForeignKeyConstraint(['work_id'], ['work.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_amendmentrun_decision_title', ['decision_title'], False),
        ('ix_amendmentrun_work_id', ['work_id'], False),
    ])

    _table('event', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_id', Str(), nullable=False),
        sa.Column('version_id', Str(), nullable=True),
        sa.Column('kind', Str(), nullable=False),
        sa.Column('date', sa.Date(), nullable=True),
        sa.Column('text', Str(), nullable=False),
        sa.Column('by', Str(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.Column('line', sa.Integer(), nullable=True),
        sa.Column('recorded_at', UTC(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['sourcedocument.id'], ),
        sa.ForeignKeyConstraint(['work_id'], ['work.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_event_version_id', ['version_id'], False),
        ('ix_event_work_id', ['work_id'], False),
    ])

    _table('version', [
        sa.Column('id', Str(), nullable=False),
        sa.Column('work_id', Str(), nullable=False),
        sa.Column('version_date', sa.Date(), nullable=False),
        sa.Column('title', Str(), nullable=False),
        sa.Column('edition', Str(), nullable=False),
        sa.Column('doc_number', Str(), nullable=False),
        sa.Column('organ', Str(), nullable=False),
        sa.Column('level', Str(), nullable=False),
        sa.Column('promulgated', sa.Date(), nullable=True),
        sa.Column('effective', sa.Date(), nullable=True),
        sa.Column('effective_source', Str(), nullable=False),
        sa.Column('sidecar_status', Str(), nullable=False),
        sa.Column('addressees', Str(), nullable=False),
        sa.Column('signing_date', sa.Date(), nullable=True),
        sa.Column('preamble', sa.Text(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.Column('derived_from', Str(), nullable=False),
        sa.Column('created_at', UTC(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['sourcedocument.id'], ),
        sa.ForeignKeyConstraint(['work_id'], ['work.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('work_id', 'version_date', name='uq_version_work_date'),
    ], [
        ('ix_version_work_id', ['work_id'], False),
    ])

    _table('amendmentnote', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('kind', Str(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['amendmentrun.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_amendmentnote_run_id', ['run_id'], False),
    ])

    _table('articlesource', [
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('pid', Str(), nullable=False),
        sa.Column('source_pid', Str(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
        sa.PrimaryKeyConstraint('version_id', 'pid'),
    ])

    _table('citation', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('work_id', Str(), nullable=False),
        sa.Column('source_pid', Str(), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('raw', Str(), nullable=False),
        sa.Column('kind', Str(), nullable=False),
        sa.Column('target_title', Str(), nullable=False),
        sa.Column('target_doc_number', Str(), nullable=False),
        sa.Column('target_pid', Str(), nullable=False),
        sa.Column('target_end_pid', Str(), nullable=False),
        sa.Column('context_title', Str(), nullable=False),
        sa.Column('state', Str(), nullable=False),
        sa.Column('reason', Str(), nullable=False),
        sa.Column('via', Str(), nullable=False),
        sa.Column('candidates', Str(), nullable=False),
        sa.Column('resolved_work_id', Str(), nullable=False),
        sa.Column('resolved_version_id', Str(), nullable=False),
        sa.Column('resolved_pid', Str(), nullable=False),
        sa.Column('resolved_end_pid', Str(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_citation_kind', ['kind'], False),
        ('ix_citation_state', ['state'], False),
        ('ix_citation_target', ['resolved_work_id', 'resolved_pid'], False),
        ('ix_citation_version_pid', ['version_id', 'source_pid'], False),
        ('ix_citation_work_id', ['work_id'], False),
    ])

    _table('discrepancy', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('field', Str(), nullable=False),
        sa.Column('text_value', Str(), nullable=False),
        sa.Column('sidecar_value', Str(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_discrepancy_version_id', ['version_id'], False),
    ])

    _table('evaluation', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_id', Str(), nullable=False),
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('body', Str(), nullable=False),
        sa.Column('period', Str(), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('created_at', UTC(), nullable=False),
        sa.Column('created_by', Str(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
        sa.ForeignKeyConstraint(['work_id'], ['work.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_evaluation_version_id', ['version_id'], False),
        ('ix_evaluation_work_id', ['work_id'], False),
    ])

    _table('officialdifference', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('official_version_id', Str(), nullable=False),
        sa.Column('pid', Str(), nullable=False),
        sa.Column('status', Str(), nullable=False),
        sa.Column('official', sa.Text(), nullable=False),
        sa.Column('applied', sa.Text(), nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['amendmentrun.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_officialdifference_run_id', ['run_id'], False),
    ])

    _table('operationrecord', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('name', Str(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('status', Str(), nullable=False),
        sa.Column('reason', Str(), nullable=False),
        sa.Column('rules', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['amendmentrun.id'], ),
        sa.PrimaryKeyConstraint('id'),
    ], [
        ('ix_operationrecord_run_id', ['run_id'], False),
    ])

    _table('provision', [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('pid', Str(), nullable=False),
        sa.Column('kind', Str(), nullable=False),
        sa.Column('num', Str(), nullable=False),
        sa.Column('label', Str(), nullable=False),
        sa.Column('parent', Str(), nullable=False),
        sa.Column('heading', Str(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('ord', sa.Integer(), nullable=False),
        sa.Column('line', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('version_id', 'pid', name='uq_provision_version_pid'),
    ], [
        ('ix_provision_version_ord', ['version_id', 'ord'], False),
    ])

    _table('versionsource', [
        sa.Column('version_id', Str(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['sourcedocument.id'], ),
        sa.ForeignKeyConstraint(['version_id'], ['version.id'], ),
        sa.PrimaryKeyConstraint('version_id', 'source_id'),
    ], [
        ('ix_versionsource_source_id', ['source_id'], False),
    ])

    install_audit_guard(op.get_bind())


def downgrade() -> None:
    remove_audit_guard(op.get_bind())
    for name in reversed(TABLES):
        op.drop_table(name)
