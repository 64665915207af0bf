"""content: the plan translations name the interpreter the regisseur worked with (plan_part_translation.interpreter)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 14:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('plan_part_translation', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('interpreter', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default='')
        )


def downgrade() -> None:
    with op.batch_alter_table('plan_part_translation', schema=None) as batch_op:
        batch_op.drop_column('interpreter')
