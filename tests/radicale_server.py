"""A real Radicale CardDAV server for the sync tests: 127.0.0.1, a free port, a throwaway
htpasswd user, storage in a temporary folder. Skips with a reason when Radicale is missing."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

USER, PASSWORD = "alice", "s3cret-test-only"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RadicaleServer:
    def __init__(self, folder: Path, port: int | None = None):
        pytest.importorskip("radicale", reason="Radicale (a [dev] dependency) is not installed")
        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "users").write_text(f"{USER}:{PASSWORD}\n")

    def start(self) -> RadicaleServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{self.port}",
             "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(self.folder / "users"),
             "--auth-htpasswd-encryption", "plain", "--rights-type", "owner_only",
             "--storage-filesystem-folder", str(self.folder / "collections"), "--logging-level", "error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Radicale did not start: {self.process.stderr.read().decode()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Radicale did not open its port within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def make_address_book(self, name: str) -> str:
        """A new address book of the test user; returns its URL."""
        url = f"{self.url}{USER}/{name}/"
        with httpx.Client(auth=(USER, PASSWORD), timeout=10) as http:
            http.request("PROPFIND", f"{self.url}{USER}/", headers={"Depth": "0"})  # makes the user's home
            body = ('<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">'
                    '<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>'
                    f'<D:displayname>{name}</D:displayname></D:prop></D:set></D:mkcol>')
            response = http.request("MKCOL", url, content=body.encode())
            assert response.status_code == 201, response.text
        return url
