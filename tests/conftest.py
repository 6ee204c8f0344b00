"""Shared fixtures. Store fixtures: a private data directory, a Config, a Library with a fake reader;
one throw-away PostgreSQL server for the whole session (pg_server), a fresh database on it (pg_url)."""
from __future__ import annotations

import os
import shutil
import uuid

import pytest

from netcapture.config import DB_FILENAME, Config
from netcapture.services import Library
from netcapture.store.db import Database
from tests.store_fakes import CountingReader


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory):
    """A freshly migrated empty database, copied for each test (migrating takes ~0.3 s)."""
    template_dir = tmp_path_factory.mktemp("template")
    Database.open(Config.load(data_dir=template_dir, env={})).close()
    return template_dir / DB_FILENAME


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def config(data_dir, migrated_sqlite_template) -> Config:
    cfg = Config.load(data_dir=data_dir, env={}, lock_timeout=1.0)
    cfg.ensure_data_dir()
    shutil.copyfile(migrated_sqlite_template, data_dir / DB_FILENAME)
    os.chmod(data_dir / DB_FILENAME, 0o600)
    return cfg


@pytest.fixture
def empty_config(data_dir) -> Config:
    """A config whose data directory does not exist yet."""
    return Config.load(data_dir=data_dir, env={}, lock_timeout=1.0)


@pytest.fixture
def reader() -> CountingReader:
    return CountingReader()


@pytest.fixture
def library(config, reader):
    with Library.open(config, reader=reader) as lib:
        yield lib


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for every test that needs one (starting one takes seconds)."""
    from tests.pg_server import PostgresServer, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (initdb not found); `make test` installs it")
    server = PostgresServer(bin_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A new, empty database of its own on the session's server."""
    return pg_server.create_database(f"t_{uuid.uuid4().hex[:12]}")
