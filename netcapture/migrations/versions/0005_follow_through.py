"""Follow-through: a Trash for contacts and events, the stored review queue, starred (quality)
contacts, and follow-ups
that carry their kind (introductions), outcome, event and iCalendar SEQUENCE/LAST-MODIFIED.

Every new column has a server default (or is nullable), so existing rows stay valid: old
follow-ups become plain "follow-up" items at sequence 0; nothing is in the Trash.

Revision ID: 0005_follow_through
Revises: 0004_phone_extension
Create Date: 2026-11-30 22:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_follow_through"
down_revision = "0004_phone_extension"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTERs for contacts (never a table copy on SQLite: its search triggers stay put).
    op.add_column("contacts", sa.Column("deleted_at", sa.DateTime(), nullable=True))
    op.add_column("contacts", sa.Column("review_pending", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("contacts", sa.Column("starred", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index(op.f("ix_contacts_deleted_at"), "contacts", ["deleted_at"], unique=False)
    op.add_column("events", sa.Column("deleted_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="follow-up"))
        batch_op.add_column(sa.Column("intro_status", sa.String(length=16), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("outcome_kind", sa.String(length=32), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_follow_ups_event_id"), ["event_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_follow_ups_event_id_events"), "events", ["event_id"], ["id"],
                                    ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("follow_ups") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_follow_ups_event_id_events"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_follow_ups_event_id"))
        for name in ("updated_at", "sequence", "event_id", "outcome_kind", "intro_status", "kind"):
            batch_op.drop_column(name)
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("deleted_at")
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_deleted_at"))
        batch_op.drop_column("starred")
        batch_op.drop_column("review_pending")
        batch_op.drop_column("deleted_at")
