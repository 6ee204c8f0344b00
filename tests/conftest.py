"""Shared fixtures. Store fixtures: a private data directory, a Config, a Library with a fake reader."""
from __future__ import annotations

import os
import shutil

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
