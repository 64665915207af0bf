"""peers moderation: invitations to be an ervaringsdeskundige (consent of the existing account)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 13:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "peer_expert_invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("space", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["user.id"], name="fk_peer_expert_invite_invited_by_id_user", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name="fk_peer_expert_invite_user_id_user", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_peer_expert_invite"),
    )
    with op.batch_alter_table("peer_expert_invite", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_peer_expert_invite_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("peer_expert_invite", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_peer_expert_invite_user_id"))
    op.drop_table("peer_expert_invite")
