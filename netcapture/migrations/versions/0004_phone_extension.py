"""Phone extensions: "+1 312 555 0101 ext. 204" keeps its "204" next to the number.

Until now an extension was dropped (or left inside the printed number, where exports lost it).
A nullable column: existing phones simply have none.

Revision ID: 0004_phone_extension
Revises: 0003
Create Date: 2026-11-30 22:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_phone_extension"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_phones") as batch_op:
        batch_op.add_column(sa.Column("extension", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_phones") as batch_op:
        batch_op.drop_column("extension")
