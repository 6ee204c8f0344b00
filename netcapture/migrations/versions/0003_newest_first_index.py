"""Newest-first index on contacts, so a list (and a search) reads its first page without sorting.

Contacts are listed newest first (created_at, id). Without an index SQLite sorted every match,
whole rows and all, before returning the first 100. With it, a search walks contacts newest
first and stops once the page is full. On SQLite the index also carries search_text, so a
fragment too short for the trigram index (one or two letters) is matched, and matches are
counted, from the index alone without reading the wide table rows. PostgreSQL gets the plain
(created_at, id) index: its B-tree entries have a size limit a long search_text could exceed.

The index is created here by dialect (like the FTS5 table of 0002), not declared on the model.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 03:10:00
"""
from __future__ import annotations

from alembic import op

from netcapture.store.search import NEWEST_FIRST_INDEX

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX {NEWEST_FIRST_INDEX} ON contacts (created_at, id, search_text)")
    else:
        op.execute(f"CREATE INDEX {NEWEST_FIRST_INDEX} ON contacts (created_at, id)")


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {NEWEST_FIRST_INDEX}")
