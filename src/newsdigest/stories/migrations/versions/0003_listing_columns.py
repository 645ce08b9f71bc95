"""What the story listing shows, in columns of its own: the digest's first summary sentence and
number of independent publishers, and the story's article and outlet counts (kept when its
articles change). A listing then reads neither digest JSON nor article rows: before, every front
page after a write parsed every story's digest and read every article. Also when the digest was
made (to the microsecond), so a reader's cache of a rendered digest knows when it changed.

Revision ID: 0003
Revises: 0002
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def listing_fields(digest_json: str | None) -> tuple[str | None, int | None]:
    """(first summary sentence, independent publishers) of a digest's JSON; (None, None) if unreadable."""
    try:
        story = json.loads(digest_json) if digest_json else None
        if not isinstance(story, dict):
            return None, None
        summary = story.get("summary") or []
        first = summary[0].get("text") if summary and isinstance(summary[0], dict) else None
        arts = story.get("articles") or []
        independent = len({a.get("source") for a in arts if isinstance(a, dict) and not a.get("duplicate_of")})
        return first, independent or None
    except (ValueError, TypeError, AttributeError):
        return None, None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("summary_first", sa.Text, nullable=True))
        batch.add_column(sa.Column("independent", sa.Integer, nullable=True))
        batch.add_column(sa.Column("digest_made", sa.String(32), nullable=True))
        batch.add_column(sa.Column("article_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("publishers", sa.Integer, nullable=False, server_default="0"))
    # Fill them for digests stored before this revision.
    conn = op.get_bind()
    stories = sa.table("stories", sa.column("id"), sa.column("digest_json"), sa.column("summary_first"),
                       sa.column("independent"))
    rows = conn.execute(sa.select(stories.c.id, stories.c.digest_json).where(stories.c.digest_json.is_not(None))).all()
    for sid, text in rows:
        first, independent = listing_fields(text)
        conn.execute(stories.update().where(stories.c.id == sid).values(summary_first=first, independent=independent))
    articles = sa.table("articles", sa.column("story_id"), sa.column("source"))
    counts = conn.execute(sa.select(articles.c.story_id, sa.func.count(), sa.func.count(sa.distinct(articles.c.source)))
                          .group_by(articles.c.story_id)).all()
    with_counts = sa.table("stories", sa.column("id"), sa.column("article_count"), sa.column("publishers"))
    for sid, n_articles, n_outlets in counts:
        if sid is not None:
            conn.execute(with_counts.update().where(with_counts.c.id == sid)
                         .values(article_count=n_articles, publishers=n_outlets))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("digest_made")
        batch.drop_column("independent")
        batch.drop_column("summary_first")
