"""Alembic migrations of the contact store, applied by netcapture.store.db when a database opens."""
