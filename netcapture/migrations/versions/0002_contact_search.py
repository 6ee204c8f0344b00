"""Contact search: a folded search_text column, filled for existing contacts, and its index
(SQLite: FTS5 trigram table kept in step by triggers; PostgreSQL: pg_trgm GIN index when available).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 02:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from netcapture.store.search import FTS_TABLE, build_search_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

NAME_COLUMNS = ("full_name", "prefix", "given_name", "middle_name", "family_name", "suffix",
                "company", "department", "title")


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    _fill_search_text()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _create_sqlite_fts()
    elif dialect == "postgresql":
        _create_pg_trigram_index()


def _fill_search_text() -> None:
    bind = op.get_bind()
    emails: dict[int, list[str]] = {}
    for contact_id, address in bind.execute(sa.text("SELECT contact_id, address FROM contact_emails")):
        emails.setdefault(contact_id, []).append(address)
    phones: dict[int, list[str]] = {}
    for contact_id, number, e164 in bind.execute(sa.text("SELECT contact_id, number, e164 FROM contact_phones")):
        phones.setdefault(contact_id, []).extend([number, e164 or ""])
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(NAME_COLUMNS)} FROM contacts")).all()
    updates = [
        {"id": row[0], "s": build_search_text(row[1:], emails.get(row[0], []), phones.get(row[0], []))}
        for row in rows
    ]
    if updates:
        bind.execute(sa.text("UPDATE contacts SET search_text = :s WHERE id = :id"), updates)


def _create_sqlite_fts() -> None:
    bind = op.get_bind()
    try:
        bind.exec_driver_sql("SAVEPOINT fts_probe")
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x, tokenize='trigram')")
        bind.exec_driver_sql("DROP TABLE temp.fts_probe")
        bind.exec_driver_sql("RELEASE fts_probe")
    except sa.exc.OperationalError:
        bind.exec_driver_sql("ROLLBACK TO fts_probe")
        return  # SQLite older than 3.34: search falls back to scanning search_text
    op.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='contacts', "
               f"content_rowid='id', tokenize='trigram')")
    op.execute(f"""CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""")
    op.execute(f"""CREATE TRIGGER contacts_search_ad AFTER DELETE ON contacts BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""")
    op.execute(f"""CREATE TRIGGER contacts_search_au AFTER UPDATE OF search_text ON contacts BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""")
    op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _create_pg_trigram_index() -> None:
    bind = op.get_bind()
    available = bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
    if not available:
        return
    bind.exec_driver_sql("SAVEPOINT trgm")
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        bind.exec_driver_sql("ROLLBACK TO SAVEPOINT trgm")  # not allowed to: search scans instead
        return
    bind.exec_driver_sql("RELEASE SAVEPOINT trgm")
    op.execute("CREATE INDEX ix_contacts_search_text_trgm ON contacts USING gin (search_text gin_trgm_ops)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("contacts_search_ai", "contacts_search_ad", "contacts_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contacts_search_text_trgm")
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_column("search_text")
