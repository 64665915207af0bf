"""jim mentorships, appointments, calendar feeds

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 00:33:22.527495
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feed_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_calendar_feed_user_id'), ['user_id'], unique=False)

    op.create_table('mentorship',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('youth_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('nominee_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('motivation', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('parents_support', sa.Boolean(), nullable=True),
    sa.Column('parents_answered_by_id', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('nominated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('accepted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gemeente_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['parents_answered_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['youth_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_ended_at'), ['ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_started_at'), ['started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentorship_youth_id'), ['youth_id'], unique=False)
        batch_op.create_index('uq_mentorship_open_per_youth', ['youth_id'], unique=True, sqlite_where=sa.text("status IN ('genomineerd', 'uitgenodigd', 'geaccepteerd', 'actief')"), postgresql_where=sa.text("status IN ('genomineerd', 'uitgenodigd', 'geaccepteerd', 'actief')"))

    op.create_table('appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=True),
    sa.Column('review_number', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('video_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organiser_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('mentorship_id', 'review_number')
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointment_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointment_starts_at'), ['starts_at'], unique=False)

    op.create_table('mentor_invite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentor_invite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_invite_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_invite_token_hash'), ['token_hash'], unique=True)

    op.create_table('mentorship_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentorship_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=True),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentorship_id'], ['mentorship.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentorship_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentorship_event_mentorship_id'), ['mentorship_id'], unique=False)

    op.create_table('appointment_participant',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=15), nullable=False),
    sa.Column('proposed_starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('appointment_id', 'user_id')
    )
    with op.batch_alter_table('appointment_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointment_participant_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentorship_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_conversation_mentorship_id'), ['mentorship_id'], unique=False)
        batch_op.create_unique_constraint('uq_conversation_kind_mentorship', ['kind', 'mentorship_id'])
        batch_op.create_foreign_key('fk_conversation_mentorship', 'mentorship', ['mentorship_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentor', sa.Boolean(), nullable=False, server_default=sa.true()))



def downgrade() -> None:
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.drop_column('mentor')

    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_conversation_mentorship', type_='foreignkey')
        batch_op.drop_constraint('uq_conversation_kind_mentorship', type_='unique')
        batch_op.drop_index(batch_op.f('ix_conversation_mentorship_id'))
        batch_op.drop_column('mentorship_id')

    with op.batch_alter_table('appointment_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointment_participant_user_id'))

    op.drop_table('appointment_participant')
    with op.batch_alter_table('mentorship_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentorship_event_mentorship_id'))

    op.drop_table('mentorship_event')
    with op.batch_alter_table('mentor_invite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_invite_token_hash'))
        batch_op.drop_index(batch_op.f('ix_mentor_invite_mentorship_id'))

    op.drop_table('mentor_invite')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointment_starts_at'))
        batch_op.drop_index(batch_op.f('ix_appointment_mentorship_id'))
        batch_op.drop_index(batch_op.f('ix_appointment_family_id'))

    op.drop_table('appointment')
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.drop_index('uq_mentorship_open_per_youth', sqlite_where=sa.text("status IN ('genomineerd', 'uitgenodigd', 'geaccepteerd', 'actief')"), postgresql_where=sa.text("status IN ('genomineerd', 'uitgenodigd', 'geaccepteerd', 'actief')"))
        batch_op.drop_index(batch_op.f('ix_mentorship_youth_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_status'))
        batch_op.drop_index(batch_op.f('ix_mentorship_started_at'))
        batch_op.drop_index(batch_op.f('ix_mentorship_mentor_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_family_id'))
        batch_op.drop_index(batch_op.f('ix_mentorship_ended_at'))

    op.drop_table('mentorship')
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feed_user_id'))
        batch_op.drop_index(batch_op.f('ix_calendar_feed_token_hash'))

    op.drop_table('calendar_feed')
