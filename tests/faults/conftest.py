"""Fault injection: what the suite shares. Every case runs the real `netcapture` command in a
subprocess (with a timeout: nothing may hang) and checks the message, the exit status and that
nothing was lost."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"  # fictional people only
NOBODY = 65534


def netcapture(*args: str | os.PathLike, timeout: float = 120, env: dict | None = None, user: int | None = None,
               stdin=None) -> subprocess.CompletedProcess:
    """Run the CLI; ``user``: as that uid (root only), to meet permissions root would ignore."""
    command = [sys.executable, "-m", "netcapture.cli", *map(os.fsdecode, args)]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, cwd=REPO, capture_output=True, timeout=timeout, stdin=stdin,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity_ok(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
