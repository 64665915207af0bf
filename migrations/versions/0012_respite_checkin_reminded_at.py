"""respite follow-up: a check-in remembers when its side was told it is due (the worker tells each side once)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 13:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('respite_checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('respite_checkin', schema=None) as batch_op:
        batch_op.drop_column('reminded_at')
