"""personal_records: every lifter's record history per exercise, filled from the sets already stored;
sets indexed by (user_id, completed_at) for reads of a span of days

The table the write path keeps current from now on (domain/handlers/records.py); for the sets
already there, each lifter's history on each exercise is computed once here the same way
(domain/records.py: history), one lifter and exercise at a time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:00:00.000000
"""

import itertools
import uuid
from datetime import UTC
from typing import Any

import sqlalchemy as sa
from alembic import op

from domain.records import Lift, current, history

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_SETS = sa.table(
    "sets",
    sa.column("id", sa.Uuid()),
    sa.column("workout_id", sa.Uuid()),
    sa.column("user_id", sa.Uuid()),
    sa.column("exercise_id", sa.Uuid()),
    sa.column("completed_at", sa.DateTime(timezone=True)),
    sa.column("position", sa.Integer()),
    sa.column("weight_kg", sa.Float()),
    sa.column("reps", sa.Integer()),
    sa.column("set_type", sa.String()),
)
_WORKOUTS = sa.table("workouts", sa.column("id", sa.Uuid()), sa.column("status", sa.String()))
_BATCH = 5000


def _records_table() -> sa.Table:
    return op.create_table(
        "personal_records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("exercise_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("weight_kg", sa.Float(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Uuid(), nullable=False),
        sa.Column("workout_id", sa.Uuid(), nullable=False),
        sa.Column("achieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_id"], ["sets.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def _lift(row: Any) -> Lift:
    done = row.completed_at if row.completed_at.tzinfo else row.completed_at.replace(tzinfo=UTC)
    return Lift(row.id, row.workout_id, done, row.position, float(row.weight_kg), int(row.reps))


def _fill(table: sa.Table) -> None:
    counted = (
        sa.select(_SETS.c.user_id, _SETS.c.exercise_id, _SETS.c.id, _SETS.c.workout_id, _SETS.c.completed_at)
        .add_columns(_SETS.c.position, _SETS.c.weight_kg, _SETS.c.reps)
        .join(_WORKOUTS, _WORKOUTS.c.id == _SETS.c.workout_id)
        .where(
            _SETS.c.weight_kg > 0,
            _SETS.c.reps >= 1,
            _SETS.c.set_type != "warmup",
            _WORKOUTS.c.status != "cancelled",
        )
        .order_by(_SETS.c.user_id, _SETS.c.exercise_id)
    )
    bind = op.get_bind()
    rows = bind.execute(counted).all()
    pending: list[dict[str, Any]] = []
    for (user_id, exercise_id), group in itertools.groupby(rows, key=lambda r: (r.user_id, r.exercise_id)):
        entries = history(_lift(r) for r in group)
        standing = {id(e) for e in current(entries).values()}
        pending += [
            {
                "id": uuid.uuid4(),
                "user_id": user_id,
                "exercise_id": exercise_id,
                "kind": e.kind,
                "value": e.value,
                "weight_kg": e.weight_kg,
                "reps": e.reps,
                "set_id": e.set_id,
                "workout_id": e.workout_id,
                "achieved_at": e.achieved_at,
                "is_current": id(e) in standing,
            }
            for e in entries
        ]
        if len(pending) >= _BATCH:
            bind.execute(sa.insert(table), pending)
            pending = []
    if pending:
        bind.execute(sa.insert(table), pending)


def upgrade() -> None:
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.create_index("ix_sets_user_done", ["user_id", "completed_at"], unique=False)
    table = _records_table()
    with op.batch_alter_table("personal_records", schema=None) as batch_op:
        batch_op.create_index("ix_personal_records_set_id", ["set_id"], unique=False)
        batch_op.create_index("ix_personal_records_user_current", ["user_id", "is_current"], unique=False)
        batch_op.create_index(
            "ix_personal_records_user_exercise", ["user_id", "exercise_id", "is_current"], unique=False
        )
    _fill(table)


def downgrade() -> None:
    with op.batch_alter_table("personal_records", schema=None) as batch_op:
        batch_op.drop_index("ix_personal_records_user_exercise")
        batch_op.drop_index("ix_personal_records_user_current")
        batch_op.drop_index("ix_personal_records_set_id")
    op.drop_table("personal_records")
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_index("ix_sets_user_done")
