"""Sources polled by ``watch``: conditional-request validators, folder file states, backoff.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.Text, nullable=True),
        sa.Column("files", sa.Text, nullable=True),
        sa.Column("checked", sa.String(32), nullable=True),
        sa.Column("ok", sa.String(32), nullable=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("retry_after", sa.Float, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("added", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sources")
