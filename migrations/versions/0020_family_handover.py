"""family_handover: a family handed to another regisseur (or asked for) (issue 13: a new family and a handover)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 16:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "family_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("from_regisseur_id", sa.Integer(), nullable=True),
        sa.Column("to_regisseur_id", sa.Integer(), nullable=True),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("asked_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False, server_default=""),
        sa.Column("asked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("handed_over_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False, server_default=""),
        sa.Column("handed_over_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name="fk_family_handover_family_id_family", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["from_regisseur_id"], ["user.id"], name="fk_family_handover_from_regisseur_id_user", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["to_regisseur_id"], ["user.id"], name="fk_family_handover_to_regisseur_id_user", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["user.id"], name="fk_family_handover_asked_by_id_user", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["handed_over_by_id"], ["user.id"], name="fk_family_handover_handed_over_by_id_user", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_family_handover"),
    )
    op.create_index("ix_family_handover_family_id", "family_handover", ["family_id"])
    op.create_index("ix_family_handover_handed_over_at", "family_handover", ["handed_over_at"])


def downgrade() -> None:
    op.drop_index("ix_family_handover_handed_over_at", table_name="family_handover")
    op.drop_index("ix_family_handover_family_id", table_name="family_handover")
    op.drop_table("family_handover")
