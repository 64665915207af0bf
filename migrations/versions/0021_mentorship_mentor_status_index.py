"""issue 14: mentorships by mentor and status in one index (the unread badge on every page)

The conversations a person may read include the JIM overleg of a mentorship she is the active mentor of
(`mentor_id = ? AND status = 'actief'`). With one index per column SQLite chose the status index and read every
active mentorship (3,000 at 10,000 families) on every page; this index answers it in a few rows on both engines.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 07:45:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.create_index('ix_mentorship_mentor_id_status', ['mentor_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('mentorship', schema=None) as batch_op:
        batch_op.drop_index('ix_mentorship_mentor_id_status')
