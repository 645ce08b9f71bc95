"""Alembic environment: migrations run on the connection the store hands over (store.open_store)."""

from alembic import context

from newsdigest.stories.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
