"""Peer questions — Full-text search (SQLite FTS5, PostgreSQL tsvector with the Dutch configuration), similar questions while typing, the identifying-details check."""
