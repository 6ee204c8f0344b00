"""Shared fixtures. Store fixtures: a private data directory, a Config, a Library with a fake reader."""
from __future__ import annotations

import pytest

from netcapture.config import Config
from netcapture.services import Library
from tests.store_fakes import CountingReader


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def config(data_dir) -> Config:
    return Config.load(data_dir=data_dir, env={}, lock_timeout=1.0)


@pytest.fixture
def reader() -> CountingReader:
    return CountingReader()


@pytest.fixture
def library(config, reader):
    with Library.open(config, reader=reader) as lib:
        yield lib
