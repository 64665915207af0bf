"""audit log: refuse REPLACE, hash chain, no blocking foreign keys (issue 9, finding 5)

- Foreign keys from audit_event to user and family are dropped: the log outlives accounts and dossiers (an
  append-only table can neither block a deletion nor follow it). The person the data is about gets a name snapshot
  (`subject_name`), filled in here for the rows that exist.
- Every row gets `prev_hash` (unique: the chain cannot fork) and `row_hash`; the rows that exist are chained here,
  in id order, with the functions the app uses (webapp/audit/chain.py).
- SQLite: `INSERT OR REPLACE` (and `REPLACE INTO`) deleted the old row without firing the DELETE trigger; a BEFORE
  INSERT trigger now refuses any insert that would meet an existing id or prev_hash.
- PostgreSQL: TRUNCATE is refused by a statement trigger, and UPDATE, DELETE and TRUNCATE are revoked from PUBLIC.
  The application should log in as a role with only SELECT and INSERT on the log (README, "The access log");
  migrations run as the owner.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from webapp.audit.chain import FIELDS, GENESIS, link

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSED = "audit_event is append-only"
# PostgreSQL names unnamed foreign keys <table>_<column>_fkey; SQLite's are unnamed (found by this convention).
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
INTEGERS = ('id', 'object_id', 'family_id', 'subject_id', 'actor_id')
STRINGS = (*(name for name in FIELDS if name not in INTEGERS and name != 'occurred_at'), 'prev_hash', 'row_hash')
FOREIGN_KEYS = (("family_id", "family"), ("subject_id", "user"), ("actor_id", "user"))


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _fk_name(column: str, table: str) -> str:
    return f"audit_event_{column}_fkey" if _postgres() else f"fk_audit_event_{column}_{table}"


def _drop_triggers() -> None:
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_no_truncate()")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    else:
        for name in ("no_update", "no_delete", "no_replace"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_event_{name}")


def _append_only_triggers(refuse_replace: bool) -> None:
    """UPDATE and DELETE refused (as 0002 did); with `refuse_replace` also REPLACE (SQLite) and TRUNCATE (PostgreSQL)."""
    if _postgres():
        op.execute(
            "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSED}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
        if refuse_replace:
            op.execute(
                "CREATE FUNCTION audit_event_no_truncate() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{REFUSED}'; END $$"
            )
            op.execute(
                "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate()"
            )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END"
        )
    if refuse_replace:
        # REPLACE removes the conflicting row without a DELETE trigger (unless recursive_triggers is on): refuse
        # the insert before it gets there. A BEFORE INSERT trigger runs before the conflict is resolved.
        op.execute(
            "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
            "WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id OR prev_hash = NEW.prev_hash) "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )


def _chain_existing_rows() -> None:
    """Name snapshots and hashes for the rows written before this migration (triggers are off meanwhile)."""
    bind = op.get_bind()
    log = sa.table(
        'audit_event',
        sa.column('occurred_at', sqlmodel.sql.sqltypes.UTCDateTime()),
        *(sa.column(name, sa.Integer()) for name in INTEGERS),
        *(sa.column(name, sa.String()) for name in STRINGS),
    )
    user = sa.table('user', sa.column('id', sa.Integer()), sa.column('name', sa.String()))
    names = sa.select(user.c.name).where(user.c.id == log.c.subject_id).scalar_subquery()
    bind.execute(sa.update(log).where(log.c.subject_id.is_not(None)).values(subject_name=sa.func.coalesce(names, '')))
    prev = GENESIS
    for row in bind.execute(sa.select(log).order_by(log.c.id)).mappings().all():
        row_hash = link(prev, row)
        bind.execute(sa.update(log).where(log.c.id == row['id']).values(prev_hash=prev, row_hash=row_hash))
        prev = row_hash


def upgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table('audit_event', schema=None, naming_convention=SQLITE_NAMES) as batch_op:
        for column, table in FOREIGN_KEYS:
            batch_op.drop_constraint(_fk_name(column, table), type_='foreignkey')
        batch_op.add_column(sa.Column('subject_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    _chain_existing_rows()
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('subject_name', server_default=None)
        batch_op.alter_column('prev_hash', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        batch_op.alter_column('row_hash', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_audit_event_prev_hash'), ['prev_hash'], unique=True)
    _append_only_triggers(refuse_replace=True)
    if _postgres():
        # Only the owner may change the log; the application's own role gets SELECT and INSERT (README).
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC")


def downgrade() -> None:
    """Back to 0005's shape. Re-adding the foreign keys fails if the log mentions an account that is gone."""
    _drop_triggers()
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_prev_hash'))
        batch_op.drop_column('row_hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('subject_name')
        for column, table in FOREIGN_KEYS:
            batch_op.create_foreign_key(_fk_name(column, table), table, [column], ['id'])
    _append_only_triggers(refuse_replace=False)
