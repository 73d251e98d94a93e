"""goals, and a `details` object on body metrics (sleep stages, the diastolic of a blood pressure)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-12 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("body_metrics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
    op.create_table(
        "goals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("exercise_id", sa.Uuid(), nullable=True),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=True),
        sa.Column("weight", sa.Float(), nullable=True),
        sa.Column("direction", sa.String(length=4), nullable=True),
        sa.Column("period", sa.String(length=8), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("achieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index("ix_goals_user_created", ["user_id", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index("ix_goals_user_created")
    op.drop_table("goals")
    with op.batch_alter_table("body_metrics", schema=None) as batch_op:
        batch_op.drop_column("details")
