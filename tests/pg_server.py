"""A throw-away PostgreSQL server for tests: initdb + pg_ctl in a temporary folder, on a free port.

initdb refuses to run as root, so when the tests run as root the server runs as the
``postgres`` system user (runuser). ``python -m tests.pg_server write URL DATA_DIR TAG N`` is the
writer process of the concurrency test.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="netcapture-pg-"))
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        self.db_user = "netcapture"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        if self.user:
            shutil.chown(self.root, self.user)
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-U", self.db_user, "--auth=trust", "-E", "UTF8", "--no-sync")
        self._run("pg_ctl", "-D", str(data), "-l", str(self.root / "log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.db_user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.db_user} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def write(url: str, data_dir: str, tag: str, count: int) -> None:
    """One "registration laptop": captures its own cards plus a shared set, adds notes."""
    from netcapture.config import Config
    from netcapture.services import Library
    from tests.store_fakes import card, fake_read, write_card_file

    folder = Path(data_dir) / "incoming"
    with Library.open(Config.load(data_dir=data_dir, database_url=url, env={}), reader=fake_read) as lib:
        for i in range(count):
            own = write_card_file(folder / f"{tag}-{i}.jpg", card(f"{tag} Person {i}", f"{tag} Co",
                                                                  emails=[f"{tag}{i}@example.com"]))
            shared = write_card_file(folder / f"shared-{i}.jpg", card(f"Shared Person {i}", "Shared Co"))
            for path in (own, shared):
                result = lib.scan([path], event="Expo")
                assert result.failed == [], result.failed
            lib.save_note(result.results[0].contact_ids[0], text=f"note from {tag}")  # read here or there


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
