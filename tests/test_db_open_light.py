"""An up-to-date database opens without loading alembic (~0.15 s at every start of the app and of
each command): its version table is read with plain SQL and compared with the newest migration
file. Anything else (a new, older, newer or foreign database) still goes through alembic."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from netcapture.errors import DatabaseTooNewError
from netcapture.store.db import Database, head_revision, newest_revision

REPO = Path(__file__).resolve().parents[1]

OPEN_AND_LIST_MODULES = """
import sys
from netcapture.config import Config
from netcapture.store.db import Database
Database.open(Config.load(data_dir=sys.argv[1], env={})).close()
print("alembic" in sys.modules)
"""


def test_the_newest_migration_file_is_alembics_head():
    assert newest_revision() == head_revision()


def test_an_up_to_date_database_opens_without_alembic(empty_config):
    Database.open(empty_config).close()  # created and migrated: alembic works here
    opened = subprocess.run([sys.executable, "-c", OPEN_AND_LIST_MODULES, str(empty_config.data_dir)],
                            capture_output=True, text=True, cwd=REPO, timeout=120, check=True)
    assert opened.stdout.strip() == "False", opened.stderr


def test_an_older_database_is_still_upgraded(empty_config):
    Database.open(empty_config, target_revision="0001").close()
    db = Database.open(empty_config)
    assert db.current_revision() == head_revision()
    db.close()


def test_a_database_from_a_newer_version_is_still_refused(empty_config):
    db = Database.open(empty_config)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    db.close()
    with pytest.raises(DatabaseTooNewError):
        Database.open(empty_config)
