"""The story store's tables (SQLAlchemy Core). Migrations in ``migrations/`` create and change them.

- ``articles``: one row per distinct article (same URL or same text = same article), with its
  cleaned text and provenance (``origin``: file and line, ``run_id``: the ``add`` that stored it).
- ``stories``: one row per story; ``merged_into`` / ``split_from`` keep ids traceable after a merge
  or a split; the digest of the story (summary and analysis) as JSON, Markdown and HTML, made when
  its articles last changed (``stale`` until then; the previous digest is kept meanwhile).
- ``runs``: one row per ``add``: what came in, what was new, what was dropped and why.
- ``sources``: one row per source ``watch`` polls (a feed URL or a folder): the validators of the
  last feed response (ETag, Last-Modified) for conditional requests, the files of a folder seen so
  far (name -> [mtime_ns, size], JSON), and the error count and retry time of its backoff.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("first_seen", sa.String(32), nullable=False),
    sa.Column("updated", sa.String(32), nullable=False),
    # Latest article date (publication time), for "stories since DATE" and for time decay.
    sa.Column("last_date", sa.String(10), nullable=True),
    sa.Column("merged_into", sa.String(64), nullable=True),
    sa.Column("split_from", sa.String(64), nullable=True),
    sa.Column("stale", sa.Boolean, nullable=False, default=True),
    sa.Column("digest_json", sa.Text, nullable=True),
    sa.Column("digest_md", sa.Text, nullable=True),
    sa.Column("digest_html", sa.Text, nullable=True),
    # What the listing shows of the digest (kept while the story is stale, until the next digest):
    # its first summary sentence and how many independent publishers it cites.
    sa.Column("summary_first", sa.Text, nullable=True),
    sa.Column("independent", sa.Integer, nullable=True),
    # When the digest was made (microseconds): caches of rendered digests are keyed on it.
    sa.Column("digest_made", sa.String(32), nullable=True),
    # Its articles and distinct outlets, counted when its articles change (listings read these).
    sa.Column("article_count", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("publishers", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Index("ix_stories_last_date", "last_date"),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(255), nullable=False, unique=True),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=True, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("date", sa.String(10), nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("url_key", sa.String(64), nullable=True, unique=True),
    sa.Column("dateline", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_key", sa.String(64), nullable=False, unique=True),
    sa.Column("origin", sa.Text, nullable=False, default=""),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
    sa.Column("added", sa.String(32), nullable=False),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started", sa.String(32), nullable=False),
    sa.Column("finished", sa.String(32), nullable=True),
    sa.Column("inputs", sa.Text, nullable=False, default="[]"),
    sa.Column("added", sa.Integer, nullable=False, default=0),
    sa.Column("duplicates", sa.Integer, nullable=False, default=0),
    sa.Column("dropped", sa.Text, nullable=False, default="[]"),
    sa.Column("stories_touched", sa.Text, nullable=False, default="[]"),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # The feed URL as given, or the folder's absolute path.
    sa.Column("source", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("files", sa.Text, nullable=True),
    sa.Column("checked", sa.String(32), nullable=True),
    sa.Column("ok", sa.String(32), nullable=True),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    # Epoch seconds before which a failing source is not polled again (exponential backoff).
    sa.Column("retry_after", sa.Float, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("added", sa.Integer, nullable=False, default=0),
)
