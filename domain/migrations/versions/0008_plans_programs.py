"""plans and programs: planned sets (targets, rest, a `completed` flag), routine items' notes and
target RPE, programs (routines in days over weeks) and the workouts that train their days, and
exercise favorites

Every set already stored was done: `completed` is true for all of them (its server default).

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-03 16:05:57.030355
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programs_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_programs_one_active",
            ["user_id"],
            unique=True,
            sqlite_where=sa.text("is_active"),
            postgresql_where=sa.text("is_active"),
        )
    op.create_table(
        "exercise_favorites",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("exercise_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "exercise_id"),
    )
    op.create_table(
        "program_days",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("program_id", sa.Uuid(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["routine_id"], ["routines.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("program_id", "week", "day", name="uq_program_days_slot"),
    )
    with op.batch_alter_table("program_days", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_days_program_id"), ["program_id"], unique=False)

    with op.batch_alter_table("routine_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_rpe", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))

    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_reps", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("target_weight", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("target_rpe", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rest_s", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("completed", sa.Boolean(), server_default=sa.true(), nullable=False))

    # SQLite: the table is copied (batch mode; the migration's connection does not enforce foreign
    # keys, so no set goes with the old table), as an ON DELETE on a column added in place is lost.
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_day_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "fk_workouts_program_day_id", "program_days", ["program_day_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.drop_constraint("fk_workouts_program_day_id", type_="foreignkey")
        batch_op.drop_column("program_day_id")

    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_column("completed")
        batch_op.drop_column("rest_s")
        batch_op.drop_column("target_rpe")
        batch_op.drop_column("target_weight")
        batch_op.drop_column("target_reps")

    with op.batch_alter_table("routine_items", schema=None) as batch_op:
        batch_op.drop_column("notes")
        batch_op.drop_column("target_rpe")

    with op.batch_alter_table("program_days", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_days_program_id"))
    op.drop_table("program_days")
    op.drop_table("exercise_favorites")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index("uq_programs_one_active")
        batch_op.drop_index(batch_op.f("ix_programs_user_id"))
    op.drop_table("programs")
