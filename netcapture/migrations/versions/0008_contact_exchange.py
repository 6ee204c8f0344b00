"""What a vCard carries that the store did not keep, and CardDAV sync state.

E-mail types (work/home), birthdays, an imported photo, an imported address's parts; and one
row per synced contact: its place on the CardDAV server, its ETag, the card last agreed on,
and whether the user wants it synced (never, once, always).

Revision ID: 0008_contact_exchange
Revises: 0007_postgres_text
Create Date: 2026-11-30 22:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_contact_exchange"
down_revision = "0007_postgres_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_emails") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="work"))
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.add_column(sa.Column("address_parts", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("birthday", sa.String(length=10), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("photo_sha256", sa.String(length=64), nullable=True))
    op.create_table(
        "sync_items",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("policy", sa.String(length=8), nullable=False, server_default="always"),
        sa.Column("href", sa.String(length=1000), nullable=True),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("synced_card", sa.Text(), nullable=False, server_default=""),
        sa.Column("synced_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name="fk_sync_items_contact_id_contacts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", name="pk_sync_items"),
    )


def downgrade() -> None:
    op.drop_table("sync_items")
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_column("photo_sha256")
        batch_op.drop_column("birthday")
        batch_op.drop_column("address_parts")
    with op.batch_alter_table("contact_emails") as batch_op:
        batch_op.drop_column("kind")
