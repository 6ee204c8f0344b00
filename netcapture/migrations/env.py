"""Alembic environment. NetCapture runs migrations itself (see netcapture.store.db.migrate),
passing an open connection in ``config.attributes["connection"]``; there is no alembic.ini."""
from __future__ import annotations

from alembic import context

from netcapture.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("NetCapture migrations run through netcapture.store.db.migrate(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
