"""Events worth your time: the plan (why, who I'm looking for, my ask, a target range of real
conversations, 5-8 by default), when the after-event review was offered, and the review itself.

Existing events get an empty plan and the default target; nothing else changes.

Revision ID: 0006_event_plans
Revises: 0005_follow_through
Create Date: 2026-11-30 22:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_event_plans"
down_revision = "0005_follow_through"
branch_labels = None
depends_on = None

ANSWERS = ("quality", "new_people", "helped", "good_use")


def upgrade() -> None:
    op.add_column("events", sa.Column("why", sa.Text(), nullable=False, server_default=""))
    op.add_column("events", sa.Column("looking_for", sa.Text(), nullable=False, server_default=""))
    op.add_column("events", sa.Column("ask", sa.Text(), nullable=False, server_default=""))
    op.add_column("events", sa.Column("target_min", sa.Integer(), nullable=False, server_default="5"))
    op.add_column("events", sa.Column("target_max", sa.Integer(), nullable=False, server_default="8"))
    op.add_column("events", sa.Column("review_offered_at", sa.DateTime(), nullable=True))
    answers = []
    for name in ANSWERS:
        answers += [sa.Column(name, sa.String(length=8), nullable=False),
                    sa.Column(f"{name}_line", sa.Text(), nullable=False)]
    op.create_table(
        "event_reviews",
        sa.Column("event_id", sa.Integer(), nullable=False),
        *answers,
        sa.Column("go_again", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_event_reviews_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_event_reviews")),
    )


def downgrade() -> None:
    op.drop_table("event_reviews")
    with op.batch_alter_table("events") as batch_op:
        for name in ("review_offered_at", "target_max", "target_min", "ask", "looking_for", "why"):
            batch_op.drop_column(name)
