"""sets: one set per position in a workout

Two requests logging into the same workout at once (two devices, or two server workers) could each
read the same last position and both insert the next one. Sets that already share a position are
numbered again within their workout, in the order they were shown (position, then when they were
logged), and the (workout_id, position) index becomes unique: a log that loses such a race is
refused by the store and tried again (domain/handlers/sets.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 15:58:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_RENUMBER = """
UPDATE sets SET position = numbered.n
FROM (
    SELECT id, row_number() OVER (PARTITION BY workout_id ORDER BY position, created_at, id) AS n
    FROM sets
    WHERE workout_id IN (SELECT workout_id FROM sets GROUP BY workout_id, position HAVING count(*) > 1)
) AS numbered
WHERE sets.id = numbered.id AND sets.position <> numbered.n
"""


def upgrade() -> None:
    op.execute(sa.text(_RENUMBER))
    op.drop_index("ix_sets_workout_position", table_name="sets")
    op.create_index("uq_sets_workout_position", "sets", ["workout_id", "position"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_sets_workout_position", table_name="sets")
    op.create_index("ix_sets_workout_position", "sets", ["workout_id", "position"])
