"""issue 14: messages by conversation and author in one index (the regisseur's message list, polled every 10 s)

For every conversation of her list, the list asks when the regisseur last answered in it (`conversation_id = ? AND
author_id = ?`, the latest). With one index per column SQLite answered it from the author index: every message she
ever wrote, in every conversation, for each conversation of the list (51,600 -> 33,800 SQLite steps a list at
10,000 families, and growing with her history). This index answers it in one step on both engines.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 10:15:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0023'
down_revision: str | None = '0022'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.create_index('ix_message_conversation_id_author_id', ['conversation_id', 'author_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_conversation_id_author_id')
