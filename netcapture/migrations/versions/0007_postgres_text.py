"""PostgreSQL: every length-limited text column becomes TEXT.

A value longer than a VARCHAR limit (a long UID, a long company name in an imported vCard)
made PostgreSQL refuse the row and roll back a whole import. SQLite never enforced the limits,
and from now on String columns are created as TEXT on PostgreSQL anyway (see
netcapture.store.db); this converts databases made before. Nothing changes on SQLite.

Revision ID: 0007_postgres_text
Revises: 0006_event_plans
Create Date: 2026-11-30 22:30:00
"""
from __future__ import annotations

from alembic import op

revision = "0007_postgres_text"
down_revision = "0006_event_plans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    columns = bind.exec_driver_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'character varying' "
        "AND table_name <> 'alembic_version'").all()
    for table, column in columns:
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE TEXT')


def downgrade() -> None:
    pass  # TEXT holds every value the old limits allowed; narrowing could lose data
