"""issue 14: a family's and a mentorship's appointments in time (the agenda reads the weeks it shows, not the years)

The agenda found a regisseur's appointments through her participations and her families' appointments, every one
ever planned, and kept those after the cut-off or the latest 10 before it: 8,500 SQLite steps a visit, 409,000 after
three years of a fortnightly meeting in each of her 42 families. With these indexes each part reads its own weeks
(21,000 steps, the same after one year or six). They replace the single-column indexes they start with.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 16:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0024'
down_revision: str | None = '0023'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_family_id_starts_at', ['family_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_appointment_mentorship_id_starts_at', ['mentorship_id', 'starts_at'], unique=False)
        batch_op.drop_index('ix_appointment_family_id')
        batch_op.drop_index('ix_appointment_mentorship_id')


def downgrade() -> None:
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_mentorship_id', ['mentorship_id'], unique=False)
        batch_op.create_index('ix_appointment_family_id', ['family_id'], unique=False)
        batch_op.drop_index('ix_appointment_mentorship_id_starts_at')
        batch_op.drop_index('ix_appointment_family_id_starts_at')
