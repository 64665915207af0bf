"""issue 13 (unsafe alert, push offer): message.urgent, the safety_alert log and user.push_offer

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 16:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('urgent', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('push_offer', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default='')
        )

    op.create_table('safety_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('youth_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('regisseur_id', sa.Integer(), nullable=True),
    sa.Column('regisseur_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('pushed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['youth_id'], ['user.id'], name='fk_safety_alert_youth_id_user', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name='fk_safety_alert_family_id_family', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(
        ['regisseur_id'], ['user.id'], name='fk_safety_alert_regisseur_id_user', ondelete='SET NULL'
    ),
    sa.ForeignKeyConstraint(
        ['message_id'], ['message.id'], name='fk_safety_alert_message_id_message', ondelete='SET NULL'
    ),
    sa.PrimaryKeyConstraint('id', name='pk_safety_alert')
    )
    with op.batch_alter_table('safety_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_alert_youth_id'), ['youth_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_alert_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_alert_regisseur_id'), ['regisseur_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_alert_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('safety_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_alert_created_at'))
        batch_op.drop_index(batch_op.f('ix_safety_alert_regisseur_id'))
        batch_op.drop_index(batch_op.f('ix_safety_alert_family_id'))
        batch_op.drop_index(batch_op.f('ix_safety_alert_youth_id'))
    op.drop_table('safety_alert')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('push_offer')

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('urgent')
