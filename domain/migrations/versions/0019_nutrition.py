"""nutrition: a lifter's own foods, food logs per meal, saved meals, and daily targets on users

Revision ID: 0019
Revises: 0012
Create Date: 2026-12-14 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0015"
branch_labels = None
depends_on = None


def _owned(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        *columns,
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nutrition_targets", sa.JSON(), nullable=True))
    _owned(
        "custom_foods",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("brand", sa.String(length=100), nullable=True),
        sa.Column("energy_kcal", sa.Float(), nullable=False),
        sa.Column("protein_g", sa.Float(), nullable=False),
        sa.Column("carbs_g", sa.Float(), nullable=False),
        sa.Column("fat_g", sa.Float(), nullable=False),
        sa.Column("fibre_g", sa.Float(), nullable=False),
        sa.Column("portions", sa.JSON(), nullable=False),
    )
    op.create_index("ix_custom_foods_user_created", "custom_foods", ["user_id", "created_at"], unique=False)
    _owned(
        "food_logs",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("meal", sa.String(length=16), nullable=False),
        sa.Column("eaten_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("food_id", sa.String(length=64), nullable=False),
        sa.Column("food_name", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("grams", sa.Float(), nullable=False),
        sa.Column("energy_kcal", sa.Float(), nullable=False),
        sa.Column("protein_g", sa.Float(), nullable=False),
        sa.Column("carbs_g", sa.Float(), nullable=False),
        sa.Column("fat_g", sa.Float(), nullable=False),
        sa.Column("fibre_g", sa.Float(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
    )
    op.create_index("ix_food_logs_user_day", "food_logs", ["user_id", "day"], unique=False)
    op.create_index("ix_food_logs_user_batch", "food_logs", ["user_id", "batch_id"], unique=False)
    _owned(
        "saved_meals",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("meal", sa.String(length=16), nullable=True),
        sa.Column("items", sa.JSON(), nullable=False),
    )
    op.create_index("ix_saved_meals_user_created", "saved_meals", ["user_id", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("saved_meals")
    op.drop_table("food_logs")
    op.drop_table("custom_foods")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("nutrition_targets")
