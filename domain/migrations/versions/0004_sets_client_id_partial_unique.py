"""sets: the (user_id, client_id) uniqueness as a partial unique index

Only sets that carry a client_id (an offline client's retries) need it; as a constraint over every
set, each set logged also wrote an index entry for its NULL client_id. The same sets are refused as
before (NULLs never clashed); SQLite's table is rebuilt to drop the constraint.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 13:33:20.747894
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_WITH_CLIENT_ID = {
    "sqlite_where": sa.text("client_id IS NOT NULL"),
    "postgresql_where": sa.text("client_id IS NOT NULL"),
}


def upgrade() -> None:
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_constraint("uq_sets_user_client", type_="unique")
        batch_op.create_index("uq_sets_user_client", ["user_id", "client_id"], unique=True, **_WITH_CLIENT_ID)


def downgrade() -> None:
    with op.batch_alter_table("sets", schema=None) as batch_op:
        batch_op.drop_index("uq_sets_user_client", **_WITH_CLIENT_ID)
        batch_op.create_unique_constraint("uq_sets_user_client", ["user_id", "client_id"])
