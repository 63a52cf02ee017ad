"""explain-or-change register and young people's voice

Revision ID: 0002_delivery
Revises: 0001
Create Date: 2026-12-02 15:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_delivery"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disparity_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=20), nullable=False),
        sa.Column("indicator_id", sa.String(length=80), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=False),
        sa.Column("dimension", sa.String(length=30), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("group_label", sa.String(length=120), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=12), nullable=False),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("lower", sa.Float(), nullable=True),
        sa.Column("upper", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("local_action", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disparity_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disparity_entry_status"), ["status"], unique=False)
    op.create_table(
        "disparity_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["disparity_entry.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disparity_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disparity_event_entry_id"), ["entry_id"], unique=False)
    op.create_table(
        "disparity_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.String(length=40), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["disparity_entry.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entry_id", "action_id", name="uq_disparity_action"),
    )
    with op.batch_alter_table("disparity_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disparity_action_entry_id"), ["entry_id"], unique=False)
    op.create_table(
        "voice_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("voice_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voice_item_objective"), ["objective"], unique=False)


def downgrade() -> None:
    for table in ("voice_item", "disparity_action", "disparity_event", "disparity_entry"):
        op.drop_table(table)
