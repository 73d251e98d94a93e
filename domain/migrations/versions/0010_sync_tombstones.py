"""tombstones: deleted workouts and sets, for delta sync; workouts, sets and body metrics indexed by
(user_id, the time they last changed) for GET /sync

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-12 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tombstones",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tombstones_user_deleted", "tombstones", ["user_id", "deleted_at"])
    op.create_index("ix_sets_user_updated", "sets", ["user_id", "updated_at"])
    op.create_index("ix_workouts_user_updated", "workouts", ["user_id", "updated_at"])
    op.create_index("ix_body_metrics_user_created", "body_metrics", ["user_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_body_metrics_user_created", table_name="body_metrics")
    op.drop_index("ix_workouts_user_updated", table_name="workouts")
    op.drop_index("ix_sets_user_updated", table_name="sets")
    op.drop_index("ix_tombstones_user_deleted", table_name="tombstones")
    op.drop_table("tombstones")
