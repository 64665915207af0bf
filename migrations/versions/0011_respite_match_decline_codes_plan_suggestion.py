"""respite matches: a no's reason as a code, and the carer's "add to our plan" suggestion on a match

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 13:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('respite_match', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('family_decline_code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                      server_default='')
        )
        batch_op.add_column(
            sa.Column('household_decline_code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                      server_default='')
        )
        batch_op.add_column(sa.Column('plan_suggested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('plan_suggested_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('plan_added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(
            'fk_respite_match_plan_suggested_by_id_user', 'user', ['plan_suggested_by_id'], ['id'],
            ondelete='SET NULL'
        )
    with op.batch_alter_table('respite_match', schema=None) as batch_op:
        batch_op.alter_column('family_decline_code', server_default=None)
        batch_op.alter_column('household_decline_code', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('respite_match', schema=None) as batch_op:
        batch_op.drop_constraint('fk_respite_match_plan_suggested_by_id_user', type_='foreignkey')
        batch_op.drop_column('plan_added_at')
        batch_op.drop_column('plan_suggested_by_id')
        batch_op.drop_column('plan_suggested_at')
        batch_op.drop_column('household_decline_code')
        batch_op.drop_column('family_decline_code')
