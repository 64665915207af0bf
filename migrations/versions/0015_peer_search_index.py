"""peers search: the Dutch stems of each post and the full-text index on them (SQLite FTS5 / PostgreSQL tsvector)

The stems are computed in Python (webapp/peers/search/index.py explains why); the index is the database's own:
SQLite: an FTS5 table with peer_post as its external content, kept in step by triggers; PostgreSQL: a stored
generated tsvector column over the Dutch stems (configuration 'simple': the stems are already Dutch, stemming them
again would make PostgreSQL find what SQLite does not), title weight A, text weight B, with a GIN index.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 13:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE peer_post_fts USING fts5(search_title, search_body, content='peer_post', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER peer_post_fts_insert AFTER INSERT ON peer_post BEGIN "
    "INSERT INTO peer_post_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); "
    "END",
    "CREATE TRIGGER peer_post_fts_delete AFTER DELETE ON peer_post BEGIN "
    "INSERT INTO peer_post_fts(peer_post_fts, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); END",
    "CREATE TRIGGER peer_post_fts_update AFTER UPDATE OF search_title, search_body ON peer_post BEGIN "
    "INSERT INTO peer_post_fts(peer_post_fts, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); "
    "INSERT INTO peer_post_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); "
    "END",
    # The search joins its hits to peer_post for space, status and question: read from this covering index rather
    # than from rows whose long texts push those columns onto overflow pages (halves a 20,000-hit search).
    "CREATE INDEX ix_peer_post_search_filter ON peer_post (id, space, status, kind, question_id, last_activity_at)",
]
POSTGRES_INDEX = [
    "ALTER TABLE peer_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_body), 'B')) STORED",
    "CREATE INDEX ix_peer_post_search_vector ON peer_post USING gin (search_vector)",
]


def upgrade() -> None:
    with op.batch_alter_table('peer_post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_title', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('search_body', sa.Text(), server_default='', nullable=False))
    _fill_stems()
    bind = op.get_bind()
    for statement in SQLITE_INDEX if bind.dialect.name == 'sqlite' else POSTGRES_INDEX:
        op.execute(statement)
    if bind.dialect.name == 'sqlite':
        op.execute("INSERT INTO peer_post_fts(peer_post_fts) VALUES ('rebuild')")


def _fill_stems() -> None:
    """Posts written before this migration get their stems (the same function the app uses on every write)."""
    from webapp.peers.search.index import search_text

    bind = op.get_bind()
    posts = sa.table('peer_post', sa.column('id'), sa.column('title'), sa.column('body'),
                     sa.column('search_title'), sa.column('search_body'))
    for row in bind.execute(sa.select(posts.c.id, posts.c.title, posts.c.body)).all():
        bind.execute(posts.update().where(posts.c.id == row.id).values(
            search_title=search_text(row.title), search_body=search_text(row.body)))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for name in ('peer_post_fts_update', 'peer_post_fts_delete', 'peer_post_fts_insert'):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS peer_post_fts")
        op.execute("DROP INDEX IF EXISTS ix_peer_post_search_filter")
    else:
        op.execute("DROP INDEX IF EXISTS ix_peer_post_search_vector")
        op.execute("ALTER TABLE peer_post DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table('peer_post', schema=None) as batch_op:
        batch_op.drop_column('search_body')
        batch_op.drop_column('search_title')
