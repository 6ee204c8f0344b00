"""Three processes opening a new database at once: the first migration runs once, the others wait
for it (it failed 20 times in 36 with a false "stayed locked for 15 seconds")."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from tests.faults.conftest import REPO, integrity_ok, text

ROUNDS = 2


def _three_at_once(*args: str) -> list[tuple[int, str]]:
    procs = [subprocess.Popen([sys.executable, "-m", "netcapture.cli", *args], cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    return [(p.wait(timeout=180), text(p.communicate()[1])) for p in procs]


def test_three_processes_start_a_new_sqlite_library(tmp_path):
    for round_ in range(ROUNDS):
        data = tmp_path / f"new-{round_}"
        outcomes = _three_at_once("contacts", "--data-dir", str(data))
        assert outcomes == [(0, "")] * 3, outcomes
        assert integrity_ok(data / "netcapture.sqlite3")


@pytest.mark.postgres
def test_three_processes_start_a_new_postgres_database(pg_server, tmp_path):
    from netcapture.config import Config
    from netcapture.store.db import Database, head_revision

    for _round in range(ROUNDS):
        url = pg_server.create_database(f"f_{uuid.uuid4().hex[:12]}")
        outcomes = _three_at_once("contacts", "--database", url, "--data-dir", str(tmp_path / "data"))
        assert outcomes == [(0, "")] * 3, outcomes
        db = Database.open(Config.load(data_dir=tmp_path / "check", database_url=url, env={}), migrate=False)
        assert db.current_revision() == head_revision()
        db.close()
