"""device sync as jobs: one sync per lifter and provider at a time (a claim on the connection), and
the device within a provider that measured a reading

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-05 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_connections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sync_log_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("sync_lease_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("body_metrics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("body_metrics", schema=None) as batch_op:
        batch_op.drop_column("origin")
    with op.batch_alter_table("device_connections", schema=None) as batch_op:
        batch_op.drop_column("sync_lease_until")
        batch_op.drop_column("sync_log_id")
