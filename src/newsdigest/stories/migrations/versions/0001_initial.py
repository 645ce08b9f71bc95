"""The first schema: stories, articles, runs.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started", sa.String(32), nullable=False),
        sa.Column("finished", sa.String(32), nullable=True),
        sa.Column("inputs", sa.Text, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("duplicates", sa.Integer, nullable=False),
        sa.Column("dropped", sa.Text, nullable=False),
        sa.Column("stories_touched", sa.Text, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("first_seen", sa.String(32), nullable=False),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.Column("last_date", sa.String(10), nullable=True),
        sa.Column("merged_into", sa.String(64), nullable=True),
        sa.Column("split_from", sa.String(64), nullable=True),
        sa.Column("stale", sa.Boolean, nullable=False),
        sa.Column("digest_json", sa.Text, nullable=True),
        sa.Column("digest_md", sa.Text, nullable=True),
        sa.Column("digest_html", sa.Text, nullable=True),
    )
    op.create_table(
        "articles",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(255), nullable=False, unique=True),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("url_key", sa.String(64), nullable=True, unique=True),
        sa.Column("dateline", sa.Text, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_key", sa.String(64), nullable=False, unique=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("added", sa.String(32), nullable=False),
    )
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_index("ix_stories_last_date", "stories", ["last_date"])


def downgrade() -> None:
    op.drop_table("articles")
    op.drop_table("stories")
    op.drop_table("runs")
