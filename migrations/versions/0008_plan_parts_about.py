"""plan parts say who they are about (issue 9, finding 4)

Every part of the gezinsplan gets an "about": the whole family or one person. Texts about one person go to the new
table `plan_text`; involved people, ZRM scores and a version's summary get `about_user_id`.

What existed before this revision was written without saying whom it is about. Nobody can tell now, so it is marked
`about_unknown` (the situation and agreements texts move into `plan_text` rows so marked, and the plan's own
columns, which now hold the whole family's part, are emptied). webapp/auth/policy.py shows such a part only to
someone who may see a part about every member of the family, and to the regisseur, until she chooses whom it is
about. Published snapshots are not touched (versions never change): their parts have no "about" key, which the
code reads the same way.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (about column, unknown column)
_ABOUT_COLUMNS = {
    'involved': ('about_user_id', 'about_unknown'),
    'zrm_score': ('about_user_id', 'about_unknown'),
    'plan_version': ('summary_about_user_id', 'summary_about_unknown'),
}


def upgrade() -> None:
    op.create_table('plan_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('about_user_id', sa.Integer(), nullable=True),
    sa.Column('about_unknown', sa.Boolean(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.ForeignKeyConstraint(['about_user_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_text_plan_id'), ['plan_id'], unique=False)

    for table, (about, unknown) in _ABOUT_COLUMNS.items():
        # Existing rows: nobody said whom they are about (server default true); new rows say it (the ORM sets it).
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(about, sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column(unknown, sa.Boolean(), nullable=False, server_default=sa.true()))
            batch_op.create_foreign_key(f'fk_{table}_{about}_user', 'user', [about], ['id'])
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(unknown, server_default=None)

    for kind in ('situation', 'agreements'):
        op.execute(
            f"INSERT INTO plan_text (plan_id, kind, about_user_id, about_unknown, text) "
            f"SELECT id, '{kind}', NULL, {_true()}, {kind} FROM plan WHERE {kind} <> ''"
        )
    op.execute("UPDATE plan SET situation = '', agreements = ''")


def _true() -> str:
    return 'true' if op.get_bind().dialect.name == 'postgresql' else '1'


def downgrade() -> None:
    # The texts of unknown parts go back where they came from; parts about one person are lost with the table.
    for kind in ('situation', 'agreements'):
        op.execute(
            f"UPDATE plan SET {kind} = COALESCE((SELECT t.text FROM plan_text t WHERE t.plan_id = plan.id "
            f"AND t.kind = '{kind}' AND t.about_unknown = {_true()} ORDER BY t.id LIMIT 1), {kind})"
        )
    for table, (about, unknown) in _ABOUT_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_{about}_user', type_='foreignkey')
            batch_op.drop_column(unknown)
            batch_op.drop_column(about)
    with op.batch_alter_table('plan_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_text_plan_id'))
    op.drop_table('plan_text')
