"""device sync: connections (encrypted tokens), sync logs, and the provider's record id on body metrics

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 17:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("body_metrics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=120), nullable=True))
        batch_op.create_index(
            "uq_body_metrics_user_source_external",
            ["user_id", "source", "external_id"],
            unique=True,
            sqlite_where=sa.text("external_id IS NOT NULL"),
            postgresql_where=sa.text("external_id IS NOT NULL"),
        )
    op.create_table(
        "device_connections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("external_user_id", sa.String(length=120), nullable=True),
        sa.Column("tokens", sa.Text(), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "provider", name="uq_device_connections_user_provider"),
    )
    with op.batch_alter_table("device_connections", schema=None) as batch_op:
        batch_op.create_index("ix_device_connections_external_user_id", ["external_user_id"], unique=False)
    op.create_table(
        "device_sync_logs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("device_sync_logs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_device_sync_logs_user_provider", ["user_id", "provider", "started_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("device_sync_logs")
    op.drop_table("device_connections")
    with op.batch_alter_table("body_metrics", schema=None) as batch_op:
        batch_op.drop_index("uq_body_metrics_user_source_external")
        batch_op.drop_column("external_id")
