"""own data: correction and erasure requests, account deletion (issue 9, finding 6)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('own_data_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('about', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('own_data_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_own_data_request_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_own_data_request_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_own_data_request_status'), ['status'], unique=False)

    op.create_table('own_data_request_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=True),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['own_data_request.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('own_data_request_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_own_data_request_event_request_id'), ['request_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('own_data_request_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_own_data_request_event_request_id'))
    op.drop_table('own_data_request_event')
    with op.batch_alter_table('own_data_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_own_data_request_status'))
        batch_op.drop_index(batch_op.f('ix_own_data_request_requester_id'))
        batch_op.drop_index(batch_op.f('ix_own_data_request_family_id'))
    op.drop_table('own_data_request')
