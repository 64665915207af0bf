"""issue 14: Steuntje in de rug's rows by owner and status in one index each (agenda, home pages)

With one index per column SQLite answered "an accepted match of his household for this appointment's request"
(every agenda), "our family's requests in progress" (the parents' home page), "this meldpunt's new requests and
households" (the coordinator's home page) and "this household's matches" (the steungezin's home page) from the
status index: every row of that status in the database, growing with Steuntje in de rug. These indexes answer them
in a few rows on both engines.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 10:10:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ('respite_match', 'ix_respite_match_request_id_status', ['request_id', 'status']),
    ('respite_match', 'ix_respite_match_household_id_status', ['household_id', 'status']),
    ('respite_request', 'ix_respite_request_family_id_status', ['family_id', 'status']),
    ('respite_request', 'ix_respite_request_meldpunt_id_status', ['meldpunt_id', 'status']),
    ('respite_household', 'ix_respite_household_meldpunt_id_status', ['meldpunt_id', 'status']),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
