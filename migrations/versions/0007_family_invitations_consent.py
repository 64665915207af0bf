"""family invitations with consent for existing accounts (issue 9, findings 1-2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default='anders'))
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False, server_default='nl'))
        batch_op.add_column(sa.Column('declined_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('awaiting_carer_since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('carer_id', sa.Integer(), nullable=True))
        batch_op.alter_column('user_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f('ix_invitation_email'), ['email'], unique=False)
        batch_op.create_foreign_key('fk_invitation_carer_id_user', 'user', ['carer_id'], ['id'], ondelete='SET NULL')
    # Invitations made before this revision: copy what the regisseur typed from the pending person and her membership.
    op.execute(
        """
        UPDATE invitation SET
            email = COALESCE((SELECT u.email FROM "user" u WHERE u.id = invitation.user_id), ''),
            name = COALESCE((SELECT u.name FROM "user" u WHERE u.id = invitation.user_id), ''),
            language = COALESCE((SELECT u.language FROM "user" u WHERE u.id = invitation.user_id), 'nl'),
            birth_date = (SELECT u.birth_date FROM "user" u WHERE u.id = invitation.user_id),
            relation = COALESCE((SELECT m.relation FROM family_member m
                                 WHERE m.user_id = invitation.user_id AND m.family_id = invitation.family_id), 'anders')
        WHERE invitation.user_id IS NOT NULL
        """
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.alter_column('email', server_default=None)
        batch_op.alter_column('name', server_default=None)
        batch_op.alter_column('relation', server_default=None)
        batch_op.alter_column('language', server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM invitation WHERE user_id IS NULL")
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_constraint('fk_invitation_carer_id_user', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_invitation_email'))
        batch_op.alter_column('user_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('carer_id')
        batch_op.drop_column('awaiting_carer_since')
        batch_op.drop_column('declined_at')
        batch_op.drop_column('language')
        batch_op.drop_column('birth_date')
        batch_op.drop_column('relation')
        batch_op.drop_column('name')
        batch_op.drop_column('email')
